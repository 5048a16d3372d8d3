/**
 * JSON/YAML plan files: the input schema people write by hand (measures may leave lead/support/leaders/due time to
 * their indicator or the plan, ids may be omitted, due times may be dates or relative durations), its normalisation
 * into the canonical Plan of src/domain/plan.ts, its JSON Schema, and plan-id derivation shared with the document
 * parser. The input schema has no transforms so that `z.toJSONSchema` can describe exactly what a file may contain.
 */
import { z } from 'zod';
import {
  EvaluationSchema,
  InstantSchema,
  MeasureIdSchema,
  PlanIdSchema,
  PlanSchema,
  type Indicator,
  type Measure,
  type Plan,
} from '../domain/plan';
import {
  COMPACT_DURATION_RE,
  endOfDay,
  formatShanghai,
  isCalendarDate,
  ISO_DURATION_RE,
  parseDuration,
} from './durations';
import type { ParseError, ParseOptions, ParseResult, ParseWarning } from './parse-types';

const name = z.string().trim().min(1);
/** One name or a list: YAML authors naturally write `lead: 科学技术局` for a single department. */
const nameList = z.union([name, z.array(name)], { error: 'expected a name or a list of names' });

const dateOrInstant = z.union([z.iso.date(), InstantSchema], {
  error: 'expected a date YYYY-MM-DD (end of that day, +08:00) or an instant with offset',
});

const duration = z
  .string()
  .regex(
    new RegExp(`${COMPACT_DURATION_RE.source}|${ISO_DURATION_RE.source}`),
    'expected a duration such as "40s", "12h", "7d", "1h30m" or "PT40S"',
  );

const dueFields = {
  dueAt: dateOrInstant
    .nullable()
    .optional()
    .meta({ description: 'Due date (end of day, +08:00) or instant; null = ongoing (持续推进).' }),
  dueIn: duration.optional().meta({ description: 'Due time relative to the import (demo plans), e.g. "40s".' }),
};

export const MeasureFileSchema = z
  .strictObject({
    id: MeasureIdSchema.optional().meta({ description: 'Derived as <indicator code>.<number> when omitted.' }),
    number: z.int().positive().optional(),
    title: z.string().trim().min(1).optional().meta({ description: 'Defaults to the first sentence of the text.' }),
    text: z.string().trim().min(1).optional().meta({ description: 'Defaults to the title.' }),
    lead: nameList.optional().meta({ description: '牵头部门; inherited from the indicator when omitted.' }),
    support: nameList.optional().meta({ description: '配合部门; inherited from the indicator when omitted.' }),
    leaders: nameList.optional().meta({ description: '责任领导; inherited from the indicator when omitted.' }),
    ...dueFields,
    dueText: z.string().optional(),
  })
  .meta({ description: 'A 整改措施 (measure).' });

export const ProblemFileSchema = z.strictObject({
  number: z.int().positive().optional(),
  title: z.string().trim().min(1).optional(),
  text: z.string().trim().min(1),
});

export const IndicatorFileSchema = z.strictObject({
  code: z
    .union([z.string().regex(/^\d+$/), z.int().positive()], { error: 'expected a number such as 1 or "1"' })
    .optional()
    .meta({ description: 'Defaults to the indicator position (1, 2, …).' }),
  name,
  leaders: nameList.optional(),
  lead: nameList.optional(),
  support: nameList.optional(),
  score: z.number().optional(),
  rank: z.int().positive().optional(),
  gaps: z.strictObject({ frontier: z.number().optional(), average: z.number().optional() }).optional(),
  problems: z.array(ProblemFileSchema).optional(),
  ...dueFields,
  measures: z.array(MeasureFileSchema).min(1, 'an indicator needs at least one 整改措施 (measure)'),
});

export const PlanFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: PlanIdSchema.optional().meta({ description: 'Derived from the file name or the title when omitted.' }),
    title: z.string().trim().min(1),
    issuer: z.string().optional(),
    publishedAt: z.iso.date().optional(),
    defaultDueAt: dateOrInstant
      .nullable()
      .optional()
      .meta({ description: 'Plan-wide deadline: a date (end of day, +08:00) or an instant; null = none.' }),
    dueIn: duration.optional().meta({ description: 'Plan-wide deadline relative to the import, e.g. "40s".' }),
    evaluation: EvaluationSchema.optional(),
    supervisors: nameList.optional().meta({ description: 'The joint supervision group (联合督导组).' }),
    coordinator: z.string().optional(),
    policy: z.unknown().optional().meta({ description: 'Escalation policy, passed through to the policy module.' }),
    indicators: z.array(IndicatorFileSchema).min(1, 'a plan needs at least one indicator'),
  })
  .meta({ title: 'duban plan file', description: 'A rectification plan written as JSON or YAML.' });

export type PlanFile = z.infer<typeof PlanFileSchema>;

/** The plan-file JSON Schema (what a person may write), for editors and `schemas/plan.schema.json`. */
export function planFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PlanFileSchema, { io: 'input', target: 'draft-2020-12' });
}

/** The exact text of `schemas/plan.schema.json` (the export script writes it; a test checks it is current). */
export function planFileJsonSchemaText(): string {
  return `${JSON.stringify(planFileJsonSchema(), null, 2)}\n`;
}

/** FNV-1a (32 bit): a short, stable, dependency-free hash for derived plan ids. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * A stable plan id: the file name's stem as a slug without a trailing "-rectification-plan"/"-plan"
 * ("xinxiang-hitech-2020-rectification-plan.txt" → "xinxiang-hitech-2020"), else `plan-<hash of the title>` so that
 * re-importing the same plan under any name-less channel (HTTP body) lands on the same workflows.
 */
export function derivePlanId(title: string, filename?: string): string {
  const stem = (filename ?? '')
    .split(/[\\/]/)
    .pop()!
    .replace(/\.[A-Za-z0-9]+$/, '');
  const slug = stem
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/-(rectification-)?plan$/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  if (slug !== '' && PlanIdSchema.safeParse(slug).success) return slug;
  return `plan-${shortHash(title.trim())}`;
}

/** Validates `opts.planId` / `opts.deadline`; shared by both importers. */
export function checkOptions(opts: ParseOptions): ParseError[] {
  const errors: ParseError[] = [];
  if (opts.planId !== undefined && !PlanIdSchema.safeParse(opts.planId).success) {
    errors.push({ path: 'id', message: `plan id "${opts.planId}" is not a slug (lower-case letters, digits, "-")` });
  }
  if (opts.deadline !== undefined && !isCalendarDate(opts.deadline)) {
    errors.push({ message: `deadline "${opts.deadline}" is not a date YYYY-MM-DD` });
  }
  return errors;
}

/** Turns zod issues into importer errors whose message starts with the dotted field path. */
export function zodErrors(
  error: z.ZodError,
  locate?: (path: ReadonlyArray<string | number>) => number | undefined,
): ParseError[] {
  const out: ParseError[] = [];
  for (const issue of error.issues) {
    const base = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    // An unknown field's issue sits on its object; name each field itself so the message points at the typo.
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...base, k]) : [base];
    for (const p of paths) {
      const path = p.join('.');
      const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
      out.push({ path, line: locate?.(p), message: `${path || '(plan)'}: ${message}` });
    }
  }
  return out;
}

const list = (v: string | string[] | undefined): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

/** First sentence (up to the first 。, or the first line) — the same rule the document parser uses. */
export function firstSentence(text: string): string {
  const line = text.split('\n')[0] ?? text;
  const cut = line.indexOf('。');
  return (cut >= 0 ? line.slice(0, cut) : line).replace(/[\s,，;；:：、.]+$/u, '').trim() || line.trim();
}

/**
 * Validates a parsed JSON/YAML value against the plan-file schema and normalises it into the canonical Plan:
 * ids and numbers derived, lead/support/leaders/due inherited measure ← indicator ← plan, dates made instants.
 * `locate` maps an error path to a source line (YAML).
 */
export function parsePlanFile(
  data: unknown,
  opts: ParseOptions = {},
  locate?: (path: ReadonlyArray<string | number>) => number | undefined,
): ParseResult {
  const warnings: ParseWarning[] = [];
  const errors: ParseError[] = checkOptions(opts);
  const parsed = PlanFileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, errors: [...errors, ...zodErrors(parsed.error, locate)], warnings };
  const file = parsed.data;
  const now = opts.now ?? new Date();
  const err = (path: Array<string | number>, message: string) =>
    errors.push({ path: path.join('.'), line: locate?.(path), message: `${path.join('.')}: ${message}` });

  // A due time may be given absolutely or relatively, not both: which one wins would be a guess.
  const resolveDue = (
    at: string | null | undefined,
    dueIn: string | undefined,
    path: Array<string | number>,
  ): string | null | undefined => {
    if (at !== undefined && dueIn !== undefined) {
      err([...path, 'dueIn'], 'give either dueAt/defaultDueAt or dueIn, not both');
      return undefined;
    }
    if (dueIn !== undefined) return formatShanghai(now.getTime() + (parseDuration(dueIn) ?? 0));
    if (at === undefined || at === null) return at;
    return isCalendarDate(at) ? endOfDay(at) : at;
  };

  if (opts.planId !== undefined && file.id !== undefined && file.id !== opts.planId) {
    warnings.push({ message: `plan id "${opts.planId}" (given) overrides the file's id "${file.id}"` });
  }
  const id = opts.planId ?? file.id ?? derivePlanId(file.title, opts.filename);
  const fileDefault = resolveDue(file.defaultDueAt, file.dueIn, []);
  const defaultDueAt =
    opts.deadline !== undefined && isCalendarDate(opts.deadline) ? endOfDay(opts.deadline) : (fileDefault ?? null);

  const indicators: Indicator[] = [];
  const seenCodes = new Map<string, number>();
  file.indicators.forEach((ind, i) => {
    const code = String(ind.code ?? i + 1);
    if (seenCodes.has(code)) err(['indicators', i, 'code'], `duplicate indicator code "${code}"`);
    seenCodes.set(code, i);
    const indLead = list(ind.lead) ?? [];
    const indSupport = list(ind.support) ?? [];
    const indLeaders = list(ind.leaders) ?? [];
    const indDue = resolveDue(ind.dueAt, ind.dueIn, ['indicators', i]);
    const seenIds = new Set<string>();
    const measures: Measure[] = ind.measures.map((m, j) => {
      const path = ['indicators', i, 'measures', j];
      const fromId = m.id?.split('.');
      if (m.id !== undefined && fromId?.[0] !== code) {
        err([...path, 'id'], `measure id "${m.id}" does not belong to indicator "${code}" (expected "${code}.<n>")`);
      }
      const number = m.number ?? (fromId?.[1] !== undefined ? Number(fromId[1]) : j + 1);
      if (m.id !== undefined && m.number !== undefined && Number(fromId?.[1]) !== m.number) {
        err([...path, 'number'], `number ${m.number} contradicts id "${m.id}"`);
      }
      const measureId = m.id ?? `${code}.${number}`;
      if (seenIds.has(measureId)) err([...path, 'id'], `duplicate measure id "${measureId}"`);
      seenIds.add(measureId);
      const lead = list(m.lead) ?? indLead;
      if (lead.length === 0) {
        err(
          [...path, 'lead'],
          'a measure needs at least one 牵头部门 (lead department): neither the measure nor its indicator names one',
        );
      }
      const text = (m.text ?? m.title ?? '').trim();
      const ownDue = resolveDue(m.dueAt, m.dueIn, path);
      const measure: Measure = {
        id: measureId,
        indicator: code,
        number,
        title: m.title ?? firstSentence(text),
        text,
        lead,
        support: list(m.support) ?? indSupport,
        leaders: list(m.leaders) ?? indLeaders,
        dueAt: ownDue !== undefined ? ownDue : indDue !== undefined ? indDue : defaultDueAt,
      };
      if (m.dueText !== undefined) measure.dueText = m.dueText;
      return measure;
    });
    const indicator: Indicator = {
      code,
      name: ind.name,
      leaders: indLeaders,
      lead: indLead,
      support: indSupport,
      problems: (ind.problems ?? []).map((p, k) => ({
        number: p.number ?? k + 1,
        title: p.title ?? firstSentence(p.text),
        text: p.text,
      })),
      measures,
    };
    if (ind.score !== undefined) indicator.score = ind.score;
    if (ind.rank !== undefined) indicator.rank = ind.rank;
    if (ind.gaps !== undefined) indicator.gaps = ind.gaps;
    indicators.push(indicator);
  });
  if (errors.length > 0) return { ok: false, errors, warnings };

  const plan: Plan = {
    id,
    title: file.title,
    defaultDueAt,
    supervisors: list(file.supervisors) ?? [],
    indicators,
  };
  if (file.issuer !== undefined) plan.issuer = file.issuer;
  if (file.publishedAt !== undefined) plan.publishedAt = file.publishedAt;
  if (file.evaluation !== undefined) plan.evaluation = file.evaluation;
  if (file.coordinator !== undefined) plan.coordinator = file.coordinator;
  const checked = PlanSchema.safeParse(plan);
  if (!checked.success) return { ok: false, errors: zodErrors(checked.error), warnings };
  const result: ParseResult = { ok: true, plan: checked.data, warnings };
  if (file.policy !== undefined) result.policy = file.policy;
  return result;
}

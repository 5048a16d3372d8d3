/**
 * The review of a plan document: the plan as far as the document parser could read it, and every doubt — each
 * error a strict import would refuse over and each warning — with its source line, an excerpt of that line and the
 * measure it is about. `duban import --review` writes it as an editable plan file (review-file.ts); `POST
 * /api/plans?dryRun=1` answers with it, for a web page to show. Pure, and it never starts anything: the strict
 * import (parse.ts) stays all-or-nothing.
 */
import { z } from 'zod';
import { IndicatorSchema, MeasureSchema, PlanSchema, type Plan } from '../domain/plan';
import { checkText } from './doc-checks';
import { readDocument } from './parse-document';
import { detectFormat } from './parse';
import type { ParseError, ParseOptions, ParseWarning } from './parse-types';
import { checkOptions, zodErrors } from './plan-file';

/** One thing the parser could not read, or read with a doubt. */
export const DoubtSchema = z.strictObject({
  measureId: z.string().optional().describe('the measure it is about, when it is about one'),
  line: z
    .int()
    .positive()
    .optional()
    .describe('1-based line of the source text (of a .docx/.xlsx: of the text read out of it)'),
  message: z.string(),
  excerpt: z.string().optional().describe('that line as written, shortened'),
  severity: z
    .enum(['error', 'warning'])
    .describe('error: a strict import refuses the plan until it is settled (e.g. a measure without a lead)'),
});
export type Doubt = z.infer<typeof DoubtSchema>;

/**
 * The plan as far as read: the canonical Plan, except that a measure may have no lead yet (`lead: []`, to fill in)
 * and the title may be empty. Everything else holds, so a filled-in review imports as a plan.
 */
export const DraftPlanSchema = PlanSchema.extend({
  title: z.string(),
  indicators: z
    .array(
      IndicatorSchema.extend({
        measures: z.array(MeasureSchema.extend({ lead: z.array(z.string().min(1)) })).min(1),
      }),
    )
    .min(1),
});

export const ReviewSchema = z.strictObject({
  plan: DraftPlanSchema,
  doubts: z.array(DoubtSchema),
});
export type Review = z.infer<typeof ReviewSchema>;

export type ReviewResult = ({ ok: true } & Review) | { ok: false; errors: ParseError[]; warnings: ParseWarning[] };

const EXCERPT_LENGTH = 60;
/** The doubt for a measure without a lead: its `lead: []` is what to fill in. */
export const NO_LEAD = 'no 牵头部门 (lead department) found: neither the measure nor its indicator names one';

/**
 * Reviews a plan document. Refused (ok: false) only when there is nothing to review: unreadable text, bad options,
 * a plan file (JSON/YAML is already editable), or a document without any measure.
 */
export function reviewPlanSource(text: string, opts: ParseOptions = {}): ReviewResult {
  const fatal = checkText(text);
  if (fatal) return { ok: false, errors: [fatal], warnings: [] };
  const body = text.replace(/^\uFEFF/, '');
  if (detectFormat(body, opts.filename) !== 'document') {
    const message = 'this is already a plan file (JSON/YAML): edit it directly; a review is made of a plan document';
    return { ok: false, errors: [{ message }], warnings: [] };
  }
  const optionErrors = checkOptions(opts);
  if (optionErrors.length > 0) return { ok: false, errors: optionErrors, warnings: [] };
  const read = readDocument(body, opts, true);
  if (!read.plan) return { ok: false, errors: read.errors, warnings: read.warnings };
  const checked = DraftPlanSchema.safeParse(read.plan);
  if (!checked.success) return { ok: false, errors: zodErrors(checked.error), warnings: read.warnings };

  const source = body.split(/\r\n|\n|\r/);
  const doubt = (issue: ParseError, severity: Doubt['severity']): Doubt => {
    const out: Doubt = { message: issue.path?.endsWith('.lead') ? NO_LEAD : issue.message, severity };
    const measureId = issue.line === undefined ? undefined : read.lineOwners.get(issue.line);
    if (measureId !== undefined) out.measureId = measureId;
    if (issue.line !== undefined) {
      out.line = issue.line;
      const excerpt = excerptOf(source[issue.line - 1] ?? '');
      if (excerpt !== '') out.excerpt = excerpt;
    }
    return out;
  };
  const doubts = [...read.errors.map((e) => doubt(e, 'error')), ...read.warnings.map((w) => doubt(w, 'warning'))];
  // Plan-wide doubts (no line) first, then in document order; errors before warnings on one line.
  doubts.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { ok: true, plan: checked.data, doubts };
}

function excerptOf(line: string): string {
  const text = line.trim().replace(/\s+/g, ' ');
  return [...text].length > EXCERPT_LENGTH ? `${[...text].slice(0, EXCERPT_LENGTH).join('')}…` : text;
}

/** The measures of a draft that still need a lead. */
export function measuresWithoutLead(plan: Plan): string[] {
  return plan.indicators.flatMap((i) => i.measures.filter((m) => m.lead.length === 0).map((m) => m.id));
}

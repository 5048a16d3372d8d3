/**
 * Import = parse + validate everything (plan and escalation policy) + start. Shared by the CLI, `duban dev` and
 * `POST /api/plans`, so all three refuse the same inputs the same way: any error → nothing started. A plan that
 * exists already is compared with its record first (amend.ts): no difference → the same start as before (it
 * starts only what an interrupted import left out); a difference → shown, and applied only with `apply`.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Actor } from '../domain/events';
import type { Plan } from '../domain/plan';
import { PolicyError, resolvePolicy, type CalendarExtras, type EscalationPolicy } from '../domain/policy';
import { diffPlans, isEmptyDiff, measureFacts, policyCalendar, shanghaiDate, type PlanSource } from '../measure';
import { MeasureService } from '../service/measures';
import { PlanService } from '../service/plans';
import { applyAmendment, baseline, planHeader, previewAmendment, type AmendmentReport, type Baseline } from './amend';
import { parsePlanSource, type ParseError, type ParseOptions, type ParseWarning } from './parse';
import { startPlan, type StartReport } from './start';

export type ImportOutcome =
  | { ok: false; errors: ParseError[]; warnings: ParseWarning[] }
  | {
      ok: true;
      plan: Plan;
      policy: EscalationPolicy;
      warnings: ParseWarning[];
      report?: StartReport;
      /** For a plan that exists already: the difference, and (with `apply`) what applying it did. */
      amendment?: AmendmentReport;
    };

export interface PrepareOptions extends ParseOptions {
  /** The deployment's extra calendar days (DUBAN_CALENDAR_FILE), merged under the plan's `policy.calendar`. */
  calendar?: CalendarExtras;
}

export interface ImportOptions extends PrepareOptions {
  dryRun?: boolean;
  /** Apply the difference to a plan that exists already (without it, the difference is only shown). */
  apply?: boolean;
  /** Who imports (recorded with each revision, and the actor of the amendments): the coordinator by default. */
  actor?: Actor;
  taskQueue: string;
  onProgress?: (done: number, total: number) => void;
}

/** The source as the record keeps it: its name, the sha256 of its text and its length — not the text itself. */
export function sourceOf(text: string, fileName?: string): PlanSource {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  return { ...(fileName ? { fileName } : {}), sha256, chars: text.length };
}

/** Parses and validates without touching Temporal (dry run, and the first half of every import). */
export function preparePlan(text: string, opts: PrepareOptions): ImportOutcome {
  const parsed = parsePlanSource(text, opts);
  if (!parsed.ok) return parsed;
  try {
    const policy = resolvePolicy(parsed.policy, opts.calendar);
    return {
      ok: true,
      plan: parsed.plan,
      policy,
      warnings: [...parsed.warnings, ...calendarWarnings(parsed.plan, policy)],
    };
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    const errors = err.issues.map((i) => ({
      path: i.path ? `policy.${i.path}` : 'policy',
      message: `policy.${i.path}: ${i.message}`,
    }));
    return { ok: false, errors, warnings: parsed.warnings };
  }
}

/**
 * One warning per import when a working-day policy meets deadlines in years the holiday data does not cover yet:
 * those count weekends only (plus extra days) until a newer data release or a calendar file covers them.
 */
export function calendarWarnings(plan: Plan, policy: EscalationPolicy): ParseWarning[] {
  if (!policy.workdays) return [];
  const calendar = policyCalendar(policy);
  const years = new Set<number>();
  for (const indicator of plan.indicators) {
    for (const m of indicator.measures) {
      if (!m.dueAt) continue;
      const date = shanghaiDate(Date.parse(m.dueAt));
      if (!calendar.covers(date)) years.add(Number(date.slice(0, 4)));
    }
  }
  if (!years.size) return [];
  const list = [...years].sort().join(', ');
  return [
    {
      message:
        `no PRC holiday data for ${list} yet (the data covers ${calendar.years[0]}–${calendar.years.at(-1)}): ` +
        'working days there count weekends only; add that year’s days in policy.calendar or DUBAN_CALENDAR_FILE',
    },
  ];
}

export async function importPlan(
  client: Client | undefined,
  text: string,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  const prepared = preparePlan(text, opts);
  if (!prepared.ok || opts.dryRun) return prepared;
  if (!client) throw new Error('importPlan needs a Temporal client unless dryRun is set');
  const ctx = {
    client,
    measures: new MeasureService(client),
    plans: new PlanService(client),
    taskQueue: opts.taskQueue,
  };
  const { plan, policy } = prepared;
  const actor = opts.actor ?? 'coordinator';
  const source = sourceOf(text, opts.filename);
  const base = await baseline(ctx, plan.id);
  const diff = diffPlans(base.measures, measureFacts(plan));
  if (base.exists && !isEmptyDiff(diff)) {
    const amendment = opts.apply
      ? await applyAmendment(ctx, base, prepared, { actor, source })
      : previewAmendment(base, plan);
    return { ...prepared, amendment };
  }
  // A new plan, or one the document does not change: its record first, so an import cut off part-way is the
  // same plan when it is run again, which then starts the rest.
  if (!base.record) await ctx.plans.create(firstRevision(base, prepared, actor, source), opts.taskQueue);
  const report = await startPlan(client, plan, policy, {
    taskQueue: opts.taskQueue,
    onProgress: opts.onProgress,
    now: opts.now,
  });
  return { ...prepared, report, ...(base.exists ? { amendment: previewAmendment(base, plan) } : {}) };
}

/** Differences against a plan that exists (for a dry run that may reach Temporal); undefined for a new plan. */
export async function previewImport(client: Client, plan: Plan): Promise<AmendmentReport | undefined> {
  const base = await baseline({ measures: new MeasureService(client), plans: new PlanService(client) }, plan.id);
  return base.exists ? previewAmendment(base, plan) : undefined;
}

function firstRevision(
  base: Baseline,
  prepared: { plan: Plan; policy: EscalationPolicy },
  by: Actor,
  source: PlanSource,
) {
  const measures = measureFacts(prepared.plan);
  return {
    baseRevision: 0,
    by,
    header: planHeader(prepared.plan, prepared.policy),
    source,
    measures,
    diff: diffPlans(base.measures.length ? base.measures : measures, measures),
  };
}

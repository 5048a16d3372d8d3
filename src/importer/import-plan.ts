/**
 * Import = parse + validate everything (plan and escalation policy) + start. Shared by the CLI, `duban dev` and
 * `POST /api/plans`, so all three refuse the same inputs the same way: any error → nothing started.
 */
import type { Client } from '@temporalio/client';
import type { Plan } from '../domain/plan';
import { PolicyError, resolvePolicy, type CalendarExtras, type EscalationPolicy } from '../domain/policy';
import { policyCalendar, shanghaiDate } from '../measure';
import { parsePlanSource, type ParseError, type ParseOptions, type ParseWarning } from './parse';
import { startPlan, type StartReport } from './start';

export type ImportOutcome =
  | { ok: false; errors: ParseError[]; warnings: ParseWarning[] }
  | { ok: true; plan: Plan; policy: EscalationPolicy; warnings: ParseWarning[]; report?: StartReport };

export interface PrepareOptions extends ParseOptions {
  /** The deployment's extra calendar days (DUBAN_CALENDAR_FILE), merged under the plan's `policy.calendar`. */
  calendar?: CalendarExtras;
}

export interface ImportOptions extends PrepareOptions {
  dryRun?: boolean;
  taskQueue: string;
  onProgress?: (done: number, total: number) => void;
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
  const report = await startPlan(client, prepared.plan, prepared.policy, {
    taskQueue: opts.taskQueue,
    onProgress: opts.onProgress,
    now: opts.now,
  });
  return { ...prepared, report };
}

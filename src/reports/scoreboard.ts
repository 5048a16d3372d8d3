/**
 * The department scoreboard (部门考核): for each 牵头部门, its measures by state and traffic light, what is overdue
 * and what reached the supervision group. Pure: a function of the visibility listing, shared by CLI and API (the
 * plan summary uses the same tally).
 */
import { LightSchema, type Light } from '../domain/events';
import type { MeasureState } from '../measure';
import type { MeasureSummary } from '../service/measures';

/** Counts over a set of measures (a plan, or one department's): the same rules for every report. */
export interface MeasureTally {
  total: number;
  byState: Record<MeasureState, number>;
  /** Open (not yet submitted; 缓办 ones grey) measures by light: the only ones whose light still means something. */
  open: Record<Light, number>;
  /** Verified or closed (验收/销号). */
  done: number;
  /** Submitted (or beyond) after the due time: 逾期完成. */
  late: number;
  /** Reached the supervision group (DubanEscalation ≥ 2). */
  escalated: number;
  /** done / total, 0..1. */
  completion: number;
}

export interface DepartmentScore extends MeasureTally {
  department: string;
}

const OPEN: ReadonlySet<string> = new Set(['assigned', 'in_progress', 'paused']);

export function tallyMeasures(measures: readonly MeasureSummary[]): MeasureTally {
  const t: MeasureTally = {
    total: measures.length,
    byState: { assigned: 0, in_progress: 0, paused: 0, submitted: 0, verified: 0, closed: 0, cancelled: 0 },
    open: { green: 0, yellow: 0, orange: 0, red: 0, grey: 0 },
    done: 0,
    late: 0,
    escalated: 0,
    completion: 0,
  };
  for (const m of measures) {
    // The importer sets DubanState at start; a row without it is a measure that has just been assigned.
    const state = m.state ?? 'assigned';
    t.byState[state]++;
    const light = LightSchema.safeParse(m.light);
    if (OPEN.has(state) && light.success) t.open[light.data]++;
    if (state === 'verified' || state === 'closed') t.done++;
    if (m.late) t.late++;
    if ((m.escalation ?? 0) >= 2) t.escalated++;
  }
  t.completion = t.total ? t.done / t.total : 0;
  return t;
}

export function departmentScoreboard(measures: readonly MeasureSummary[]): DepartmentScore[] {
  const byDepartment = new Map<string, MeasureSummary[]>();
  for (const m of measures) {
    for (const department of m.lead) byDepartment.set(department, [...(byDepartment.get(department) ?? []), m]);
  }
  const list = [...byDepartment].map(([department, rows]) => ({ department, ...tallyMeasures(rows) }));
  // Most overdue first: that is who the supervision group calls today.
  return list.sort(
    (a, b) => b.open.red - a.open.red || b.escalated - a.escalated || a.department.localeCompare(b.department, 'zh'),
  );
}

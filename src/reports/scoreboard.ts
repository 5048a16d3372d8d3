/**
 * The department scoreboard (部门考核): for each 牵头部门, its measures by state and traffic light, what is overdue
 * and what reached the supervision group. Pure: a function of the visibility listing, shared by CLI and API.
 */
import type { MeasureState } from '../../workflows/measure.machine';
import type { MeasureSummary } from '../service/measures';

export interface DepartmentScore {
  department: string;
  total: number;
  byState: Record<MeasureState, number>;
  /** Open (not yet submitted) measures by light. */
  open: { green: number; yellow: number; red: number };
  /** Verified or closed (验收/销号). */
  done: number;
  /** Submitted (or beyond) after the due time: 逾期完成. */
  late: number;
  /** Reached the supervision group (DubanEscalation ≥ 2). */
  escalated: number;
  /** done / total, 0..1. */
  completion: number;
}

const OPEN: ReadonlySet<string> = new Set(['assigned', 'in_progress']);

export function departmentScoreboard(measures: readonly MeasureSummary[]): DepartmentScore[] {
  const scores = new Map<string, DepartmentScore>();
  for (const m of measures) {
    for (const department of m.lead) {
      let s = scores.get(department);
      if (!s) {
        s = {
          department,
          total: 0,
          byState: { assigned: 0, in_progress: 0, submitted: 0, verified: 0, closed: 0, cancelled: 0 },
          open: { green: 0, yellow: 0, red: 0 },
          done: 0,
          late: 0,
          escalated: 0,
          completion: 0,
        };
        scores.set(department, s);
      }
      s.total++;
      if (m.state) s.byState[m.state]++;
      if (m.state && OPEN.has(m.state) && (m.light === 'green' || m.light === 'yellow' || m.light === 'red'))
        s.open[m.light]++;
      if (m.state === 'verified' || m.state === 'closed') s.done++;
      if (m.late) s.late++;
      if ((m.escalation ?? 0) >= 2) s.escalated++;
    }
  }
  const list = [...scores.values()];
  for (const s of list) s.completion = s.total ? s.done / s.total : 0;
  // Most overdue first: that is who the supervision group calls today.
  return list.sort(
    (a, b) => b.open.red - a.open.red || b.escalated - a.escalated || a.department.localeCompare(b.department, 'zh'),
  );
}

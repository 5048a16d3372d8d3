/**
 * The scoreboard (考核统计): per 牵头部门, indicator or 责任领导, the measures by state and light, timeliness (按时率,
 * 逾期完成, 逾期未完成 and the longest overdue in working days), rejections, the 质量评定 grades, and the score and
 * rank of score.ts. Pure: a function of the visibility listing alone (search attributes, one listing however many
 * measures), shared by CLI, API and workbench (the plan summary uses the same tally).
 */
import { LightSchema, type Light } from '../domain/events';
import type { CalendarExtras } from '../domain/policy';
import {
  isGrade,
  shanghaiDate,
  workCalendar,
  type MeasureState,
  type QualityGrade,
  type WorkCalendar,
} from '../measure';
import type { MeasureSummary } from '../service/measures';
import { appraisalScore, emptyGrades, ranked, type Score } from './score';

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

const OPEN: ReadonlySet<string> = new Set(['assigned', 'in_progress', 'paused']);
/** Work whose deadline runs: a paused (缓办) measure's clock is stopped, so it is never 逾期未完成 while paused. */
const RUNNING: ReadonlySet<string> = new Set(['assigned', 'in_progress']);
const HANDED_IN: ReadonlySet<string> = new Set(['submitted', 'verified', 'closed']);

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

/** Timeliness, rejections and grades over a set of measures (cancelled ones do not count). */
export interface AppraisalTally {
  /** All but the cancelled (已撤销). */
  assessed: number;
  /** Submitted, verified or closed. */
  handedIn: number;
  /** Handed in by the due time. */
  onTime: number;
  /** onTime / (handed in + 逾期未完成), 0..1; null while nothing is due or handed in. */
  onTimeRate: number | null;
  /** Open past the due time (逾期未完成). */
  overdueOpen: number;
  /** The longest 逾期未完成 so far, in working days (0 when none). */
  longestOverdueWorkdays: number;
  /** Times sent back (REJECT, FAIL_QUALITY): DubanRejections. */
  rejections: number;
  /** Measures by their last grade (DubanGrade). */
  grades: Record<QualityGrade, number>;
}

/** One row of the scoreboard: a department, an indicator or a leader, with its score and rank (名次). */
export interface ScoreRow extends MeasureTally, AppraisalTally, Score {
  /** The department, the indicator code or the leader. */
  name: string;
  /** The indicator's plan (indicator rows only: codes repeat across plans). */
  planId?: string;
  rank: number | null;
}

export interface DepartmentScore extends ScoreRow {
  department: string;
}

export type ScoreboardBy = 'department' | 'indicator' | 'leader';
export const SCOREBOARD_BY: readonly ScoreboardBy[] = ['department', 'indicator', 'leader'];

export interface ScoreboardOptions {
  now: Date;
  /** Counts the longest overdue in working days (the deployment's calendar). */
  calendar: WorkCalendar;
}

/** A scoreboard as of now, on the bundled holiday data plus a deployment's extra days (DUBAN_CALENDAR_FILE). */
export function scoreboardNow(extras?: CalendarExtras): ScoreboardOptions {
  return { now: new Date(), calendar: workCalendar(extras) };
}

interface Group {
  key: string;
  name: string;
  planId?: string;
}

/** Which rows a measure counts in: each lead department, each leader (one measure counts for each), its indicator. */
const GROUPS: Record<ScoreboardBy, (m: MeasureSummary) => Group[]> = {
  department: (m) => m.lead.map((name) => ({ key: name, name })),
  leader: (m) => m.leaders.map((name) => ({ key: name, name })),
  indicator: (m) => {
    const code = m.indicator ?? '?';
    return [{ key: `${m.planId}\u0000${code}`, name: code, planId: m.planId }];
  },
};

export function appraisalTally(measures: readonly MeasureSummary[], opts: ScoreboardOptions): AppraisalTally {
  const now = opts.now.getTime();
  const today = shanghaiDate(now);
  const t: AppraisalTally = {
    assessed: 0,
    handedIn: 0,
    onTime: 0,
    onTimeRate: null,
    overdueOpen: 0,
    longestOverdueWorkdays: 0,
    rejections: 0,
    grades: emptyGrades(),
  };
  for (const m of measures) {
    const state = m.state ?? 'assigned';
    if (state === 'cancelled') continue;
    t.assessed++;
    t.rejections += m.rejections ?? 0;
    if (isGrade(m.grade)) t.grades[m.grade]++;
    if (HANDED_IN.has(state)) {
      t.handedIn++;
      if (!m.late) t.onTime++;
    } else if (RUNNING.has(state) && m.dueAt && Date.parse(m.dueAt) <= now) {
      t.overdueOpen++;
      const days = opts.calendar.workdaysBetween(shanghaiDate(Date.parse(m.dueAt)), today);
      t.longestOverdueWorkdays = Math.max(t.longestOverdueWorkdays, days);
    }
  }
  const judged = t.handedIn + t.overdueOpen;
  t.onTimeRate = judged ? t.onTime / judged : null;
  return t;
}

/** The scoreboard by department, indicator or leader, ranked by score (ties share a rank). */
export function scoreboard(measures: readonly MeasureSummary[], by: ScoreboardBy, opts: ScoreboardOptions): ScoreRow[] {
  const groups = new Map<string, { group: Group; rows: MeasureSummary[] }>();
  for (const m of measures) {
    for (const group of GROUPS[by](m)) {
      const entry = groups.get(group.key);
      if (entry) entry.rows.push(m);
      else groups.set(group.key, { group, rows: [m] });
    }
  }
  const rows = [...groups.values()].map(({ group, rows }) => {
    const tally = tallyMeasures(rows);
    const appraisal = appraisalTally(rows, opts);
    const score = appraisalScore({
      ...appraisal,
      done: tally.done,
      judged: appraisal.handedIn + appraisal.overdueOpen,
    });
    return {
      name: group.name,
      ...(group.planId !== undefined ? { planId: group.planId } : {}),
      ...tally,
      ...appraisal,
      ...score,
    };
  });
  return ranked(rows, (r) => (r.planId ? `${r.planId}/${r.name}` : r.name));
}

/** The department scoreboard (部门考核), ranked; each row also names its `department`. */
export function departmentScoreboard(measures: readonly MeasureSummary[], opts: ScoreboardOptions): DepartmentScore[] {
  return scoreboard(measures, 'department', opts).map((row) => ({ department: row.name, ...row }));
}

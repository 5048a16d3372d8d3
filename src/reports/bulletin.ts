/**
 * The 督办通报 (bulletin) as a model: what a supervision office publishes about a plan for a period — its title
 * (关于…整改工作进展情况的通报), the overall progress, the departments ranked by score, the units with work overdue
 * (逾期未完成) or handed in late (逾期完成) and which measures, the measures sent back in the period, and the units
 * praised (表扬) and criticised (批评). Pure: measure views and timelines in, the model out; bulletin-docx.ts writes
 * the Word document, bulletin-download.ts gathers the data.
 */
import { beijingWallClock, SHANGHAI_OFFSET } from '../domain/beijing-time';
import {
  shanghaiDate,
  type CalendarDate,
  type MeasureView,
  type QualityGrade,
  type TimelineEntry,
  type WorkCalendar,
} from '../measure';
import type { MeasureSummary } from '../service/measures';
import { appraisalTally, departmentScoreboard, tallyMeasures, type DepartmentScore } from './scoreboard';

export interface BulletinInput {
  planId: string;
  planTitle: string;
  /** Beijing calendar dates, both included. */
  since: CalendarDate;
  until: CalendarDate;
  generatedAt: Date;
  views: readonly MeasureView[];
  /** The timelines of the measures sent back at least once, by workflow id (the rejections in the period). */
  timelines: Readonly<Record<string, readonly TimelineEntry[]>>;
  calendar: WorkCalendar;
}

export interface MeasureLine {
  measureId: string;
  title: string;
  dueDate: string;
}

export interface BulletinModel {
  title: string;
  planTitle: string;
  since: CalendarDate;
  until: CalendarDate;
  /** The day the figures were taken (they are the measures' state then). */
  asOf: CalendarDate;
  overall: {
    total: number;
    assessed: number;
    closed: number;
    verified: number;
    submitted: number;
    inProgress: number;
    assigned: number;
    /** 缓办中. */
    paused: number;
    cancelled: number;
    /** done / assessed, 0..1. */
    completionRate: number;
    onTimeRate: number | null;
    overdueOpen: number;
    late: number;
    /** Verified in the period. */
    verifiedInPeriod: number;
    /** REJECT and FAIL_QUALITY in the period. */
    rejectedInPeriod: number;
  };
  departments: DepartmentScore[];
  /** 逾期未完成, per lead unit (most first). */
  overdue: Array<{ unit: string; measures: Array<MeasureLine & { overdueWorkdays: number }> }>;
  /** 逾期完成, per lead unit (most first). */
  late: Array<{ unit: string; measures: Array<MeasureLine & { submittedDate: string; lateWorkdays: number }> }>;
  /** Sent back in the period, oldest first. */
  rejected: Array<MeasureLine & { units: string[]; date: string; kind: '退回整改' | '验收不合格'; reason: string }>;
  /** Every counted measure verified on time and graded 优秀 or 良好. */
  praised: string[];
  /** Work overdue, or graded 不合格 and not yet verified again. */
  criticised: Array<{ unit: string; reasons: string[] }>;
}

const PRAISED_GRADES: readonly QualityGrade[] = ['优秀', '良好'];
const date = (iso: string | null | undefined) => (iso ? beijingWallClock(new Date(iso).getTime()).slice(0, 10) : '');

/**
 * 关于<subject>工作进展情况的通报, the subject read from the plan's own title: "关于印发…工作方案的通知" →
 * "…"; a title that does not name 整改 gets it ("…整改工作进展情况").
 */
export function bulletinTitle(planTitle: string): string {
  let subject = planTitle
    .trim()
    .replace(/^关于(印发)?/, '')
    .replace(/的通知$/, '')
    .replace(/[《》]/g, '')
    .replace(/(工作|实施)?方案$/, '')
    .replace(/工作$/, '');
  if (!subject.includes('整改')) subject += '整改';
  return `关于${subject}工作进展情况的通报`;
}

/** A view as a visibility row, so the bulletin's figures are the scoreboard's own rules on the exact state. */
export function summaryOfView(v: MeasureView): MeasureSummary {
  return {
    workflowId: v.workflowId,
    planId: v.planId,
    measureId: v.measureId,
    title: v.title,
    planTitle: v.planTitle,
    indicator: v.indicator.code,
    state: v.state,
    light: v.light,
    escalation: v.escalation,
    ...(v.dueAt ? { dueAt: v.dueAt } : {}),
    ...(v.submitted ? { late: v.submitted.lateMs > 0 } : {}),
    ...(v.quality ? { grade: v.quality.grade } : {}),
    rejections: v.rejections,
    lead: v.lead,
    support: v.support,
    leaders: v.leaders,
    status: v.state === 'closed' || v.state === 'cancelled' ? 'COMPLETED' : 'RUNNING',
  };
}

const line = (v: MeasureView): MeasureLine => ({ measureId: v.measureId, title: v.title, dueDate: date(v.dueAt) });
const byMeasure = (a: { measureId: string }, b: { measureId: string }) =>
  a.measureId.localeCompare(b.measureId, 'en', { numeric: true });

/** Lines grouped per lead unit, the units with most lines first (then by name). */
function perUnit<T extends { measureId: string }>(items: Array<{ view: MeasureView; item: T }>) {
  const units = new Map<string, T[]>();
  for (const { view, item } of items) {
    for (const unit of view.lead) {
      const list = units.get(unit);
      if (list) list.push(item);
      else units.set(unit, [item]);
    }
  }
  return [...units]
    .map(([unit, measures]) => ({ unit, measures: measures.sort(byMeasure) }))
    .sort((a, b) => b.measures.length - a.measures.length || a.unit.localeCompare(b.unit, 'zh'));
}

export function bulletinModel(input: BulletinInput): BulletinModel {
  const { views, calendar } = input;
  const now = input.generatedAt.getTime();
  const from = Date.parse(`${input.since}T00:00:00${SHANGHAI_OFFSET}`);
  const to = Date.parse(`${input.until}T23:59:59.999${SHANGHAI_OFFSET}`);
  const inPeriod = (iso: string | undefined) => !!iso && Date.parse(iso) >= from && Date.parse(iso) <= to;
  const workdaysLate = (dueAt: string, at: number) =>
    calendar.workdaysBetween(shanghaiDate(Date.parse(dueAt)), shanghaiDate(at));

  const listing = views.map(summaryOfView);
  const options = { now: input.generatedAt, calendar };
  const tally = tallyMeasures(listing);
  const appraisal = appraisalTally(listing, options);
  const counted = views.filter((v) => v.state !== 'cancelled');

  const overdueViews = counted.filter(
    (v) => (v.state === 'assigned' || v.state === 'in_progress') && v.dueAt !== null && Date.parse(v.dueAt) <= now,
  );
  const overdue = perUnit(
    overdueViews.map((view) => ({ view, item: { ...line(view), overdueWorkdays: workdaysLate(view.dueAt!, now) } })),
  );
  const late = perUnit(
    counted
      .filter((v) => v.submitted && v.submitted.lateMs > 0 && v.dueAt)
      .map((view) => ({
        view,
        item: {
          ...line(view),
          submittedDate: date(view.submitted!.at),
          lateWorkdays: workdaysLate(view.dueAt!, Date.parse(view.submitted!.at)),
        },
      })),
  );
  const rejected = counted
    .flatMap((view) =>
      (input.timelines[view.workflowId] ?? [])
        .filter((e) => (e.type === 'REJECT' || e.type === 'FAIL_QUALITY') && inPeriod(e.at))
        .map((e) => ({
          ...line(view),
          units: view.lead,
          at: e.at,
          date: date(e.at),
          kind: e.type === 'REJECT' ? ('退回整改' as const) : ('验收不合格' as const),
          reason: e.detail ?? '',
        })),
    )
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || byMeasure(a, b))
    .map(({ at: _at, ...rest }) => rest);

  const leadUnits = [...new Set(counted.flatMap((v) => v.lead))].sort((a, b) => a.localeCompare(b, 'zh'));
  const praised = leadUnits.filter((unit) =>
    counted
      .filter((v) => v.lead.includes(unit))
      .every(
        (v) =>
          (v.state === 'verified' || v.state === 'closed') &&
          !(v.submitted && v.submitted.lateMs > 0) &&
          v.quality !== undefined &&
          PRAISED_GRADES.includes(v.quality.grade),
      ),
  );
  const criticised = leadUnits
    .map((unit) => {
      const mine = counted.filter((v) => v.lead.includes(unit));
      const overdueCount = overdueViews.filter((v) => v.lead.includes(unit)).length;
      const failed = mine.filter((v) => v.quality?.grade === '不合格').length;
      const reasons = [
        ...(overdueCount ? [`逾期未完成${overdueCount}项`] : []),
        ...(failed ? [`验收不合格${failed}项`] : []),
      ];
      return { unit, reasons };
    })
    .filter((c) => c.reasons.length);

  return {
    title: bulletinTitle(input.planTitle),
    planTitle: input.planTitle,
    since: input.since,
    until: input.until,
    asOf: shanghaiDate(now),
    overall: {
      total: tally.total,
      assessed: appraisal.assessed,
      closed: tally.byState.closed,
      verified: tally.byState.verified,
      submitted: tally.byState.submitted,
      inProgress: tally.byState.in_progress,
      assigned: tally.byState.assigned,
      paused: tally.byState.paused,
      cancelled: tally.byState.cancelled,
      completionRate: appraisal.assessed ? tally.done / appraisal.assessed : 0,
      onTimeRate: appraisal.onTimeRate,
      overdueOpen: appraisal.overdueOpen,
      late: tally.late,
      verifiedInPeriod: counted.filter((v) => inPeriod(v.verified?.at)).length,
      rejectedInPeriod: rejected.length,
    },
    departments: departmentScoreboard(listing, options),
    overdue,
    late,
    rejected,
    praised,
    criticised,
  };
}

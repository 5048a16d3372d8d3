/**
 * The 台账 (ledger): one row per 整改措施 with who leads it, its deadline, where it stands and how it went — the sheet
 * a supervision office keeps and hands upward. Pure: rows from measure views; ledger-xlsx.ts writes the file.
 */
import { beijingWallClock } from '../domain/beijing-time';
import type { MeasureView } from '../measure';

export const LEDGER_COLUMNS = [
  { key: 'index', header: '序号', width: 6 },
  { key: 'indicator', header: '评价指标', width: 14 },
  { key: 'measureId', header: '措施编号', width: 9 },
  { key: 'title', header: '整改措施', width: 48 },
  { key: 'lead', header: '牵头部门', width: 22 },
  { key: 'support', header: '配合部门', width: 30 },
  { key: 'leaders', header: '责任领导', width: 16 },
  { key: 'dueAt', header: '完成时限', width: 12 },
  { key: 'state', header: '办理状态', width: 14 },
  { key: 'light', header: '亮灯', width: 6 },
  { key: 'escalation', header: '督办级别', width: 9 },
  { key: 'progress', header: '最新进展', width: 36 },
  { key: 'submittedAt', header: '报结时间', width: 12 },
  { key: 'late', header: '是否逾期', width: 9 },
  { key: 'rejections', header: '退回次数', width: 9 },
  { key: 'verifiedAt', header: '验收时间', width: 12 },
  { key: 'grade', header: '质量评定', width: 10 },
  { key: 'closedAt', header: '销号时间', width: 12 },
  { key: 'adjusted', header: '时限调整', width: 24 },
  { key: 'missedReports', header: '漏报次数', width: 9 },
  { key: 'workflowId', header: '流程编号 (workflow id)', width: 34 },
] as const;

export type LedgerKey = (typeof LEDGER_COLUMNS)[number]['key'];
export type LedgerRow = Record<LedgerKey, string | number>;

const LIGHTS = { green: '绿', yellow: '黄', orange: '橙', red: '红', grey: '灰' } as const;
const ESCALATION = ['—', '催办', '督办'];

/** A calendar date in Beijing time (the documents' own way of writing a deadline). */
export function beijingDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return beijingWallClock(new Date(iso).getTime()).slice(0, 10);
}

/** Overdue now (not yet handed in) or handed in late: what the ledger calls 逾期. */
function lateness(view: MeasureView): string {
  if (view.submitted)
    return view.submitted.lateMs > 0 ? `逾期完成 (${Math.ceil(view.submitted.lateMs / 86_400_000)}天)` : '按期完成';
  if (view.state === 'cancelled') return '';
  if (view.state === 'paused') return '缓办中';
  return view.light === 'red' ? '已逾期' : '未到期';
}

/**
 * How the deadline moved, 延期 and 缓办 apart (the appraisal counts only the former): "延期至 2022-03-31；缓办顺延
 * 3个工作日". Empty when it never moved.
 */
function adjustments(view: MeasureView): string {
  const parts = view.extensions.map((e) => `延期至 ${beijingDate(e.to)}`);
  for (const p of view.pauses ?? []) {
    const by = 'workdays' in p.shift ? `${p.shift.workdays}个工作日` : `${Math.ceil(p.shift.ms / 3_600_000)}小时`;
    parts.push(`缓办顺延 ${by}`);
  }
  return parts.join('；');
}

const byMeasure = (a: MeasureView, b: MeasureView) =>
  a.planId.localeCompare(b.planId) || a.measureId.localeCompare(b.measureId, 'en', { numeric: true });

export function ledgerRows(views: readonly MeasureView[]): LedgerRow[] {
  return [...views].sort(byMeasure).map((v, i) => ({
    index: i + 1,
    indicator: `(${v.indicator.code}) ${v.indicator.name}`,
    measureId: v.measureId,
    title: v.title,
    lead: v.lead.join('、'),
    support: v.support.join('、'),
    leaders: v.leaders.join('、'),
    dueAt: v.dueAt ? beijingDate(v.dueAt) : '持续推进',
    state: v.stateLabel,
    light: LIGHTS[v.light],
    escalation: ESCALATION[v.escalation] ?? `督办 (${v.escalation})`,
    progress: v.progress ? `${v.progress.percent}%${v.progress.note ? ` ${v.progress.note}` : ''}` : '',
    submittedAt: beijingDate(v.submitted?.at),
    late: lateness(v),
    rejections: v.rejections,
    verifiedAt: beijingDate(v.verified?.at),
    grade: v.quality ? `${v.quality.grade}${v.quality.defaulted ? '（未评定）' : ''}` : '',
    closedAt: beijingDate(v.closed?.at),
    adjusted: adjustments(v),
    missedReports: v.missedReports ?? 0,
    workflowId: v.workflowId,
  }));
}

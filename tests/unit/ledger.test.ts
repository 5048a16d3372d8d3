/** The 台账 rows, offline: order, Chinese labels, lateness wording, Beijing dates. */
import { describe, expect, it } from 'vitest';
import { beijingDate, LEDGER_COLUMNS, ledgerRows } from '../../src/reports/ledger';
import { createSnapshot, applyEvent, STATE_LABELS, stateOf, type MeasureView } from '../../src/measure';
import type { MeasureEvent } from '../../src/domain/events';

const DUE = '2021-12-31T23:59:59+08:00';

type EventInput = MeasureEvent extends infer E
  ? E extends MeasureEvent
    ? Omit<E, 'at'> & { at?: string }
    : never
  : never;

function view(measureId: string, events: EventInput[]): MeasureView {
  let snap = createSnapshot({
    measureId,
    lead: ['自然资源规划建设局'],
    support: ['经济发展局', '行政审批服务局'],
    leaders: ['张立鹏'],
    dueAt: DUE,
    yellowWithinMs: 7 * 86_400_000,
    at: '2021-11-05T01:00:00Z',
  });
  for (const e of events) snap = applyEvent(snap, { at: '2021-12-01T02:00:00Z', ...e }).snapshot;
  const state = stateOf(snap);
  return {
    ...snap.context,
    workflowId: `duban/p/${measureId}`,
    planId: 'p',
    planTitle: '方案',
    indicator: { code: '2', name: '办理建筑许可' },
    title: `措施${measureId}`,
    text: `措施${measureId}。`,
    state,
    stateLabel: STATE_LABELS[state],
  };
}

describe('ledgerRows', () => {
  it('orders measures numerically and speaks the document’s language', () => {
    const lead = 'dept:自然资源规划建设局' as const;
    const rows = ledgerRows([
      view('2.10', []),
      view('2.2', [
        { type: 'START', actor: lead },
        { type: 'REPORT_PROGRESS', actor: lead, percent: 80, note: '基本完成' },
        { type: 'SUBMIT', actor: lead, at: '2022-01-03T02:00:00Z' },
        { type: 'VERIFY', actor: 'supervisor', at: '2022-01-04T02:00:00Z' },
        { type: 'CLOSE', actor: 'supervisor', at: '2022-01-05T17:00:00Z' },
      ]),
      view('2.1', [{ type: 'OVERDUE', actor: 'system', level: 1, light: 'red', step: 'overdue:1:x' }]),
    ]);
    expect(rows.map((r) => r.measureId)).toEqual(['2.1', '2.2', '2.10']);
    expect(rows.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({
      light: '红',
      escalation: '催办',
      late: '已逾期',
      state: '已交办',
      dueAt: '2021-12-31',
    });
    expect(rows[1]).toMatchObject({
      indicator: '(2) 办理建筑许可',
      lead: '自然资源规划建设局',
      support: '经济发展局、行政审批服务局',
      leaders: '张立鹏',
      state: '已销号',
      progress: '80% 基本完成',
      submittedAt: '2022-01-03',
      late: '逾期完成 (3天)',
      verifiedAt: '2022-01-04',
      grade: '合格（未评定）', // a VERIFY without a grade
      closedAt: '2022-01-06', // 17:00 UTC is the next day in Beijing
    });
    expect(rows[2]).toMatchObject({ late: '未到期', light: '绿', progress: '', grade: '' });
    for (const row of rows) expect(Object.keys(row)).toEqual(LEDGER_COLUMNS.map((c) => c.key));
  });

  it('writes the 质量评定: the grade given, 不合格 while sent back', () => {
    const lead = 'dept:自然资源规划建设局' as const;
    const [failed, graded] = ledgerRows([
      view('3.1', [
        { type: 'START', actor: lead },
        { type: 'SUBMIT', actor: lead },
        { type: 'FAIL_QUALITY', actor: 'supervisor', reason: '台账资料不实' },
      ]),
      view('3.2', [
        { type: 'START', actor: lead },
        { type: 'SUBMIT', actor: lead },
        { type: 'VERIFY', actor: 'supervisor', grade: '优秀', note: '成效明显' },
      ]),
    ]);
    expect(failed).toMatchObject({ grade: '不合格', rejections: 1, state: '办理中' });
    expect(graded).toMatchObject({ grade: '优秀', rejections: 0, state: '已验收' });
  });

  it('writes dates in Beijing time', () => {
    expect(beijingDate('2021-12-31T16:00:00Z')).toBe('2022-01-01');
    expect(beijingDate(null)).toBe('');
  });
});

describe('时限调整 (the deadline’s moves)', () => {
  it('lists 延期 and 缓办顺延 apart, and says 缓办中 while paused', () => {
    const lead = 'dept:自然资源规划建设局' as const;
    const pause: EventInput[] = [
      { type: 'START', actor: lead, at: '2021-12-01T02:00:00Z' },
      { type: 'REQUEST_PAUSE', actor: lead, reason: '待批复', at: '2021-12-02T02:00:00Z' },
      { type: 'APPROVE_PAUSE', actor: 'leader:张立鹏', at: '2021-12-03T02:00:00Z' },
    ];
    const [paused, moved] = ledgerRows([
      view('2.1', pause),
      view('2.2', [
        ...pause,
        { type: 'RESUME', actor: lead, at: '2021-12-05T02:00:00Z' },
        {
          type: 'REQUEST_EXTENSION',
          actor: lead,
          newDueAt: '2022-03-31T23:59:59+08:00',
          reason: '施工期',
          at: '2021-12-06T02:00:00Z',
        },
        { type: 'APPROVE_EXTENSION', actor: 'supervisor', at: '2021-12-07T02:00:00Z' },
      ]),
    ]);
    expect(paused).toMatchObject({ light: '灰', late: '缓办中', state: '缓办中', adjusted: '', missedReports: 0 });
    expect(moved).toMatchObject({ adjusted: '延期至 2022-03-31；缓办顺延 48小时', dueAt: '2022-03-31' });
  });
});

/**
 * The 督办通报, offline: the model built from measure views and timelines (figures computed by hand), its title,
 * and the Word document written from it, read back from its word/document.xml.
 */
import { writeFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { MeasureEvent } from '../../src/domain/events';
import {
  applyEvent,
  createSnapshot,
  STATE_LABELS,
  stateOf,
  workCalendar,
  type MeasureView,
  type TimelineEntry,
} from '../../src/measure';
import { bulletinModel, bulletinTitle } from '../../src/reports/bulletin';
import { bulletinDocument } from '../../src/reports/bulletin-docx';

const DUE = '2024-09-27T17:00:00+08:00'; // a Friday before 国庆
const NOW = new Date('2024-10-09T10:00:00+08:00'); // 4 working days later (29 Sep 调休, 30 Sep, 8, 9 Oct)
const PLAN_TITLE = '关于印发2024年测试区营商环境整改提升工作方案的通知';

type Step = (MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'actor'> : never) : never) & {
  actor?: MeasureEvent['actor'];
};

const timelines: Record<string, TimelineEntry[]> = {};

/** A measure led by `unit`, driven through `steps` (the lead department acts unless another actor is named). */
function view(measureId: string, unit: string, steps: Step[]): MeasureView {
  const workflowId = `duban/p/${measureId}`;
  let snap = createSnapshot({
    measureId,
    lead: [unit],
    support: [],
    leaders: ['张立鹏'],
    dueAt: DUE,
    yellowWithinMs: 7 * 86_400_000,
    at: '2024-09-01T09:00:00+08:00',
  });
  const entries: TimelineEntry[] = [];
  for (const step of steps) {
    const actor = step.actor ?? `dept:${unit}`;
    const result = applyEvent(snap, { ...step, actor });
    snap = result.snapshot;
    entries.push(result.entry);
  }
  timelines[workflowId] = entries;
  const state = stateOf(snap);
  return {
    ...snap.context,
    workflowId,
    planId: 'p',
    planTitle: PLAN_TITLE,
    indicator: { code: measureId.split('.')[0]!, name: '指标' },
    title: `措施${measureId}的标题`,
    text: '',
    state,
    stateLabel: STATE_LABELS[state],
  };
}

const at = (day: string, time = '10:00') => `2024-${day}T${time}:00+08:00`;
const S = 'supervisor' as const;
const views = [
  // 甲局: everything on time, 优秀 and 良好 → praised.
  view('1.1', '甲局', [
    { type: 'START', at: at('09-10') },
    { type: 'SUBMIT', at: at('09-20') },
    { type: 'VERIFY', actor: S, grade: '优秀', at: at('09-22') },
    { type: 'CLOSE', actor: S, at: at('09-23') },
  ]),
  view('1.2', '甲局', [
    { type: 'START', at: at('09-10') },
    { type: 'SUBMIT', at: at('09-21') },
    { type: 'VERIFY', actor: S, grade: '良好', at: at('10-08') },
  ]),
  // 乙局: one overdue and open, one handed in late.
  view('2.1', '乙局', [{ type: 'START', at: at('09-10') }]),
  view('2.2', '乙局', [
    { type: 'START', at: at('09-10') },
    { type: 'SUBMIT', at: at('09-30') },
  ]),
  // 丙局: 验收不合格 in the period (now overdue again), and one sent back before the period, then 合格.
  view('3.1', '丙局', [
    { type: 'START', at: at('09-10') },
    { type: 'SUBMIT', at: at('09-25') },
    { type: 'FAIL_QUALITY', actor: S, reason: '台账资料不实', at: at('10-08', '09:00') },
  ]),
  view('3.2', '丙局', [
    { type: 'START', at: at('09-10') },
    { type: 'SUBMIT', at: at('09-20') },
    { type: 'REJECT', actor: S, reason: '材料不全', at: at('09-21') },
    { type: 'SUBMIT', at: at('09-24') },
    { type: 'VERIFY', actor: S, grade: '合格', at: at('09-29') },
  ]),
];

const model = bulletinModel({
  planId: 'p',
  planTitle: PLAN_TITLE,
  since: '2024-09-28',
  until: '2024-10-09',
  generatedAt: NOW,
  views,
  timelines,
  calendar: workCalendar(),
});

describe('bulletinModel', () => {
  it('titles the bulletin after the plan', () => {
    expect(model.title).toBe('关于2024年测试区营商环境整改提升工作进展情况的通报');
    expect(bulletinTitle('测试整改方案')).toBe('关于测试整改工作进展情况的通报');
    expect(bulletinTitle('《营商环境评价问题清单》')).toBe('关于营商环境评价问题清单整改工作进展情况的通报');
  });

  it('gives the overall figures', () => {
    // done 1.1, 1.2, 3.2 of 6; on time 1.1, 1.2, 3.2 of (4 handed in + 2 overdue); verified in the period 1.2, 3.2.
    expect(model.overall).toEqual({
      total: 6,
      assessed: 6,
      closed: 1,
      verified: 2,
      submitted: 1,
      inProgress: 2,
      assigned: 0,
      paused: 0,
      cancelled: 0,
      completionRate: 0.5,
      onTimeRate: 0.5,
      overdueOpen: 2,
      late: 1,
      verifiedInPeriod: 2,
      rejectedInPeriod: 1,
    });
    expect(model.asOf).toBe('2024-10-09');
  });

  it('ranks the departments by score', () => {
    // 甲局 40 + 30 + 30 × 0.9 = 97; 丙局 40 × 1/2 + 30 × 1/2 + 30 × (0 + 0.6)/2 − 2 − 2 = 40; 乙局 0 + 0 + 0 − 2 → 0.
    expect(model.departments.map((d) => [d.rank, d.department, d.score])).toEqual([
      [1, '甲局', 97],
      [2, '丙局', 40],
      [3, '乙局', 0],
    ]);
  });

  it('names the units with 逾期未完成 and 逾期完成 work, with their measures', () => {
    expect(model.overdue).toEqual([
      {
        unit: '丙局',
        measures: [{ measureId: '3.1', title: '措施3.1的标题', dueDate: '2024-09-27', overdueWorkdays: 4 }],
      },
      {
        unit: '乙局',
        measures: [{ measureId: '2.1', title: '措施2.1的标题', dueDate: '2024-09-27', overdueWorkdays: 4 }],
      },
    ]);
    expect(model.late).toEqual([
      {
        unit: '乙局',
        measures: [
          {
            measureId: '2.2',
            title: '措施2.2的标题',
            dueDate: '2024-09-27',
            submittedDate: '2024-09-30',
            lateWorkdays: 2,
          },
        ],
      },
    ]);
  });

  it('lists what was sent back in the period only', () => {
    expect(model.rejected).toEqual([
      {
        measureId: '3.1',
        title: '措施3.1的标题',
        dueDate: '2024-09-27',
        units: ['丙局'],
        date: '2024-10-08',
        kind: '验收不合格',
        reason: '台账资料不实',
      },
    ]);
  });

  it('praises the units with all work on time and graded 优秀/良好, criticises overdue and 不合格', () => {
    expect(model.praised).toEqual(['甲局']);
    expect(model.criticised).toEqual([
      { unit: '丙局', reasons: ['逾期未完成1项', '验收不合格1项'] },
      { unit: '乙局', reasons: ['逾期未完成1项'] },
    ]);
  });
});

describe('bulletinDocument', () => {
  it('writes a Word document whose text carries the title, the units and the figures', async () => {
    const file = await bulletinDocument(model);
    // DUBAN_BULLETIN_OUT=<file> keeps the document, to open it in Word, LibreOffice or python-docx.
    if (process.env.DUBAN_BULLETIN_OUT) writeFileSync(process.env.DUBAN_BULLETIN_OUT, file);
    const entries = unzipSync(new Uint8Array(file));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    const xml = strFromU8(entries['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, '');
    for (const expected of [
      '关于2024年测试区营商环境整改提升工作进展情况的通报',
      '2024年9月28日至2024年10月9日',
      '方案共有整改措施6项',
      '完成率50%，按时完成率50%',
      '逾期未完成2项，逾期完成1项',
      '丙局（1项）：措施3.1“措施3.1的标题”，完成时限2024-09-27，已逾期4个工作日',
      '乙局（1项）：措施2.2“措施2.2的标题”，完成时限2024-09-27，2024-09-30报结，逾期2个工作日',
      '2024-10-08，措施3.1“措施3.1的标题”（丙局）验收不合格：台账资料不实',
      '甲局所牵头的整改措施全部按时完成并经验收评定为优秀或良好，予以通报表扬',
      '丙局（逾期未完成1项，验收不合格1项）、乙局（逾期未完成1项），予以通报批评',
    ])
      expect(text).toContain(expected);
    // The ranking table: one row per department, rank, name and score in its cells.
    const rows = [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]),
    );
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ['名次', '牵头部门', '得分'],
      ['1', '甲局', '97.0'],
      ['2', '丙局', '40.0'],
      ['3', '乙局', '0.0'],
    ]);
  });
});

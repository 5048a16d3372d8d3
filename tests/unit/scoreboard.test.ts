/**
 * The scoreboard, offline: counts per 牵头部门 / indicator / 责任领导, lights of open work only, lateness, the score's
 * formula and the ranking, checked against figures computed by hand, and its cost at 10,000 measures.
 */
import { describe, expect, it } from 'vitest';
import { workCalendar } from '../../src/measure';
import { appraisalScore, emptyGrades, ranked } from '../../src/reports/score';
import { departmentScoreboard, scoreboard } from '../../src/reports/scoreboard';
import type { MeasureSummary } from '../../src/service/measures';

const row = (id: string, lead: string[], extra: Partial<MeasureSummary>): MeasureSummary => ({
  workflowId: `duban/p/${id}`,
  planId: 'p',
  measureId: id,
  lead,
  support: [],
  leaders: [],
  status: 'RUNNING',
  ...extra,
});

/** 9 October 2024, 10:00 Beijing time: after 国庆. */
const opts = { now: new Date('2024-10-09T10:00:00+08:00'), calendar: workCalendar() };
const PAST = '2024-09-27T17:00:00+08:00'; // a Friday: 4 working days before `now` (29 Sep 调休, 30 Sep, 8, 9 Oct)
const FUTURE = '2024-12-31T23:59:59+08:00';

describe('departmentScoreboard', () => {
  it('counts each lead department: states, lights of open work only, lateness', () => {
    const board = departmentScoreboard(
      [
        row('1.1', ['甲局'], { state: 'assigned', light: 'red', escalation: 2, dueAt: PAST }),
        row('1.2', ['甲局'], { state: 'closed', light: 'green', late: true, escalation: 2, dueAt: PAST }),
        row('1.3', ['甲局', '乙局'], { state: 'in_progress', light: 'yellow', dueAt: FUTURE }),
        row('2.1', ['乙局'], { state: 'verified', light: 'green', late: false, dueAt: PAST }),
        row('2.2', ['乙局'], { state: 'submitted', light: 'green', late: false, dueAt: PAST }),
        row('3.1', ['丙局'], { state: 'cancelled', light: 'red', dueAt: PAST }),
      ],
      opts,
    );
    const 甲局 = board.find((s) => s.department === '甲局')!;
    expect(甲局).toMatchObject({
      total: 3,
      open: { red: 1, yellow: 1, green: 0 },
      done: 1,
      late: 1,
      escalated: 2,
      byState: { assigned: 1, in_progress: 1, closed: 1 },
      overdueOpen: 1,
      longestOverdueWorkdays: 4,
    });
    expect(甲局.completion).toBeCloseTo(1 / 3);
    expect(board.find((s) => s.department === '乙局')).toMatchObject({
      total: 3,
      done: 1,
      late: 0,
      open: { yellow: 1, red: 0 },
    });
    // A cancelled measure's light is not open work, and it does not count in the score: nothing left to rank.
    expect(board.at(-1)).toMatchObject({
      department: '丙局',
      open: { red: 0, yellow: 0, green: 0 },
      byState: { cancelled: 1 },
      assessed: 0,
      score: null,
      rank: null,
    });
  });
});

describe('缓办', () => {
  it('a paused measure is open work (grey) but never 逾期未完成 while its clock stands', () => {
    const [row0] = departmentScoreboard([row('1.1', ['甲局'], { state: 'paused', light: 'grey', dueAt: PAST })], opts);
    expect(row0).toMatchObject({ open: { grey: 1 }, overdueOpen: 0, longestOverdueWorkdays: 0, onTimeRate: null });
  });
});

describe('the score (hand-computed)', () => {
  // 甲局: 4 measures —
  //   closed on time 优秀; verified late 良好 after 1 rejection; in progress past due, graded 不合格 (1 rejection);
  //   assigned, not yet due.
  //   完成 40 × 2/4 = 20; 按时 30 × 1/3 = 10 (handed in 2, overdue 1, on time 1); 质量 30 × (1 + 0.8 + 0)/3 = 18;
  //   扣分 2 × 1 overdue + 1 × 2 rejections = 4  →  44.0
  // 乙局 and 戊局: 2 measures closed on time, 良好 → 40 + 30 + 24 = 94.0 each (rank 1, 1)
  // 丙局: 1 measure assigned, not yet due → 0 + 30 (nothing late yet) + 0 (nothing graded) = 30.0
  const measures = [
    row('1.1', ['甲局'], { state: 'closed', late: false, grade: '优秀', dueAt: PAST }),
    row('1.2', ['甲局'], { state: 'verified', late: true, grade: '良好', rejections: 1, dueAt: PAST }),
    row('1.3', ['甲局'], { state: 'in_progress', grade: '不合格', rejections: 1, dueAt: PAST }),
    row('1.4', ['甲局'], { state: 'assigned', dueAt: FUTURE }),
    row('2.1', ['乙局'], { state: 'closed', late: false, grade: '良好', dueAt: PAST }),
    row('2.2', ['乙局'], { state: 'closed', late: false, grade: '良好', dueAt: PAST }),
    row('3.1', ['丙局'], { state: 'assigned', dueAt: FUTURE }),
    row('4.1', ['戊局'], { state: 'closed', late: false, grade: '良好', dueAt: PAST }),
    row('4.2', ['戊局'], { state: 'verified', late: false, grade: '良好', dueAt: PAST }),
  ];

  it('weighs completion, timeliness and quality, minus overdue and rejections; ties share a rank', () => {
    const board = departmentScoreboard(measures, opts);
    expect(board.map((r) => [r.rank, r.department, r.score])).toEqual([
      [1, '戊局', 94], // ties by name, in Chinese order (wù before yǐ)
      [1, '乙局', 94],
      [3, '甲局', 44],
      [4, '丙局', 30],
    ]);
    expect(board[2]).toMatchObject({
      parts: { completion: 20, onTime: 10, quality: 18, deductions: 4 },
      handedIn: 2,
      onTime: 1,
      late: 1,
      overdueOpen: 1,
      longestOverdueWorkdays: 4,
      rejections: 2,
      grades: { 优秀: 1, 良好: 1, 合格: 0, 不合格: 1 },
    });
    expect(board[2]!.onTimeRate).toBeCloseTo(1 / 3);
    expect(board[3]).toMatchObject({ onTimeRate: null, parts: { completion: 0, onTime: 30, quality: 0 } });
  });

  it('caps the deductions at 30 and never goes below 0', () => {
    const counts = {
      assessed: 20,
      done: 0,
      onTime: 0,
      judged: 20,
      overdueOpen: 20,
      rejections: 5,
      grades: emptyGrades(),
    };
    expect(appraisalScore(counts)).toEqual({
      score: 0,
      parts: { completion: 0, onTime: 0, quality: 0, deductions: 30 },
    });
    const graded = { ...emptyGrades(), 合格: 3 };
    // 40 × 3/4 + 30 × 3/4 + 30 × 0.6 − 2 × 1 = 30 + 22.5 + 18 − 2
    expect(
      appraisalScore({ assessed: 4, done: 3, onTime: 3, judged: 4, overdueOpen: 1, rejections: 0, grades: graded })
        .score,
    ).toBe(68.5);
  });

  it('ranks by indicator (per plan) and by leader (a measure counts for each of its leaders)', () => {
    const byIndicator = scoreboard(
      [
        row('1.1', ['甲局'], { indicator: '1', state: 'closed', late: false, grade: '优秀' }),
        { ...row('1.1', ['甲局'], { indicator: '1', state: 'assigned' }), planId: 'q' },
        row('2.1', ['乙局'], { indicator: '2', state: 'closed', late: false, grade: '合格' }),
      ],
      'indicator',
      opts,
    );
    expect(byIndicator.map((r) => [r.rank, r.planId, r.name, r.score])).toEqual([
      [1, 'p', '1', 100],
      [2, 'p', '2', 88],
      [3, 'q', '1', 30],
    ]);
    const byLeader = scoreboard(
      [
        row('1.1', ['甲局'], { leaders: ['张立鹏', '王振海'], state: 'closed', late: false, grade: '良好' }),
        row('1.2', ['甲局'], { leaders: ['王振海'], state: 'in_progress', dueAt: PAST, rejections: 1 }),
      ],
      'leader',
      opts,
    );
    // 张立鹏: 40 + 30 + 24 = 94. 王振海: 40 × 1/2 + 30 × 1/2 + 24 − 2 − 1 = 56.
    expect(byLeader.map((r) => [r.rank, r.name, r.score, r.total])).toEqual([
      [1, '张立鹏', 94, 1],
      [2, '王振海', 56, 2],
    ]);
  });

  it('ranks ties by name and leaves unscored rows unranked, last', () => {
    const rows = ranked(
      [
        { name: '乙', score: 80 },
        { name: '丁', score: null },
        { name: '甲', score: 90 },
        { name: '丙', score: 80 },
      ],
      (r) => r.name,
    );
    expect(rows.map((r) => [r.rank, r.name])).toEqual([
      [1, '甲'],
      [2, '丙'],
      [2, '乙'],
      [null, '丁'],
    ]);
  });
});

describe('at 10,000 measures', () => {
  it('is one pass over the listing: all three boards in well under a second', () => {
    const states = ['assigned', 'in_progress', 'submitted', 'verified', 'closed', 'cancelled'] as const;
    const grades = [undefined, '优秀', '良好', '合格', '不合格'];
    const listing = Array.from({ length: 10_000 }, (_, i) =>
      row(`${i % 50}.${i}`, [`部门${i % 120}`], {
        indicator: String(i % 50),
        leaders: [`领导${i % 40}`, `领导${(i + 7) % 40}`],
        state: states[i % 6],
        late: i % 3 === 0,
        grade: grades[i % 5],
        rejections: i % 4,
        dueAt: i % 2 ? PAST : FUTURE,
      }),
    );
    const started = performance.now();
    const boards = (['department', 'indicator', 'leader'] as const).map((by) => scoreboard(listing, by, opts));
    const ms = performance.now() - started;
    expect(boards.map((b) => b.length)).toEqual([120, 50, 40]);
    expect(boards[0]!.reduce((n, r) => n + r.total, 0)).toBe(10_000);
    expect(ms).toBeLessThan(1_000);
  });
});

/** The department scoreboard, offline: counts per 牵头部门, lights of open work only, lateness, order. */
import { describe, expect, it } from 'vitest';
import { departmentScoreboard } from '../../src/reports/scoreboard';
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

describe('departmentScoreboard', () => {
  it('scores each lead department, most overdue first', () => {
    const board = departmentScoreboard([
      row('1.1', ['甲局'], { state: 'assigned', light: 'red', escalation: 2 }),
      row('1.2', ['甲局'], { state: 'closed', light: 'green', late: true, escalation: 2 }),
      row('1.3', ['甲局', '乙局'], { state: 'in_progress', light: 'yellow' }),
      row('2.1', ['乙局'], { state: 'verified', light: 'green', late: false }),
      row('2.2', ['乙局'], { state: 'submitted', light: 'green', late: false }),
      row('3.1', ['丙局'], { state: 'cancelled', light: 'red' }),
    ]);
    expect(board.map((s) => s.department)).toEqual(['甲局', '丙局', '乙局']);
    expect(board[0]).toMatchObject({
      total: 3,
      open: { red: 1, yellow: 1, green: 0 },
      done: 1,
      late: 1,
      escalated: 2,
      byState: { assigned: 1, in_progress: 1, closed: 1 },
    });
    expect(board[0]!.completion).toBeCloseTo(1 / 3);
    expect(board[2]).toMatchObject({ department: '乙局', total: 3, done: 1, late: 0, open: { yellow: 1, red: 0 } });
    // A cancelled measure's light is not open work.
    expect(board[1]).toMatchObject({
      department: '丙局',
      open: { red: 0, yellow: 0, green: 0 },
      byState: { cancelled: 1 },
    });
  });
});

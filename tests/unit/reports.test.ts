// 定期报送 and 漏报, offline: the cadence setting, the reporting periods on the Beijing calendar, the 漏报 steps the
// schedule fires for periods without a report, and the machine's count.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, EscalationPolicySchema, PolicyError, resolvePolicy } from '../../src/domain/policy';
import { applyEvent, createSnapshot, planSteps, reportPeriods, type ScheduleFacts } from '../../src/measure';

const at = (beijing: string) => Date.parse(`${beijing}+08:00`);

describe('policy.reports', () => {
  it('takes a weekday, a day of the month, or a fixed length', () => {
    expect(resolvePolicy({ reports: { every: 'week', day: 5 } }).reports).toEqual({ every: 'week', day: 5 });
    expect(resolvePolicy({ reports: { every: 'month', day: 31 } }).reports).toEqual({ every: 'month', day: 31 });
    expect(resolvePolicy({ reports: { every: '30s' } }).reports).toEqual({ everyMs: 30_000 });
    expect(resolvePolicy({})).not.toHaveProperty('reports');
    const resolved = resolvePolicy({ reports: { every: 'week', day: 1 } });
    expect(EscalationPolicySchema.parse(resolved)).toEqual(resolved);
  });

  it('names the field that does not fit', () => {
    const problem = (reports: unknown) => {
      try {
        resolvePolicy({ reports });
        return 'accepted';
      } catch (error) {
        return (error as PolicyError).issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      }
    };
    expect(problem({ every: 'week' })).toBe('reports.day: a weekday from 1 (Monday) to 7 (Sunday)');
    expect(problem({ every: 'week', day: 8 })).toBe('reports.day: a weekday from 1 (Monday) to 7 (Sunday)');
    expect(problem({ every: 'month', day: 0 })).toBe('reports.day: a day of the month, 1–31');
    expect(problem({ every: 'fortnightly' })).toBe('reports.every: "week", "month" or a duration such as "30s"');
    expect(problem({ every: '30s', day: 2 })).toBe('reports.day: only with every: "week" or "month"');
    expect(problem({ every: 'week', day: 5, at: '17:00' })).toMatch(/reports\.at: unknown field/);
  });
});

const take = <T>(it: Iterable<T>, n: number): T[] => {
  const out: T[] = [];
  for (const x of it) {
    out.push(x);
    if (out.length === n) break;
  }
  return out;
};

describe('reportPeriods', () => {
  it('ends a weekly period when its report day ends, the first a day after the start at the earliest', () => {
    // Started Thursday 9 May 2024: reports due each Friday, the first on the 10th.
    const thursday = at('2024-05-09T10:00:00');
    expect(take(reportPeriods({ every: 'week', day: 5 }, thursday), 2)).toEqual([
      { start: thursday, end: at('2024-05-11T00:00:00') },
      { start: at('2024-05-11T00:00:00'), end: at('2024-05-18T00:00:00') },
    ]);
    // Started on a Friday: nothing is owed that very day, the first report is the next Friday's.
    const friday = at('2024-05-10T09:00:00');
    expect(take(reportPeriods({ every: 'week', day: 5 }, friday), 1)).toEqual([
      { start: friday, end: at('2024-05-18T00:00:00') },
    ]);
  });

  it('takes a short month’s last day for a day it does not have', () => {
    const ends = take(reportPeriods({ every: 'month', day: 31 }, at('2024-01-15T09:00:00')), 3).map((p) => p.end);
    expect(ends).toEqual([at('2024-02-01T00:00:00'), at('2024-03-01T00:00:00'), at('2024-04-01T00:00:00')]);
  });

  it('counts a fixed length from the start', () => {
    expect(take(reportPeriods({ everyMs: 10 }, 100), 2)).toEqual([
      { start: 100, end: 110 },
      { start: 110, end: 120 },
    ]);
  });
});

describe('漏报 in the schedule', () => {
  const policy = { ...DEFAULT_POLICY, reports: { every: 'week', day: 5 } as const };
  const started = at('2024-05-09T10:00:00');
  const facts: ScheduleFacts = {
    state: 'in_progress',
    dueAt: at('2024-12-31T23:59:59'),
    startedAt: started,
    assignedAt: started - 86_400_000,
    lead: ['自然资源规划建设局'],
    leaders: ['张立鹏'],
    supervisors: ['纪工委'],
  };

  it('tells the lead department when a period ends without a report', () => {
    const plan = planSteps(policy, facts, started, new Set());
    expect(plan.next).toMatchObject({
      kind: 'report_missed',
      at: at('2024-05-11T00:00:00'),
      recipients: [{ role: 'dept', name: '自然资源规划建设局' }],
      light: 'green',
      level: 0,
    });
  });

  it('is satisfied by a report made in the period', () => {
    const reported = { ...facts, lastProgressAt: at('2024-05-10T16:00:00') };
    expect(planSteps(policy, reported, at('2024-05-11T00:00:00'), new Set())).toMatchObject({
      fireNow: [],
      next: { kind: 'report_missed', key: `report_missed:2:${at('2024-05-18T00:00:00')}` },
    });
  });

  it('fires each period missed while watched, and none outside in_progress', () => {
    const late = planSteps(policy, { ...facts, watchedSince: started }, at('2024-05-25T08:00:00'), new Set());
    expect(late.fireNow.filter((s) => s.kind === 'report_missed').map((s) => s.at)).toEqual([
      at('2024-05-11T00:00:00'),
      at('2024-05-18T00:00:00'),
      at('2024-05-25T00:00:00'),
    ]);
    for (const state of ['assigned', 'paused', 'submitted'] as const) {
      const plan = planSteps(policy, { ...facts, state, submittedAt: started }, at('2024-05-25T08:00:00'), new Set());
      expect(plan.fireNow.filter((s) => s.kind === 'report_missed')).toEqual([]);
    }
  });

  it('counts afresh from a rejection: the time spent submitted owes nothing', () => {
    const rejected = at('2024-06-03T10:00:00'); // a Monday
    // The progress cadence is a ladder of its own: kept out of the way here.
    const quiet = { ...policy, progressEveryMs: 365 * 86_400_000 };
    const plan = planSteps(quiet, { ...facts, watchedSince: rejected }, rejected, new Set());
    expect(plan.fireNow).toEqual([]);
    expect(plan.next).toMatchObject({ kind: 'report_missed', at: at('2024-06-08T00:00:00') });
  });
});

describe('漏报 in the machine', () => {
  it('counts each one and keeps it in the timeline', () => {
    let snap = createSnapshot({
      measureId: '2.1',
      lead: ['自然资源规划建设局'],
      support: [],
      leaders: [],
      dueAt: null,
      yellowWithinMs: 0,
      at: '2024-05-08T01:00:00Z',
    });
    snap = applyEvent(snap, { type: 'START', actor: 'dept:自然资源规划建设局', at: '2024-05-09T02:00:00Z' }).snapshot;
    const missed = { type: 'MISSED_REPORT', actor: 'system', level: 0, light: 'green' } as const;
    const first = applyEvent(snap, { ...missed, step: 'report_missed:1:x', at: '2024-05-10T16:00:00Z' });
    expect(first.entry).toMatchObject({
      type: 'MISSED_REPORT',
      actor: 'system',
      detail: 'report_missed:1:x (level 0, green)',
    });
    const second = applyEvent(first.snapshot, { ...missed, step: 'report_missed:2:y', at: '2024-05-17T16:00:00Z' });
    expect(second.snapshot.context.missedReports).toBe(2);
    expect(() =>
      applyEvent(second.snapshot, {
        ...missed,
        actor: 'dept:自然资源规划建设局',
        step: 'z',
        at: '2024-05-18T00:00:00Z',
      }),
    ).toThrow(/timers/);
  });
});

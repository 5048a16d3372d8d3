// Graded lights (分级亮灯): the pure rule, the policy setting, the steps the schedule fires at each grade, and the
// machine's light when the due time moves. Without `policy.lights` nothing changes (schedule.test.ts covers that).
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, EscalationPolicySchema, PolicyError, resolvePolicy } from '../../src/domain/policy';
import {
  applyEvent,
  createSnapshot,
  gradedLight,
  gradeStart,
  lightAt,
  planSteps,
  type ScheduleFacts,
  type Step,
} from '../../src/measure';

const DAY = 86_400_000;
const ASSIGNED = Date.parse('2021-11-01T09:00:00+08:00');
const DUE = ASSIGNED + 100 * DAY;
const GRADES = { yellow: 0.3, orange: 0.15 };
const policy = { ...DEFAULT_POLICY, lights: GRADES };

const facts: ScheduleFacts = {
  state: 'in_progress',
  dueAt: DUE,
  assignedAt: ASSIGNED,
  lead: ['自然资源规划建设局'],
  leaders: ['张立鹏'],
  supervisors: ['纪工委'],
  coordinator: '行政审批服务局',
};

describe('the graded light rule', () => {
  it('turns yellow at 30 % of the span left, orange at 15 %, red at the due time', () => {
    expect(gradeStart(DUE, ASSIGNED, 0.3)).toBe(DUE - 30 * DAY);
    const at = (daysLeft: number) => gradedLight(DUE, DUE - daysLeft * DAY, ASSIGNED, GRADES);
    expect([at(100), at(30.001), at(30), at(15.001), at(15), at(0.001), at(0), at(-5)]).toEqual([
      'green',
      'green',
      'yellow',
      'yellow',
      'orange',
      'orange',
      'red',
      'red',
    ]);
  });

  it('has no orange without an orange share, and no span for a due time before the assignment', () => {
    expect(gradedLight(DUE, DUE - 10 * DAY, ASSIGNED, { yellow: 0.3 })).toBe('yellow');
    expect(gradeStart(ASSIGNED - DAY, ASSIGNED, 0.3)).toBe(ASSIGNED - DAY);
    expect(gradedLight(null, DUE, ASSIGNED, GRADES)).toBe('green');
  });
});

describe('policy.lights', () => {
  it('is kept as given, and absent unless a plan sets it', () => {
    expect(resolvePolicy({ lights: { yellow: 0.3, orange: 0.15 } }).lights).toEqual(GRADES);
    expect(resolvePolicy({ lights: { yellow: 0.5 } }).lights).toEqual({ yellow: 0.5 });
    expect(resolvePolicy({})).not.toHaveProperty('lights');
    expect(EscalationPolicySchema.parse(resolvePolicy({ lights: GRADES }))).toMatchObject({ lights: GRADES });
  });

  it('refuses shares outside (0, 1), an orange not below yellow, and unknown grades, naming the field', () => {
    const problem = (lights: unknown) => {
      try {
        resolvePolicy({ lights });
      } catch (error) {
        return (error as PolicyError).issues.map((i) => `${i.path}: ${i.message}`).join('; ');
      }
      return 'accepted';
    };
    expect(problem({ yellow: 1.2 })).toMatch(/^lights\.yellow: must be less than 1/);
    expect(problem({ yellow: 0 })).toMatch(/^lights\.yellow: must be more than 0/);
    expect(problem({ yellow: 0.2, orange: 0.3 })).toMatch(/^lights\.orange: orange must be a smaller share/);
    expect(problem({ yellow: 0.3, purple: 0.1 })).toMatch(/lights\.purple: unknown field/);
    expect(problem({ orange: 0.1 })).toMatch(/^lights\.yellow:/);
  });
});

/** Follows the schedule like the workflow: fire what is due, mark skipped, sleep until next. */
function drive(until: number, from = ASSIGNED, f: ScheduleFacts = facts): Step[] {
  const fired = new Set<string>();
  const sent: Step[] = [];
  for (let now = from; ;) {
    const plan = planSteps(policy, f, now, fired);
    for (const s of plan.fireNow) {
      sent.push(s);
      fired.add(s.key);
    }
    for (const k of plan.skipped) fired.add(k);
    if (!plan.next || plan.next.at > until) return sent;
    now = plan.next.at;
  }
}

describe('the deadline ladder under graded lights', () => {
  it('fires a step at each grade: yellow reminds the lead department, orange warns it and the leaders', () => {
    const sent = drive(DUE + 3 * DAY);
    expect(sent.map((s) => [s.kind, (s.at - DUE) / DAY, s.light, s.level])).toEqual([
      ['remind', -30, 'yellow', 0],
      ['warn', -15, 'orange', 0],
      ['overdue', 0, 'red', 1],
      ['escalate', 3, 'red', 2],
    ]);
    expect(sent[1]?.recipients).toEqual([
      { role: 'dept', name: '自然资源规划建设局' },
      { role: 'leader', name: '张立鹏' },
    ]);
    expect(sent[1]?.key).toBe(`warn:0:${DUE - 15 * DAY}`);
  });

  it('ignores remindBefore for the deadline reminder, and gives other ladders the graded light', () => {
    const early = planSteps(policy, facts, ASSIGNED, new Set());
    expect(early.next).toMatchObject({ kind: 'remind', at: DUE - 30 * DAY });
    expect(lightAt(policy, facts, DUE - 10 * DAY)).toBe('orange');
    const quiet = { ...facts, startedAt: DUE - 30 * DAY, lastProgressAt: DUE - 29 * DAY };
    const progress = drive(DUE - 14 * DAY, DUE - 16 * DAY, quiet).find((s) => s.kind === 'progress_remind');
    expect(progress).toMatchObject({ at: DUE - 15 * DAY, light: 'orange' });
  });

  it('collapses a late import into the overdue step, told to everyone the grades would have told', () => {
    const late = planSteps(policy, { ...facts, assignedAt: DUE + DAY }, DUE + DAY, new Set());
    expect(late.fireNow.map((s) => s.kind)).toEqual(['overdue']);
    expect(late.skipped).toEqual([`remind:0:${DUE}`, `warn:0:${DUE}`]);
  });
});

describe('the machine under graded lights', () => {
  const input = {
    measureId: '2.1',
    lead: ['自然资源规划建设局'],
    support: [],
    leaders: ['张立鹏'],
    dueAt: new Date(DUE).toISOString(),
    yellowWithinMs: 7 * DAY,
    lights: GRADES,
    at: new Date(ASSIGNED).toISOString(),
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  it('judges the light by the grades when the due time moves, and keeps them internal', () => {
    let snap = createSnapshot(input);
    expect(snap.context.light).toBe('green');
    snap = applyEvent(snap, { type: 'START', actor: 'dept:自然资源规划建设局', at: iso(ASSIGNED + DAY) }).snapshot;
    const request = {
      type: 'REQUEST_EXTENSION',
      actor: 'dept:自然资源规划建设局',
      at: iso(DUE - 20 * DAY),
      newDueAt: iso(DUE + 10 * DAY),
      reason: '需要更多时间',
    } as const;
    snap = applyEvent(snap, request).snapshot;
    snap = applyEvent(snap, { type: 'APPROVE_EXTENSION', actor: 'leader:张立鹏', at: iso(DUE - 10 * DAY) }).snapshot;
    // 20 days left of a 110-day span: 18 % — yellow (not the orange it would be at 10 of 100 days).
    expect(snap.context.light).toBe('yellow');
  });
});

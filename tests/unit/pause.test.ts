// 缓办 (pause), offline: who may ask, approve, deny and resume; what a paused measure refuses; how RESUME moves the
// due time (paused calendar time, or paused working days on the policy's calendar); lateness against the original
// due time; and the schedule, silent while paused and recomputed on resume.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import type { MeasureEvent } from '../../src/domain/events';
import {
  allowedEvents,
  applyEvent,
  createSnapshot,
  decide,
  lightAt,
  persistSnapshot,
  planSteps,
  restoreSnapshot,
  scheduleFacts,
  stateOf,
  type MeasureInput,
  type MeasureSnapshot,
} from '../../src/measure';

const DAY = 86_400_000;
const T0 = Date.parse('2021-11-01T09:00:00+08:00');
const DUE = '2021-12-31T23:59:59+08:00';
const LEAD = 'dept:自然资源规划建设局';
const SUPPORT = 'dept:经济发展局';
const LEADER = 'leader:张立鹏';
const iso = (ms: number) => new Date(ms).toISOString();
const day = (n: number) => iso(T0 + n * DAY);

const INPUT: MeasureInput = {
  measureId: '2.1',
  lead: ['自然资源规划建设局'],
  support: ['经济发展局'],
  leaders: ['张立鹏'],
  dueAt: DUE,
  yellowWithinMs: 7 * DAY,
  at: iso(T0),
};

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;
const REQUEST: Body = { type: 'REQUEST_PAUSE', actor: LEAD, reason: '等待省厅批复', expectedResumeAt: day(30) };
const APPROVE: Body = { type: 'APPROVE_PAUSE', actor: LEADER };
const RESUME: Body = { type: 'RESUME', actor: LEAD };

function run(steps: Array<[Body, number]>, input: MeasureInput = INPUT): MeasureSnapshot {
  return steps.reduce((snap, [body, n]) => applyEvent(snap, { ...body, at: day(n) }).snapshot, createSnapshot(input));
}
const paused = () =>
  run([
    [{ type: 'START', actor: LEAD }, 1],
    [REQUEST, 2],
    [APPROVE, 3],
  ]);
const refusal = (snap: MeasureSnapshot, body: Body, n = 5) => decide(snap, { ...body, at: day(n) });

describe('缓办 in the machine', () => {
  it('pauses open work on approval: state paused, light grey, the request kept', () => {
    const snap = paused();
    expect(stateOf(snap)).toBe('paused');
    expect(snap.context.light).toBe('grey');
    expect(snap.context.pendingPause).toBeUndefined();
    expect(snap.context.paused).toEqual({
      by: LEAD,
      at: day(2),
      reason: '等待省厅批复',
      expectedResumeAt: day(30),
      approvedBy: LEADER,
      pausedAt: day(3),
      from: 'in_progress',
    });
  });

  it('refuses work, timer steps and a second pause while paused, and says why', () => {
    const snap = paused();
    expect(refusal(snap, { type: 'SUBMIT', actor: LEAD })).toMatchObject({
      ok: false,
      code: 'conflict',
      reason: expect.stringMatching(/SUBMIT is not allowed while measure 2\.1 is paused \(缓办中\); RESUME it first/),
      allowed: ['RESUME'],
    });
    expect(refusal(snap, { type: 'OVERDUE', actor: 'system', level: 1, light: 'red', step: 'x' }).ok).toBe(false);
    expect(refusal(snap, REQUEST).ok).toBe(false);
    expect(refusal(snap, { type: 'RESUME', actor: SUPPORT })).toMatchObject({ code: 'forbidden' });
    expect(refusal(snap, { type: 'CANCEL', actor: 'coordinator', reason: '撤销' })).toEqual({ ok: true });
  });

  it('lets only the lead department ask, and only a leader of the measure or the supervision group decide', () => {
    const open = run([[{ type: 'START', actor: LEAD }, 1]]);
    expect(refusal(open, { ...REQUEST, actor: SUPPORT })).toMatchObject({
      code: 'forbidden',
      reason: expect.stringMatching(/only the 牵头部门/),
    });
    const asked = run([
      [{ type: 'START', actor: LEAD }, 1],
      [REQUEST, 2],
    ]);
    expect(refusal(asked, { type: 'APPROVE_PAUSE', actor: LEAD })).toMatchObject({ code: 'forbidden' });
    expect(refusal(asked, { type: 'APPROVE_PAUSE', actor: 'leader:王振海' })).toMatchObject({ code: 'forbidden' });
    expect(refusal(asked, { type: 'APPROVE_PAUSE', actor: 'supervisor' })).toEqual({ ok: true });
    expect(refusal(asked, { type: 'APPROVE_PAUSE', actor: 'coordinator' })).toEqual({ ok: true });
    expect(allowedEvents(asked, LEADER, day(3))).toEqual(['APPROVE_PAUSE', 'DENY_PAUSE']);
    expect(allowedEvents(open, LEAD, day(3))).toContain('REQUEST_PAUSE');
    expect(refusal(asked, REQUEST)).toMatchObject({
      code: 'conflict',
      reason: expect.stringMatching(/already pending/),
    });
  });

  it('takes a plan revision while paused: the new lead and due time at once, grey until RESUME moves it', () => {
    const snap = paused();
    const amend: MeasureEvent = {
      type: 'AMEND',
      actor: 'coordinator',
      at: day(5),
      revision: 2,
      reason: '补充通知',
      lead: ['住房保障中心'],
      dueAt: '2022-01-31T23:59:59+08:00',
    };
    expect(decide(snap, amend)).toEqual({ ok: true });
    const amended = applyEvent(snap, amend).snapshot;
    expect(stateOf(amended)).toBe('paused');
    expect(amended.context).toMatchObject({ lead: ['住房保障中心'], dueAt: '2022-01-31T23:59:59+08:00', light: 'grey' });
    expect(refusal(amended, { ...RESUME, actor: LEAD })).toMatchObject({ code: 'forbidden' });
    const resumed = applyEvent(amended, { type: 'RESUME', actor: 'dept:住房保障中心', at: day(13) }).snapshot;
    // Paused from day 3 to day 13: ten calendar days more on the amended due time (calendar-time policy).
    expect(resumed.context.dueAt).toBe(iso(Date.parse('2022-01-31T23:59:59+08:00') + 10 * DAY));
  });

  it('refuses an approval with nothing pending and an expected resume date in the past', () => {
    const open = run([[{ type: 'START', actor: LEAD }, 1]]);
    expect(refusal(open, APPROVE)).toMatchObject({ reason: expect.stringMatching(/no pending 缓办/) });
    expect(refusal(open, { ...REQUEST, expectedResumeAt: day(4) })).toMatchObject({
      code: 'conflict',
      reason: expect.stringMatching(/^expectedResumeAt must be later than now/),
    });
    expect(refusal(open, RESUME)).toMatchObject({ reason: expect.stringMatching(/is not paused \(缓办\)/) });
  });

  it('a denied request leaves the clock running', () => {
    const snap = run([
      [{ type: 'START', actor: LEAD }, 1],
      [REQUEST, 2],
      [{ type: 'DENY_PAUSE', actor: LEADER, reason: '不符合缓办条件' }, 3],
    ]);
    expect(stateOf(snap)).toBe('in_progress');
    expect(snap.context.pendingPause).toBeUndefined();
    expect(snap.context.dueAt).toBe(DUE);
  });

  it('RESUME returns to where it was and moves the due time by the paused time, apart from extensions', () => {
    const snap = run([
      [{ type: 'START', actor: LEAD }, 1],
      [REQUEST, 2],
      [APPROVE, 3],
      [RESUME, 13],
    ]);
    expect(stateOf(snap)).toBe('in_progress');
    const ctx = snap.context;
    expect(ctx.dueAt).toBe(iso(Date.parse(DUE) + 10 * DAY));
    expect(ctx.originalDueAt).toBe(DUE);
    expect(ctx.extensions).toEqual([]);
    expect(ctx.paused).toBeUndefined();
    expect(ctx.pauses).toEqual([
      expect.objectContaining({
        pausedAt: day(3),
        resumedAt: day(13),
        resumedBy: LEAD,
        dueFrom: DUE,
        shift: { ms: 10 * DAY },
      }),
    ]);
    expect(ctx.light).toBe('green');
    const fromAssigned = run([
      [REQUEST, 2],
      [APPROVE, 3],
      [{ type: 'RESUME', actor: 'supervisor' }, 4],
    ]);
    expect(stateOf(fromAssigned)).toBe('assigned');
  });

  it('drops a pending extension the move has overtaken, and keeps one still later', () => {
    const ask = (newDueAt: string): Body => ({ type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt, reason: '施工期' });
    const soon = iso(Date.parse(DUE) + 5 * DAY);
    const late = iso(Date.parse(DUE) + 30 * DAY);
    const pauseFor10Days = (newDueAt: string) =>
      run([
        [{ type: 'START', actor: LEAD }, 1],
        [ask(newDueAt), 2],
        [REQUEST, 2],
        [APPROVE, 3],
        [RESUME, 13],
      ]);
    expect(pauseFor10Days(soon).context.pendingExtension).toBeUndefined();
    expect(pauseFor10Days(late).context.pendingExtension).toMatchObject({ newDueAt: late });
  });

  it('records the move in the timeline', () => {
    const snap = paused();
    const { entry } = applyEvent(snap, { ...RESUME, at: day(5) });
    expect(entry).toMatchObject({ type: 'RESUME', from: 'paused', to: 'in_progress' });
    expect(entry.detail).toBe(`截止 due ${DUE} → ${iso(Date.parse(DUE) + 2 * DAY)} (缓办顺延 172800 s)`);
  });

  it('judges lateness at SUBMIT against the original due time, not the paused one', () => {
    const snap = run([
      [{ type: 'START', actor: LEAD }, 1],
      [REQUEST, 2],
      [APPROVE, 3],
      [RESUME, 23],
      [{ type: 'SUBMIT', actor: LEAD }, 65],
    ]);
    // Day 65 is 4 days after the original due time and before the moved one (original + 20 days).
    expect(snap.context.submitted?.lateMs).toBe(T0 + 65 * DAY - Date.parse(DUE));
  });

  it('survives persistence while paused (continue-as-new)', () => {
    const restored = restoreSnapshot(JSON.parse(JSON.stringify(persistSnapshot(paused()))));
    expect(stateOf(restored)).toBe('paused');
    const { snapshot } = applyEvent(restored, { ...RESUME, at: day(5) });
    expect(stateOf(snapshot)).toBe('in_progress');
  });
});

describe('缓办 in working days', () => {
  // A plan counting in working days: the machine keeps the rule (yellowRule) and lays the pause on the calendar.
  const rule = { policy: { remindBeforeMs: 3 * DAY, workdays: { remindBefore: 3 } }, dataThrough: 2026 };
  const input: MeasureInput = {
    ...INPUT,
    dueAt: '2024-10-09T17:00:00+08:00',
    yellowRule: rule,
    at: '2024-09-01T09:00:00+08:00',
  };

  it('moves the due time by the working days paused: 国庆 2024 does not count, the 调休 Sunday does', () => {
    let snap = createSnapshot(input);
    const apply = (body: Body, at: string) => (snap = applyEvent(snap, { ...body, at }).snapshot);
    apply({ type: 'START', actor: LEAD }, '2024-09-02T09:00:00+08:00');
    apply({ ...REQUEST, expectedResumeAt: '2024-10-08T00:00:00+08:00' }, '2024-09-26T09:00:00+08:00');
    apply(APPROVE, '2024-09-27T10:00:00+08:00');
    apply(RESUME, '2024-10-08T10:00:00+08:00');
    // Paused Fri 27 Sep → Tue 8 Oct: Sun 29 Sep (调休), Mon 30 Sep, Tue 8 Oct = 3 working days. Due Wed 9 Oct 17:00
    // + 3 working days = Thu 10, Fri 11, Sat 12 Oct (调休) at 17:00.
    expect(snap.context.pauses?.[0]?.shift).toEqual({ workdays: 3 });
    expect(snap.context.dueAt).toBe(iso(Date.parse('2024-10-12T17:00:00+08:00')));
    // Its reminder, 3 working days before, is Wed 9 Oct 17:00: on the morning of the 8th it is green again.
    expect(snap.context.light).toBe('green');
  });
});

describe('缓办 in the schedule', () => {
  const recipients = { supervisors: ['纪工委'], coordinator: '行政审批服务局' };

  it('has no step and a grey light while paused', () => {
    const facts = scheduleFacts(paused(), recipients);
    expect(facts.state).toBe('paused');
    const plan = planSteps(DEFAULT_POLICY, facts, Date.parse(DUE) + DAY, new Set());
    expect(plan).toEqual({ fireNow: [], skipped: [] });
    expect(lightAt(DEFAULT_POLICY, facts, Date.parse(DUE) + DAY)).toBe('grey');
  });

  it('after RESUME, marks steps the move put before the resume done and fires the rest on the new times', () => {
    // Paused in the yellow window (its reminder sent), resumed 10 days later: the moved reminder is not sent again.
    const due = Date.parse(DUE);
    const snap = run([
      [{ type: 'START', actor: LEAD }, 1],
      [{ ...REQUEST, expectedResumeAt: day(70) }, 55],
      [APPROVE, 56],
      [RESUME, 66],
    ]);
    const facts = scheduleFacts(snap, recipients);
    expect(facts.resumedAt).toBe(T0 + 66 * DAY);
    const newDue = due + 10 * DAY;
    const fired = new Set([`remind:0:${due - 7 * DAY}`]);
    const now = T0 + 66 * DAY;
    const plan = planSteps(DEFAULT_POLICY, facts, now, fired);
    expect(plan.fireNow).toEqual([]);
    expect(plan.skipped).toContain(`remind:0:${newDue - 7 * DAY}`);
    expect(plan.next).toMatchObject({ kind: 'overdue', at: newDue });
    // The progress cadence counts afresh from the resume.
    const progress = planSteps(DEFAULT_POLICY, facts, now + 14 * DAY, new Set([...fired, ...plan.skipped]));
    expect(progress.fireNow.map((s) => [s.kind, s.at])).toContainEqual(['progress_remind', now + 14 * DAY]);
  });
});

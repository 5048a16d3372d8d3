/** The measure machine, offline: every allowed transition and every refused one with its reason. */
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  createSnapshot,
  decide,
  persistSnapshot,
  restoreSnapshot,
  stateOf,
  type MeasureSnapshot,
  type MeasureState,
} from '../../src/measure';
import type { MeasureEvent } from '../../src/domain/events';

const T0 = '2021-11-05T09:00:00.000+08:00';
const DUE = '2021-12-31T23:59:59+08:00';
const LEAD = 'dept:自然资源规划建设局';
const SUPPORT = 'dept:经济发展局';
const OTHER = 'dept:税务局';
const LEADER = 'leader:张立鹏';

const at = (offsetDays: number) => new Date(new Date(T0).getTime() + offsetDays * 86_400_000).toISOString();

function fresh(): MeasureSnapshot {
  return createSnapshot({
    measureId: '2.1',
    lead: ['自然资源规划建设局'],
    support: ['经济发展局'],
    leaders: ['张立鹏'],
    dueAt: DUE,
    yellowWithinMs: 7 * 86_400_000,
    at: T0,
  });
}

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;
const ev = (body: Body, day = 1): MeasureEvent => ({ ...body, at: at(day) });

/** Drives a fresh measure along `path` (all must be accepted) and returns the snapshot. */
function drive(path: Body[]): MeasureSnapshot {
  return path.reduce((snap, body, i) => applyEvent(snap, ev(body, i + 1)).snapshot, fresh());
}

const START: Body = { type: 'START', actor: LEAD };
const SUBMIT: Body = { type: 'SUBMIT', actor: LEAD };
const VERIFY: Body = { type: 'VERIFY', actor: 'supervisor' };
const CLOSE: Body = { type: 'CLOSE', actor: 'supervisor' };
const PATHS: Record<MeasureState, Body[]> = {
  assigned: [],
  in_progress: [START],
  paused: [
    START,
    { type: 'REQUEST_PAUSE', actor: LEAD, reason: '待上级批复' },
    { type: 'APPROVE_PAUSE', actor: LEADER },
  ],
  submitted: [START, SUBMIT],
  verified: [START, SUBMIT, VERIFY],
  closed: [START, SUBMIT, VERIFY, CLOSE],
  cancelled: [{ type: 'CANCEL', actor: 'coordinator', reason: '计划调整' }],
};

describe('allowed transitions', () => {
  const cases: Array<[MeasureState, Body, MeasureState]> = [
    ['assigned', START, 'in_progress'],
    [
      'assigned',
      { type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2022-03-31T23:59:59+08:00', reason: '需要' },
      'assigned',
    ],
    ['assigned', { type: 'CANCEL', actor: 'coordinator', reason: '撤销' }, 'cancelled'],
    ['assigned', { type: 'REMIND', actor: 'system', level: 0, light: 'yellow', step: 'remind:0:1' }, 'assigned'],
    ['in_progress', { type: 'REPORT_PROGRESS', actor: LEAD, percent: 40, note: '完成方案' }, 'in_progress'],
    ['in_progress', { type: 'REPORT_PROGRESS', actor: SUPPORT, percent: 50 }, 'in_progress'],
    ['in_progress', SUBMIT, 'submitted'],
    ['in_progress', { type: 'OVERDUE', actor: 'system', level: 1, light: 'red', step: 'overdue:1:1' }, 'in_progress'],
    ['in_progress', { type: 'ESCALATE', actor: 'system', level: 2, light: 'red', step: 'escalate:2:1' }, 'in_progress'],
    ['in_progress', { type: 'CANCEL', actor: 'coordinator', reason: '撤销' }, 'cancelled'],
    ['submitted', VERIFY, 'verified'],
    ['submitted', { type: 'VERIFY', actor: 'coordinator' }, 'verified'],
    ['submitted', { type: 'REJECT', actor: 'supervisor', reason: '材料不全' }, 'in_progress'],
    [
      'submitted',
      { type: 'REMIND', actor: 'system', level: 0, light: 'green', step: 'verify_remind:0:1' },
      'submitted',
    ],
    ['verified', CLOSE, 'closed'],
    ['verified', { type: 'CANCEL', actor: 'coordinator', reason: '撤销' }, 'cancelled'],
  ];
  it.each(cases)('%s --%o--> %s', (from, body, to) => {
    const snap = drive(PATHS[from]);
    const event = ev(body, 10);
    expect(decide(snap, event)).toEqual({ ok: true });
    const { snapshot, entry } = applyEvent(snap, event);
    expect(stateOf(snapshot)).toBe(to);
    expect(entry).toMatchObject({ type: body.type, actor: body.actor, from, to, at: event.at });
  });
});

describe('refused transitions', () => {
  const cases: Array<[MeasureState, Body, 'forbidden' | 'conflict', RegExp]> = [
    ['assigned', { type: 'START', actor: SUPPORT }, 'forbidden', /only the 牵头部门/],
    ['assigned', { type: 'START', actor: OTHER }, 'forbidden', /dept:税务局 may not send START/],
    ['assigned', { type: 'START', actor: 'supervisor' }, 'forbidden', /牵头部门/],
    ['assigned', { type: 'REPORT_PROGRESS', actor: LEAD, percent: 10 }, 'conflict', /签收 with START first/],
    ['assigned', SUBMIT, 'conflict', /not allowed while measure 2\.1 is assigned/],
    ['in_progress', START, 'conflict', /START is not allowed while measure 2\.1 is in_progress/],
    ['in_progress', { type: 'SUBMIT', actor: SUPPORT }, 'forbidden', /only the 牵头部门/],
    ['in_progress', { type: 'REPORT_PROGRESS', actor: OTHER, percent: 5 }, 'forbidden', /配合部门/],
    ['in_progress', VERIFY, 'conflict', /VERIFY is not allowed while measure 2\.1 is in_progress/],
    ['in_progress', { type: 'VERIFY', actor: LEAD }, 'forbidden', /supervision group/],
    ['in_progress', { type: 'CANCEL', actor: 'supervisor', reason: 'x' }, 'forbidden', /coordinating office/],
    ['in_progress', { type: 'REMIND', actor: LEAD, level: 0, light: 'yellow', step: 'x' }, 'forbidden', /timers/],
    ['in_progress', { type: 'APPROVE_EXTENSION', actor: LEADER }, 'conflict', /no pending extension/],
    ['in_progress', { type: 'APPROVE_EXTENSION', actor: 'leader:王振海' }, 'forbidden', /责任领导/],
    [
      'in_progress',
      { type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2021-12-01T00:00:00+08:00', reason: 'x' },
      'conflict',
      /later than the current one/,
    ],
    ['submitted', SUBMIT, 'conflict', /submitted \(已报结，待验收\)/],
    ['submitted', { type: 'REJECT', actor: LEADER, reason: 'x' }, 'forbidden', /supervision group/],
    ['submitted', CLOSE, 'conflict', /allowed now for supervisor: VERIFY, REJECT/],
    ['verified', { type: 'REJECT', actor: 'supervisor', reason: 'x' }, 'conflict', /verified/],
    ['closed', { type: 'CANCEL', actor: 'coordinator', reason: 'x' }, 'conflict', /nothing more can happen/],
    ['cancelled', START, 'conflict', /cancelled/],
  ];
  it.each(cases)('%s: %o → %s', (state, body, code, reason) => {
    const snap = drive(PATHS[state]);
    const verdict = decide(snap, ev(body, 10));
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.code).toBe(code);
    expect(verdict.reason).toMatch(reason);
    expect(() => applyEvent(snap, ev(body, 10))).toThrow(verdict.reason);
  });
});

describe('context', () => {
  it('records who and when of each step, rejections and lateness', () => {
    let snap = fresh();
    const steps: Array<[Body, number]> = [
      [START, 1],
      [{ type: 'REPORT_PROGRESS', actor: LEAD, percent: 60, note: '已起草', attachments: ['plan.docx'] }, 2],
      [SUBMIT, 3],
      [{ type: 'REJECT', actor: 'supervisor', reason: '缺少验收材料' }, 4],
      [SUBMIT, 70], // after the due time: late
      [VERIFY, 71],
      [CLOSE, 72],
    ];
    for (const [body, day] of steps) snap = applyEvent(snap, ev(body, day)).snapshot;
    const ctx = snap.context;
    expect(stateOf(snap)).toBe('closed');
    expect(snap.status).toBe('done');
    expect(ctx.started).toEqual({ by: LEAD, at: at(1) });
    expect(ctx.progress).toEqual({ by: LEAD, at: at(2), percent: 60, note: '已起草', attachments: ['plan.docx'] });
    expect(ctx.rejections).toBe(1);
    expect(ctx.lastRejection).toEqual({ by: 'supervisor', at: at(4), reason: '缺少验收材料' });
    expect(ctx.submitted?.lateMs).toBe(new Date(at(70)).getTime() - new Date(DUE).getTime());
    expect(ctx.light).toBe('green');
    expect(ctx.verified).toEqual({ by: 'supervisor', at: at(71) });
    expect(ctx.closed).toEqual({ by: 'supervisor', at: at(72) });
  });

  it('an approved extension moves the due time, resets escalation and recomputes the light', () => {
    let snap = drive([START]);
    snap = applyEvent(snap, ev({ type: 'OVERDUE', actor: 'system', level: 1, light: 'red', step: 's' }, 2)).snapshot;
    expect(snap.context).toMatchObject({ light: 'red', escalation: 1 });
    const newDueAt = '2022-06-30T23:59:59+08:00';
    snap = applyEvent(snap, ev({ type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt, reason: '资金未到位' }, 3)).snapshot;
    expect(snap.context.pendingExtension).toMatchObject({ newDueAt, by: LEAD });
    const second = decide(snap, ev({ type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt, reason: 'again' }, 4));
    expect(second).toMatchObject({ ok: false, code: 'conflict', reason: expect.stringMatching(/already pending/) });
    snap = applyEvent(snap, ev({ type: 'APPROVE_EXTENSION', actor: LEADER }, 4)).snapshot;
    expect(snap.context).toMatchObject({ dueAt: newDueAt, originalDueAt: DUE, light: 'green', escalation: 0 });
    expect(snap.context.pendingExtension).toBeUndefined();
    expect(snap.context.extensions).toEqual([{ by: LEADER, at: at(4), from: DUE, to: newDueAt }]);
  });

  it('a denied extension keeps the due time', () => {
    let snap = drive([START]);
    snap = applyEvent(
      snap,
      ev({ type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2022-01-31T00:00:00+08:00', reason: 'r' }, 2),
    ).snapshot;
    snap = applyEvent(snap, ev({ type: 'DENY_EXTENSION', actor: 'supervisor', reason: '理由不充分' }, 3)).snapshot;
    expect(snap.context.dueAt).toBe(DUE);
    expect(snap.context.pendingExtension).toBeUndefined();
  });

  it('refuses an extension requested after the due time', () => {
    const snap = drive([START]);
    const late = {
      ...ev({ type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2022-03-01T00:00:00+08:00', reason: 'r' }),
      at: '2022-01-02T00:00:00+08:00',
    };
    expect(decide(snap, late)).toMatchObject({
      ok: false,
      code: 'conflict',
      reason: expect.stringMatching(/before the due time/),
    });
  });

  it('survives persistence (continue-as-new)', () => {
    const snap = drive([START, { type: 'REPORT_PROGRESS', actor: SUPPORT, percent: 30 }]);
    const restored = restoreSnapshot(JSON.parse(JSON.stringify(persistSnapshot(snap))));
    expect(stateOf(restored)).toBe('in_progress');
    expect(restored.context).toEqual(snap.context);
    expect(decide(restored, ev(SUBMIT, 5))).toEqual({ ok: true });
  });
});

describe('the light when the due time moves, with a reminder window in working days', () => {
  // remindBefore 3 working days; the data admitted through 2026.
  const rule = { policy: { remindBeforeMs: 3 * 86_400_000, workdays: { remindBefore: 3 } }, dataThrough: 2026 };
  const create = (dueAt: string, at: string) =>
    createSnapshot({
      measureId: '2.1',
      lead: ['自然资源规划建设局'],
      support: [],
      leaders: ['张立鹏'],
      dueAt,
      yellowWithinMs: 3 * 86_400_000,
      yellowRule: rule,
      at,
    });

  it('judges yellow from the REMIND instant on the calendar, not 3 × 24 h', () => {
    // Due Wednesday 2024-10-09 17:00: REMIND on Sunday 2024-09-29 17:00 (a 调休 day), so on Oct 3 it is yellow.
    expect(create('2024-10-09T17:00:00+08:00', '2024-10-03T09:00:00+08:00').context.light).toBe('yellow');
    expect(create('2024-10-09T17:00:00+08:00', '2024-09-29T16:00:00+08:00').context.light).toBe('green');
  });

  it('recomputes it for the new due time of an approved extension', () => {
    let snap = create('2024-10-09T17:00:00+08:00', '2024-09-01T09:00:00+08:00');
    const apply = (body: Body, iso: string) => (snap = applyEvent(snap, { ...body, at: iso }).snapshot);
    apply({ type: 'START', actor: LEAD }, '2024-09-02T09:00:00+08:00');
    apply(
      { type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2024-10-14T17:00:00+08:00', reason: '节后验收' },
      '2024-09-28T09:00:00+08:00',
    );
    // 3 working days before Monday Oct 14 17:00 is Thursday Oct 10 17:00 (Oct 12, a Saturday, is worked); 3 × 24 h
    // would say Friday Oct 11 17:00. Approved on Oct 3 it is green either way; on Oct 10 at 18:00 only the
    // calendar makes it yellow.
    expect(stateOf(snap)).toBe('in_progress');
    const early = applyEvent(snap, { type: 'APPROVE_EXTENSION', actor: LEADER, at: '2024-10-03T09:00:00+08:00' });
    expect(early.snapshot.context.light).toBe('green');
    const late = applyEvent(snap, { type: 'APPROVE_EXTENSION', actor: LEADER, at: '2024-10-10T18:00:00+08:00' });
    expect(late.snapshot.context.light).toBe('yellow');
  });

  it('persists the rule with the snapshot (continue-as-new)', () => {
    const snap = create('2024-10-09T17:00:00+08:00', '2024-09-01T09:00:00+08:00');
    expect(snap.context.yellowRule).toEqual(rule);
    const persisted = JSON.parse(JSON.stringify(persistSnapshot(snap))) as ReturnType<typeof persistSnapshot>;
    expect(restoreSnapshot(persisted).context.yellowRule).toEqual(rule);
  });
});

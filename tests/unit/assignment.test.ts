/** 改派 (REASSIGN) and the shared change of units, offline: who may, when, what changes, what the record says. */
import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyEvent,
  changeUnits,
  createSnapshot,
  currentSearchAttributes,
  decide,
  nextUnits,
  persistSnapshot,
  restoreSnapshot,
  SA,
  stateOf,
  type MeasureSnapshot,
} from '../../src/measure';
import type { MeasureEvent } from '../../src/domain/events';

const T0 = '2021-11-05T09:00:00.000+08:00';
const OLD = '自然资源规划建设局';
const NEW = '住房和城乡建设局';
const SUPPORT = '经济发展局';
const at = (day: number) => new Date(new Date(T0).getTime() + day * 86_400_000).toISOString();

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;
const ev = (body: Body, day = 1): MeasureEvent => ({ ...body, at: at(day) });

function drive(bodies: Body[]): MeasureSnapshot {
  let snap = createSnapshot({
    measureId: '2.1',
    lead: [OLD],
    support: [SUPPORT],
    leaders: ['张立鹏'],
    dueAt: '2021-12-31T23:59:59+08:00',
    yellowWithinMs: 7 * 86_400_000,
    at: T0,
  });
  bodies.forEach((body, i) => (snap = applyEvent(snap, ev(body, i + 1)).snapshot));
  return snap;
}

const START: Body = { type: 'START', actor: `dept:${OLD}` };
const REASSIGN: Body = { type: 'REASSIGN', actor: 'supervisor', lead: [NEW], reason: '机构改革，职责划转' };

describe('changeUnits (shared by every event that changes units)', () => {
  it('keeps a list not given, names each unit once, and never lists a lead as support', () => {
    expect(nextUnits({ lead: ['A'], support: ['B', 'C'] }, { lead: ['C', 'C'] })).toEqual({
      lead: ['C'],
      support: ['B'],
    });
    expect(nextUnits({ lead: ['A'], support: ['B'] }, { support: [] })).toEqual({ lead: ['A'], support: [] });
  });

  it('appends the change with who, when, why and from → to', () => {
    const out = changeUnits(
      { lead: ['A'], support: ['B'] },
      { lead: ['B'] },
      {
        by: 'coordinator',
        at: T0,
        kind: 'reassign',
        reason: 'r',
      },
    );
    expect(out).toEqual({
      lead: ['B'],
      support: [],
      unitChanges: [
        {
          by: 'coordinator',
          at: T0,
          kind: 'reassign',
          reason: 'r',
          from: { lead: ['A'], support: ['B'] },
          to: { lead: ['B'], support: [] },
        },
      ],
    });
  });
});

describe('改派 (REASSIGN)', () => {
  it('moves the lead at once: the old lead is refused, the new one may act', () => {
    const snap = drive([REASSIGN]);
    expect(snap.context.lead).toEqual([NEW]);
    expect(decide(snap, ev(START, 5))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(decide(snap, ev({ type: 'START', actor: `dept:${NEW}` }, 5))).toEqual({ ok: true });
    expect(allowedEvents(snap, `dept:${NEW}`, at(5))).toContain('START');
    expect(allowedEvents(snap, `dept:${OLD}`, at(5))).toEqual([]);
  });

  it('records who, why and from → to in the context and the 流转记录', () => {
    const before = drive([START]);
    const { snapshot, entry } = applyEvent(before, ev({ ...REASSIGN, support: [SUPPORT, OLD] }, 3));
    expect(stateOf(snapshot)).toBe('in_progress');
    expect(snapshot.context.unitChanges).toEqual([
      {
        by: 'supervisor',
        at: at(3),
        kind: 'reassign',
        reason: '机构改革，职责划转',
        from: { lead: [OLD], support: [SUPPORT] },
        to: { lead: [NEW], support: [SUPPORT, OLD] },
      },
    ]);
    expect(entry).toMatchObject({ type: 'REASSIGN', actor: 'supervisor', from: 'in_progress', to: 'in_progress' });
    expect(entry.detail).toBe(`牵头部门 ${OLD} → ${NEW}；配合部门 ${SUPPORT} → ${SUPPORT}、${OLD}: 机构改革，职责划转`);
  });

  it('is the supervision group’s and the coordinator’s only', () => {
    expect(decide(drive([]), ev({ ...REASSIGN, actor: 'coordinator' }))).toEqual({ ok: true });
    for (const actor of [`dept:${OLD}`, 'leader:张立鹏'] as const) {
      const verdict = decide(drive([]), ev({ ...REASSIGN, actor }));
      expect(verdict).toMatchObject({
        ok: false,
        code: 'forbidden',
        reason: expect.stringMatching(/supervision group/),
      });
    }
  });

  it('is allowed while submitted (a rejection then goes to the new lead), not once verified or finished', () => {
    const submitted = drive([START, { type: 'SUBMIT', actor: `dept:${OLD}` }]);
    const moved = applyEvent(submitted, ev(REASSIGN, 4)).snapshot;
    expect(moved.context.submitted?.by).toBe(`dept:${OLD}`);
    const rejected = applyEvent(moved, ev({ type: 'REJECT', actor: 'supervisor', reason: '材料不全' }, 5)).snapshot;
    expect(decide(rejected, ev({ type: 'SUBMIT', actor: `dept:${NEW}` }, 6))).toEqual({ ok: true });

    const verified = drive([START, { type: 'SUBMIT', actor: `dept:${OLD}` }, { type: 'VERIFY', actor: 'supervisor' }]);
    expect(decide(verified, ev(REASSIGN, 5))).toMatchObject({ ok: false, code: 'conflict', reason: /verified/ });
    const closed = applyEvent(verified, ev({ type: 'CLOSE', actor: 'supervisor' }, 5)).snapshot;
    expect(decide(closed, ev(REASSIGN, 6))).toMatchObject({ ok: false, reason: /nothing more can happen/ });
  });

  it('refuses a 改派 that changes nothing, naming the units', () => {
    const verdict = decide(drive([]), ev({ ...REASSIGN, lead: [OLD], support: [SUPPORT] }));
    expect(verdict).toMatchObject({ ok: false, code: 'conflict', reason: expect.stringMatching(/changes nothing/) });
  });

  it('publishes DubanLead/DubanSupport once the units changed, never before (running histories keep their upserts)', () => {
    const names = (snap: MeasureSnapshot) => currentSearchAttributes(snap).map((p) => p.key.name);
    expect(names(drive([START]))).not.toContain(SA.lead.name);
    const pairs = currentSearchAttributes(drive([START, REASSIGN]));
    expect(pairs).toContainEqual({ key: SA.lead, value: [NEW] });
    expect(pairs).toContainEqual({ key: SA.support, value: [SUPPORT] });
  });

  it('survives persistence (continue-as-new)', () => {
    const snap = drive([START, REASSIGN]);
    const restored = restoreSnapshot(JSON.parse(JSON.stringify(persistSnapshot(snap))));
    expect(restored.context).toEqual(snap.context);
    expect(decide(restored, ev({ type: 'SUBMIT', actor: `dept:${NEW}` }, 5))).toEqual({ ok: true });
  });
});

describe('转办 (TRANSFER_REQUEST / ACCEPT / REFUSE)', () => {
  const REQUEST: Body = { type: 'TRANSFER_REQUEST', actor: `dept:${OLD}`, to: NEW, reason: '不属于本单位职责' };
  const RECEIVER = `dept:${NEW}` as const;

  it('the receiving unit accepts: it leads, the requester drops out, the record says so', () => {
    const pending = drive([START, REQUEST]);
    expect(pending.context.pendingTransfer).toEqual({
      by: `dept:${OLD}`,
      at: at(2),
      to: NEW,
      reason: '不属于本单位职责',
    });
    expect(allowedEvents(pending, RECEIVER, at(3))).toEqual(['TRANSFER_ACCEPT', 'TRANSFER_REFUSE']);
    // Until it accepts, the lead is still the lead.
    expect(decide(pending, ev({ type: 'REPORT_PROGRESS', actor: `dept:${OLD}`, percent: 10 }, 3))).toEqual({
      ok: true,
    });
    expect(decide(pending, ev({ type: 'START', actor: RECEIVER }, 3))).toMatchObject({ ok: false, code: 'forbidden' });

    const { snapshot, entry } = applyEvent(pending, ev({ type: 'TRANSFER_ACCEPT', actor: RECEIVER }, 3));
    expect(snapshot.context).toMatchObject({ lead: [NEW], support: [SUPPORT] });
    expect(snapshot.context.pendingTransfer).toBeUndefined();
    expect(snapshot.context.unitChanges).toEqual([
      {
        by: RECEIVER,
        at: at(3),
        kind: 'transfer',
        reason: '不属于本单位职责',
        from: { lead: [OLD], support: [SUPPORT] },
        to: { lead: [NEW], support: [SUPPORT] },
      },
    ]);
    expect(entry.detail).toBe(`牵头部门 ${OLD} → ${NEW}: 不属于本单位职责`);
    expect(stateOf(snapshot)).toBe('in_progress');
    expect(decide(snapshot, ev({ type: 'SUBMIT', actor: `dept:${OLD}` }, 4))).toMatchObject({ code: 'forbidden' });
    expect(decide(snapshot, ev({ type: 'SUBMIT', actor: RECEIVER }, 4))).toEqual({ ok: true });
  });

  it('a joint lead hands on only its own place; a supporting receiver moves from support to lead', () => {
    const snap = drive([
      { type: 'REASSIGN', actor: 'supervisor', lead: [OLD, '财政局'], reason: '联合牵头' },
      { type: 'TRANSFER_REQUEST', actor: `dept:${OLD}`, to: SUPPORT, reason: 'r' },
      { type: 'TRANSFER_ACCEPT', actor: `dept:${SUPPORT}` },
    ]);
    expect(snap.context).toMatchObject({ lead: [SUPPORT, '财政局'], support: [] });
  });

  it('the receiving unit refuses: nothing changes but the pending request goes', () => {
    const pending = drive([START, REQUEST]);
    const { snapshot, entry } = applyEvent(
      pending,
      ev({ type: 'TRANSFER_REFUSE', actor: RECEIVER, reason: '非本局职能' }, 3),
    );
    expect(snapshot.context).toMatchObject({ lead: [OLD], support: [SUPPORT] });
    expect(snapshot.context.pendingTransfer).toBeUndefined();
    expect(snapshot.context.unitChanges).toEqual([]);
    expect(entry.detail).toBe('非本局职能');
  });

  it('publishes the receiver in DubanSupport while pending, and only then', () => {
    const supportOf = (snap: MeasureSnapshot) =>
      currentSearchAttributes(snap).find((p) => p.key.name === SA.support.name)?.value;
    expect(supportOf(drive([START, REQUEST]))).toEqual([SUPPORT, NEW]);
    expect(supportOf(drive([START, REQUEST, { type: 'TRANSFER_REFUSE', actor: RECEIVER, reason: 'no' }]))).toEqual([
      SUPPORT,
    ]);
  });

  it('refuses what does not fit, with reasons', () => {
    const pending = drive([START, REQUEST]);
    const cases: Array<[MeasureSnapshot, Body, string, RegExp]> = [
      [drive([]), { ...REQUEST, actor: `dept:${SUPPORT}` }, 'forbidden', /only the 牵头部门/],
      [drive([]), { ...REQUEST, to: OLD }, 'conflict', /already leads/],
      [pending, { ...REQUEST, to: '财政局' }, 'conflict', /already pending/],
      [pending, { type: 'TRANSFER_ACCEPT', actor: `dept:${OLD}` }, 'forbidden', /pending 转办 names 住房和城乡建设局/],
      [drive([START]), { type: 'TRANSFER_ACCEPT', actor: RECEIVER }, 'forbidden', /no 转办 is pending/],
      [
        drive([START, { type: 'SUBMIT', actor: `dept:${OLD}` }]),
        REQUEST,
        'conflict',
        /not allowed while measure 2\.1 is submitted/,
      ],
    ];
    for (const [snap, body, code, reason] of cases) {
      expect(decide(snap, ev(body, 5))).toMatchObject({ ok: false, code, reason: expect.stringMatching(reason) });
    }
  });

  it('a SUBMIT or a 改派 withdraws a pending 转办', () => {
    const submitted = drive([START, REQUEST, { type: 'SUBMIT', actor: `dept:${OLD}` }]);
    expect(submitted.context.pendingTransfer).toBeUndefined();
    const reassigned = drive([START, REQUEST, REASSIGN]);
    expect(reassigned.context.pendingTransfer).toBeUndefined();
    expect(reassigned.context.lead).toEqual([NEW]);
  });
});

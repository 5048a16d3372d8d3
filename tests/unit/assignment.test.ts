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

/**
 * AMEND (方案修订) in the machine, offline: only the coordinator sends it; it changes the units (permissions
 * follow at once), the title and the due time (the light and the ladder start afresh, as after an approved
 * extension); an AMEND that changes nothing, or one sent to a closed or cancelled measure, is refused; the
 * timeline says which revision and why; the units reach the search attributes only once a measure was amended.
 */
import { describe, expect, it } from 'vitest';
import type { MeasureEvent } from '../../src/domain/events';
import {
  applyEvent,
  createSnapshot,
  currentSearchAttributes,
  decide,
  measureView,
  changedUnits,
  SA,
  stateOf,
  type MeasureSnapshot,
} from '../../src/measure';

const T0 = '2021-11-05T09:00:00.000+08:00';
const DUE = '2021-12-31T23:59:59+08:00';
const OLD = '自然资源规划建设局';
const NEW = '住房保障中心';

const fresh = (): MeasureSnapshot =>
  createSnapshot({
    measureId: '2.4',
    lead: [OLD],
    support: [],
    leaders: ['张立鹏'],
    dueAt: DUE,
    yellowWithinMs: 7 * 86_400_000,
    at: T0,
  });

type Amend = Extract<MeasureEvent, { type: 'AMEND' }>;
const amend = (fields: Partial<Amend>, at = '2022-01-10T09:00:00+08:00'): Amend => ({
  type: 'AMEND',
  actor: 'coordinator',
  at,
  revision: 2,
  reason: '修订方案 revised.txt',
  ...fields,
});
const apply = (snap: MeasureSnapshot, event: MeasureEvent) => applyEvent(snap, event).snapshot;
const view = (snap: MeasureSnapshot) =>
  measureView(snap, {
    workflowId: 'w',
    planId: 'p',
    planTitle: '方案',
    indicator: { code: '2', name: '办理建筑许可' },
    measure: {
      id: '2.4',
      indicator: '2',
      number: 4,
      title: '推广建筑工程相关保险制度',
      text: '…',
      lead: [OLD],
      support: [],
      leaders: ['张立鹏'],
      dueAt: DUE,
    },
  });

describe('AMEND', () => {
  it('replaces the lead: the new department may act at once, the old one is refused', () => {
    const { snapshot, entry } = applyEvent(fresh(), amend({ lead: [NEW] }));
    expect(snapshot.context).toMatchObject({ lead: [NEW], support: [], leaders: ['张立鹏'] });
    expect(snapshot.context.lastAmendment).toEqual({
      by: 'coordinator',
      at: '2022-01-10T09:00:00+08:00',
      revision: 2,
      reason: '修订方案 revised.txt',
    });
    expect(entry).toMatchObject({ type: 'AMEND', actor: 'coordinator', from: 'assigned', to: 'assigned' });
    expect(entry.detail).toBe('方案修订 r2 (修订方案 revised.txt): 牵头部门 → 住房保障中心');
    const start = (dept: string): MeasureEvent => ({
      type: 'START',
      actor: `dept:${dept}`,
      at: '2022-01-11T09:00:00Z',
    });
    expect(decide(snapshot, start(NEW))).toEqual({ ok: true });
    expect(decide(snapshot, start(OLD))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(stateOf(apply(snapshot, start(NEW)))).toBe('in_progress');
  });

  it('moves the due time as an approved extension does: the light is judged afresh, the ladder from level 0', () => {
    // Past due and escalated: red at level 2.
    let snap = apply(fresh(), { type: 'OVERDUE', actor: 'system', at: DUE, level: 1, light: 'red', step: 'overdue' });
    snap = apply(snap, {
      type: 'ESCALATE',
      actor: 'system',
      at: '2022-01-04T00:00:00Z',
      level: 2,
      light: 'red',
      step: 'e',
    });
    const moved = apply(snap, amend({ dueAt: '2022-06-30T23:59:59+08:00' }));
    expect(moved.context).toMatchObject({
      dueAt: '2022-06-30T23:59:59+08:00',
      originalDueAt: '2022-06-30T23:59:59+08:00',
      light: 'green',
      escalation: 0,
    });
    // Within the reminder window of the new due time: yellow.
    const soon = apply(snap, amend({ dueAt: '2022-01-12T23:59:59+08:00' }));
    expect(soon.context.light).toBe('yellow');
    // 持续推进: no deadline, green.
    expect(apply(snap, amend({ dueAt: null })).context).toMatchObject({ dueAt: null, light: 'green' });
  });

  it('changes the title the view shows, and support and leaders', () => {
    const snap = apply(fresh(), amend({ title: '推广工程质量保险', support: ['经济发展局'], leaders: ['王振海'] }));
    expect(view(snap)).toMatchObject({ title: '推广工程质量保险', support: ['经济发展局'], leaders: ['王振海'] });
    expect(view(fresh()).title).toBe('推广建筑工程相关保险制度');
  });

  it('handed-in work keeps its light when the deadline moves; a pending extension it overtakes lapses', () => {
    const started = apply(fresh(), { type: 'START', actor: `dept:${OLD}`, at: '2021-11-06T09:00:00Z' });
    const submitted = apply(started, { type: 'SUBMIT', actor: `dept:${OLD}`, at: '2021-11-07T09:00:00Z' });
    const later = apply(submitted, amend({ dueAt: '2022-06-30T23:59:59+08:00' }));
    expect(later.context).toMatchObject({ light: 'green', dueAt: '2022-06-30T23:59:59+08:00' });
    expect(stateOf(later)).toBe('submitted');

    const asked = apply(started, {
      type: 'REQUEST_EXTENSION',
      actor: `dept:${OLD}`,
      at: '2021-11-08T09:00:00Z',
      newDueAt: '2022-03-31T23:59:59+08:00',
      reason: '资金未到位',
    });
    expect(apply(asked, amend({ dueAt: '2022-06-30T23:59:59+08:00' })).context.pendingExtension).toBeUndefined();
    expect(apply(asked, amend({ dueAt: '2022-01-31T23:59:59+08:00' })).context.pendingExtension).toBeDefined();
  });

  it('is refused when it changes nothing, from anyone but the coordinator, and on a closed or cancelled measure', () => {
    expect(decide(fresh(), amend({ lead: [OLD], dueAt: '2021-12-31T15:59:59.000Z' }))).toMatchObject({
      ok: false,
      code: 'conflict',
      reason: expect.stringMatching(/changes nothing/),
    });
    expect(decide(fresh(), { ...amend({ lead: [NEW] }), actor: 'supervisor' })).toMatchObject({ code: 'forbidden' });
    expect(decide(fresh(), { ...amend({ lead: [NEW] }), actor: `dept:${OLD}` })).toMatchObject({ code: 'forbidden' });
    const cancelled = apply(fresh(), { type: 'CANCEL', actor: 'coordinator', at: T0, reason: '撤销' });
    expect(decide(cancelled, amend({ lead: [NEW] }))).toMatchObject({
      ok: false,
      code: 'conflict',
      reason: expect.stringMatching(/cancelled .*nothing more can happen/),
    });
    let closed = apply(fresh(), { type: 'START', actor: `dept:${OLD}`, at: T0 });
    for (const e of [
      { type: 'SUBMIT', actor: `dept:${OLD}` },
      { type: 'VERIFY', actor: 'supervisor' },
      { type: 'CLOSE', actor: 'supervisor' },
    ] as const)
      closed = apply(closed, { ...e, at: T0 });
    expect(decide(closed, amend({ lead: [NEW] }))).toMatchObject({ ok: false, code: 'conflict' });
  });

  it('publishes the units as search attributes only once the measure was amended', () => {
    const keys = (snap: MeasureSnapshot) => currentSearchAttributes(snap).map((p) => p.key.name);
    expect(keys(fresh())).not.toContain(SA.lead.name);
    const amended = currentSearchAttributes(apply(fresh(), amend({ lead: [NEW], dueAt: null })));
    expect(amended).toEqual(
      expect.arrayContaining([
        { key: SA.lead, value: [NEW] },
        { key: SA.support, value: null },
        { key: SA.leaders, value: ['张立鹏'] },
        { key: SA.dueAt, value: null },
      ]),
    );
  });
});

describe('changedUnits (the unit lists an AMEND really changes)', () => {
  const units = { lead: ['A'], support: ['B'], leaders: ['L'] };
  it('names only the lists that differ, order aside, and a lead never also counts as support', () => {
    expect(changedUnits(units, { support: ['C', 'D'] })).toEqual(['support']);
    expect(changedUnits(units, { lead: ['A'], support: ['B'], leaders: ['L'] })).toEqual([]);
    expect(changedUnits({ ...units, support: ['B', 'C'] }, { support: ['C', 'B'] })).toEqual([]);
    expect(changedUnits(units, { lead: ['A', 'B'], leaders: ['M'] })).toEqual(['lead', 'support', 'leaders']);
  });
});

/** 分解 (SPLIT / CLOSE_SPLIT / PART_UPDATE), offline: who may split, what a split holds, the roll-up, the SUBMIT block,
 * one level only, and a part's escalation reaching its parent's lead. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import type { MeasureEvent } from '../../src/domain/events';
import { EventRequestSchema } from '../../src/domain/events';
import {
  allowedEvents,
  applyEvent,
  checkEventRequest,
  createSnapshot,
  decide,
  measureView,
  partMeasure,
  persistSnapshot,
  planSteps,
  restoreSnapshot,
  scheduleFacts,
  startSearchAttributes,
  SA,
  stateOf,
  unknownUnits,
  type MeasureSnapshot,
} from '../../src/measure';

const T0 = '2021-11-05T09:00:00.000+08:00';
const DUE = '2021-12-31T23:59:59+08:00';
const LEAD = '自然资源规划建设局';
const UNITS = ['甲街道', '乙街道', '丙街道'];
const at = (day: number) => new Date(new Date(T0).getTime() + day * 86_400_000).toISOString();

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;

function drive(bodies: Body[], parent?: { measureId: string; workflowId: string; lead: string[] }): MeasureSnapshot {
  let snap = createSnapshot({
    measureId: parent ? `${parent.measureId}:p1` : '2.1',
    lead: [LEAD],
    support: [],
    leaders: ['张立鹏'],
    dueAt: DUE,
    yellowWithinMs: 7 * 86_400_000,
    at: T0,
    ...(parent ? { parent } : {}),
  });
  bodies.forEach((body, i) => (snap = applyEvent(snap, { ...body, at: at(i + 1) }).snapshot));
  return snap;
}

const START: Body = { type: 'START', actor: `dept:${LEAD}` };
const SPLIT: Body = {
  type: 'SPLIT',
  actor: `dept:${LEAD}`,
  parts: UNITS.map((unit, i) => ({
    title: `第${i + 1}片区整治`,
    unit,
    ...(i === 0 ? { dueAt: '2021-12-15T18:00:00+08:00' } : {}),
  })),
};
const report = (part: number, state: string): Body => ({
  type: 'PART_UPDATE',
  actor: 'system',
  part,
  state,
  light: 'green',
  escalation: 0,
});

describe('SPLIT', () => {
  it('keeps the parts with ids, units and deadlines (the measure’s own when none is given), assigned and green', () => {
    const snap = drive([START, SPLIT]);
    expect(snap.context.split?.parts).toEqual([
      {
        n: 1,
        measureId: '2.1:p1',
        title: '第1片区整治',
        unit: '甲街道',
        dueAt: '2021-12-15T18:00:00+08:00',
        state: 'assigned',
        light: 'green',
        escalation: 0,
      },
      {
        n: 2,
        measureId: '2.1:p2',
        title: '第2片区整治',
        unit: '乙街道',
        dueAt: DUE,
        state: 'assigned',
        light: 'green',
        escalation: 0,
      },
      {
        n: 3,
        measureId: '2.1:p3',
        title: '第3片区整治',
        unit: '丙街道',
        dueAt: DUE,
        state: 'assigned',
        light: 'green',
        escalation: 0,
      },
    ]);
    expect(stateOf(snap)).toBe('in_progress');
    expect(applyEvent(drive([START]), { ...SPLIT, at: at(2) }).entry.detail).toMatch(
      /^分解为 3 项: 2\.1:p1 第1片区整治（甲街道, 截止 2021-12-15T18:00:00\+08:00）；/,
    );
  });

  it('is the lead’s or the coordinator’s, while assigned or in progress, once', () => {
    expect(decide(drive([]), { ...SPLIT, at: at(1) }).ok).toBe(true); // 已交办
    expect(decide(drive([START]), { ...SPLIT, actor: 'coordinator', at: at(2) }).ok).toBe(true);
    const bySupport = decide(drive([START]), { ...SPLIT, actor: 'dept:甲街道', at: at(2) });
    expect(bySupport).toMatchObject({ ok: false, code: 'forbidden' });
    const again = decide(drive([START, SPLIT]), { ...SPLIT, at: at(3) });
    expect(again).toMatchObject({ ok: false, code: 'conflict' });
    expect(!again.ok && again.reason).toMatch(/already split into 3 parts/);
    const submitted = drive([START, { type: 'SUBMIT', actor: `dept:${LEAD}` }]);
    expect(decide(submitted, { ...SPLIT, at: at(3) }).ok).toBe(false);
    expect(allowedEvents(drive([START]), `dept:${LEAD}`, at(2))).toContain('SPLIT');
  });

  it('refuses a part due after the measure, and duplicate titles, naming the part', () => {
    const late = decide(drive([START]), {
      ...SPLIT,
      parts: [{ title: 'A', unit: '甲街道', dueAt: '2022-01-10T00:00:00+08:00' }],
      at: at(2),
    });
    expect(!late.ok && late.reason).toMatch(/^event\.parts\[0\]\.dueAt: .* is after the measure's own due time/);
    const twice = decide(drive([START]), {
      ...SPLIT,
      parts: [
        { title: 'A', unit: '甲街道' },
        { title: 'A ', unit: '乙街道' },
      ],
      at: at(2),
    });
    expect(!twice.ok && twice.reason).toMatch(/^event\.parts\[1\]\.title: "A" is named twice/);
  });

  it('is one level: a part is not split again', () => {
    const part = drive([{ type: 'START', actor: `dept:${LEAD}` }], {
      measureId: '2.1',
      workflowId: 'duban/p/2.1',
      lead: ['牵头局'],
    });
    const verdict = decide(part, { ...SPLIT, at: at(2) });
    expect(!verdict.ok && verdict.reason).toMatch(/is itself a part of 2\.1: a part is not split again/);
  });

  it('checks its payload in the sandbox as zod does', () => {
    const request = (event: unknown) => ({ actor: `dept:${LEAD}`, event });
    const cases: unknown[] = [
      { type: 'SPLIT', parts: [{ title: 'A', unit: 'B' }] },
      { type: 'SPLIT', parts: [{ title: 'A', unit: 'B', dueAt: DUE }], note: 'n' },
      { type: 'SPLIT', parts: [] },
      { type: 'SPLIT', parts: Array.from({ length: 21 }, (_, i) => ({ title: `${i}`, unit: 'B' })) },
      { type: 'SPLIT', parts: [{ title: '', unit: 'B' }] },
      { type: 'SPLIT', parts: [{ title: 'A', unit: 'B', extra: 1 }] },
      { type: 'SPLIT', parts: [{ title: 'A', unit: 'B', dueAt: '2021-12-31' }] },
      { type: 'SPLIT' },
      { type: 'CLOSE_SPLIT', reason: '已完成' },
      { type: 'CLOSE_SPLIT' },
    ];
    for (const event of cases) {
      expect(checkEventRequest(request(event)).ok, JSON.stringify(event)).toBe(
        EventRequestSchema.safeParse(request(event)).success,
      );
    }
  });

  it('names the units a split gives that the plan does not know', () => {
    expect(unknownUnits([{ unit: 'A' }, { unit: 'X' }, { unit: 'X' }], ['A', 'B'])).toEqual(['X']);
  });
});

describe('the parent while split', () => {
  it('refuses SUBMIT naming the open parts, rolls up as parts report, then accepts it', () => {
    let snap = drive([START, SPLIT]);
    const submit = { type: 'SUBMIT', actor: `dept:${LEAD}`, at: at(5) } as MeasureEvent;
    const refused = decide(snap, submit);
    expect(refused).toMatchObject({ ok: false, code: 'conflict' });
    expect(!refused.ok && refused.reason).toMatch(
      /has 3 open part\(s\) \(分解\): 2\.1:p1 第1片区整治 \(甲街道, assigned\); .*CLOSE_SPLIT/,
    );
    const view = () =>
      measureView(snap, {
        planId: 'p',
        planTitle: 'P',
        indicator: { code: '2', name: 'I' },
        workflowId: 'duban/p/2.1',
        measure: {
          id: '2.1',
          indicator: '2',
          number: 1,
          title: 'T',
          text: 'T',
          lead: [LEAD],
          support: [],
          leaders: [],
          dueAt: DUE,
        },
      });
    expect(view().rollUp).toEqual({ done: 0, total: 3, share: 0 });
    const apply = (body: Body, day: number) => (snap = applyEvent(snap, { ...body, at: at(day) }).snapshot);
    apply(report(1, 'in_progress'), 3);
    apply(report(1, 'verified'), 4);
    expect(view().rollUp).toEqual({ done: 1, total: 3, share: 1 / 3 });
    apply(report(2, 'closed'), 5);
    apply(report(3, 'cancelled'), 6);
    expect(view().rollUp).toEqual({ done: 2, total: 2, share: 1 });
    expect(snap.context.split?.parts[0]).toMatchObject({ state: 'verified', reportedAt: at(4) });
    expect(decide(snap, { ...submit, at: at(7) }).ok).toBe(true);
  });

  it('ignores a report of a part it does not have, or of a state that does not exist', () => {
    const snap = drive([START, SPLIT]);
    expect(decide(snap, { ...report(4, 'verified'), at: at(3) }).ok).toBe(false);
    expect(decide(snap, { ...report(1, 'done'), at: at(3) }).ok).toBe(false);
    expect(decide(snap, { ...report(1, 'verified'), actor: 'dept:甲街道', at: at(3) }).ok).toBe(false);
  });

  it('CLOSE_SPLIT (the lead, with a reason) lets it be handed in with parts open; the parts stay as they are', () => {
    const closed = drive([
      START,
      SPLIT,
      { type: 'CLOSE_SPLIT', actor: `dept:${LEAD}`, reason: '其余片区并入下一阶段' },
    ]);
    expect(closed.context.split?.closed).toMatchObject({ by: `dept:${LEAD}`, reason: '其余片区并入下一阶段' });
    expect(closed.context.split?.parts.every((p) => p.state === 'assigned')).toBe(true);
    expect(decide(closed, { type: 'SUBMIT', actor: `dept:${LEAD}`, at: at(5) }).ok).toBe(true);
    const twice = decide(closed, {
      type: 'CLOSE_SPLIT',
      actor: `dept:${LEAD}`,
      reason: 'x',
      at: at(5),
    });
    expect(!twice.ok && twice.reason).toMatch(/already closed/);
    const unsplit = decide(drive([START]), {
      type: 'CLOSE_SPLIT',
      actor: `dept:${LEAD}`,
      reason: 'x',
      at: at(5),
    });
    expect(!unsplit.ok && unsplit.reason).toMatch(/is not split/);
    expect(
      decide(drive([START, SPLIT]), {
        type: 'CLOSE_SPLIT',
        actor: 'coordinator',
        reason: 'x',
        at: at(5),
      }).ok,
    ).toBe(false);
  });

  it('keeps the split across continue-as-new (persist → restore)', () => {
    const snap = drive([START, SPLIT, report(2, 'submitted')]);
    const restored = restoreSnapshot(JSON.parse(JSON.stringify(persistSnapshot(snap))));
    expect(restored.context.split).toEqual(snap.context.split);
    expect(decide(restored, { type: 'SUBMIT', actor: `dept:${LEAD}`, at: at(5) }).ok).toBe(false);
  });
});

describe('a part', () => {
  const parent = { measureId: '2.1', workflowId: 'duban/p/2.1', lead: ['牵头局'] };

  it('escalates to its unit first (remind, overdue), then at level 2 to the parent’s lead and the supervision group', () => {
    const snap = drive([START], parent);
    const facts = scheduleFacts(snap, { supervisors: ['督导组'], coordinator: '协调办' });
    const far = new Date(DUE).getTime() + 30 * 86_400_000;
    const plan = planSteps(DEFAULT_POLICY, { ...facts, watchedSince: 0 }, far, new Set());
    const byKind = (kind: string, level: number) => plan.fireNow.find((s) => s.kind === kind && s.level === level)!;
    expect(byKind('remind', 0).recipients).toEqual([{ role: 'dept', name: LEAD }]);
    expect(byKind('overdue', 1).recipients).toEqual([
      { role: 'dept', name: LEAD },
      { role: 'leader', name: '张立鹏' },
    ]);
    const escalate = plan.fireNow.find((s) => s.key.startsWith('escalate:2:'))!;
    expect(escalate.recipients).toEqual([
      { role: 'dept', name: '牵头局' },
      { role: 'supervisor', name: '督导组' },
      { role: 'coordinator', name: '协调办' },
    ]);
  });

  it('takes its parent’s new lead (PARENT_LEAD, the system’s): its level-2 escalation then reaches that lead', () => {
    const newLead: Body = { type: 'PARENT_LEAD', actor: 'system', lead: ['新牵头局'] };
    const snap = drive([START, newLead], parent);
    expect(snap.context.parent).toEqual({ ...parent, lead: ['新牵头局'] });
    expect(scheduleFacts(snap, { supervisors: ['督导组'] }).parentLead).toEqual(['新牵头局']);
    // The same lead again changes nothing and is refused; a plan's own measure has no parent to hear of.
    expect(decide(snap, { ...newLead, at: at(5) }).ok).toBe(false);
    expect(decide(drive([START]), { ...newLead, at: at(5) }).ok).toBe(false);
    expect(decide(drive([START], parent), { ...newLead, actor: `dept:${LEAD}`, at: at(5) })).toMatchObject({
      code: 'forbidden',
    });
  });

  it('a measure of a plan escalates as before (no parent lead)', () => {
    const facts = scheduleFacts(drive([START]), { supervisors: ['督导组'] });
    expect(facts.parentLead).toBeUndefined();
  });

  it('is a measure of its unit, with the parent’s leaders and its own deadline, findable by DubanParent', () => {
    const snap = drive([START, SPLIT]);
    const m = partMeasure(
      {
        id: '2.1',
        indicator: '2',
        number: 1,
        title: '整治',
        text: '整治全文',
        lead: [LEAD],
        support: ['配合局'],
        leaders: ['张立鹏'],
        dueAt: DUE,
      },
      snap.context.split!.parts[0]!,
    );
    expect(m).toMatchObject({
      id: '2.1:p1',
      lead: ['甲街道'],
      support: [],
      leaders: ['张立鹏'],
      dueAt: '2021-12-15T18:00:00+08:00',
    });
    const pairs = startSearchAttributes({
      planId: 'p',
      planTitle: 'P',
      indicator: { code: '2', name: 'I' },
      measure: m,
      parent,
    });
    expect(pairs).toContainEqual({ key: SA.parent, value: 'duban/p/2.1' });
    expect(
      startSearchAttributes({ planId: 'p', planTitle: 'P', indicator: { code: '2', name: 'I' }, measure: m }).some(
        (p) => p.key === SA.parent,
      ),
    ).toBe(false);
  });
});

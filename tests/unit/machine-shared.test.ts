/**
 * The worker shares XState and the measure machine between every cached workflow (PRELOADED_MODULES in
 * src/worker/bundle.ts), deep-frozen the way the Temporal SDK freezes preloaded modules. This drives every kind of event
 * through a frozen machine: if XState or the machine wrote to anything shared, strict mode would throw here.
 */
import * as xstate from 'xstate';
import { beforeAll, describe, expect, it } from 'vitest';
import * as machine from '../../src/measure';
import type { MeasureEvent } from '../../src/domain/events';
import { PRELOADED_MODULES } from '../../src/worker/bundle';

/**
 * What the SDK's reusable VM does to a preloaded module's exports (reusable-vm.js deepFreeze): objects are frozen
 * through and through; functions (and classes) are frozen themselves, their prototypes are left alone.
 */
function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  if (seen.has(value) || Object.isFrozen(value)) return;
  seen.add(value);
  if (typeof value === 'object')
    for (const key of Reflect.ownKeys(value)) {
      try {
        deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
      } catch {
        // Some objects (typed arrays) cannot be frozen; the SDK skips them too.
      }
    }
  Object.freeze(value);
}

const LEAD = 'dept:自然资源规划建设局';
const T0 = Date.parse('2021-11-05T01:00:00Z');
let day = 0;
const at = () => new Date(T0 + ++day * 86_400_000).toISOString();

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;

function run(events: Body[]) {
  let snapshot = machine.createSnapshot({
    measureId: '2.1',
    lead: ['自然资源规划建设局'],
    support: ['经济发展局'],
    leaders: ['张立鹏'],
    dueAt: '2021-12-31T23:59:59+08:00',
    yellowWithinMs: 7 * 86_400_000,
    at: at(),
  });
  for (const body of events) {
    const event = { ...body, at: at() };
    const verdict = machine.decide(snapshot, event);
    if (!verdict.ok) throw new Error(`${event.type} refused: ${verdict.reason}`);
    snapshot = machine.applyEvent(snapshot, event).snapshot;
    snapshot = machine.restoreSnapshot(JSON.parse(JSON.stringify(machine.persistSnapshot(snapshot))));
  }
  return snapshot;
}

describe('the measure machine, shared and frozen as the worker preloads it', () => {
  beforeAll(() => {
    expect(PRELOADED_MODULES).toContain('xstate');
    // Every export (the test runner's module namespace objects themselves cannot be frozen; webpack's can).
    for (const exports of [xstate, machine]) for (const value of Object.values(exports)) deepFreeze(value);
    expect(Object.isFrozen(machine.measureMachine)).toBe(true);
  });

  it('runs a whole lifecycle with every kind of event', () => {
    const snapshot = run([
      { type: 'REMIND', actor: 'system', level: 0, light: 'yellow', step: 'remind:0:1' },
      { type: 'START', actor: LEAD },
      { type: 'REPORT_PROGRESS', actor: 'dept:经济发展局', percent: 30 },
      { type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2022-01-31T23:59:59+08:00', reason: '资金未到位' },
      { type: 'DENY_EXTENSION', actor: 'supervisor', reason: '理由不充分' },
      { type: 'OVERDUE', actor: 'system', level: 1, light: 'red', step: 'overdue:1:1' },
      { type: 'ESCALATE', actor: 'system', level: 2, light: 'red', step: 'escalate:2:1' },
      { type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2022-03-31T23:59:59+08:00', reason: '施工季节' },
      { type: 'APPROVE_EXTENSION', actor: 'leader:张立鹏' },
      { type: 'SUBMIT', actor: LEAD },
      { type: 'REJECT', actor: 'supervisor', reason: '缺少验收材料' },
      { type: 'SUBMIT', actor: LEAD },
      { type: 'FAIL_QUALITY', actor: 'supervisor', reason: '整改不到位' },
      { type: 'SUBMIT', actor: LEAD },
      { type: 'VERIFY', actor: 'supervisor', grade: '良好' },
      { type: 'CLOSE', actor: 'supervisor' },
    ]);
    expect(machine.stateOf(snapshot)).toBe('closed');
    expect(snapshot.context).toMatchObject({ rejections: 2, dueAt: '2022-03-31T23:59:59+08:00' });
    expect(snapshot.context.quality?.grade).toBe('良好');
  });

  it('changes units: 改派 and 转办', () => {
    const snapshot = run([
      { type: 'TRANSFER_REQUEST', actor: LEAD, to: '住房和城乡建设局', reason: '不属于本单位职责' },
      { type: 'TRANSFER_REFUSE', actor: 'dept:住房和城乡建设局', reason: '非本局职能' },
      { type: 'REASSIGN', actor: 'supervisor', lead: ['财政局'], reason: '职责调整' },
      { type: 'TRANSFER_REQUEST', actor: 'dept:财政局', to: '税务局', reason: 'r' },
      { type: 'TRANSFER_ACCEPT', actor: 'dept:税务局' },
    ]);
    expect(snapshot.context).toMatchObject({ lead: ['税务局'], support: ['经济发展局'] });
    expect(snapshot.context.unitChanges).toHaveLength(2);
  });

  it('cancels, and refuses what the table forbids', () => {
    const cancelled = run([{ type: 'CANCEL', actor: 'coordinator', reason: '计划调整' }]);
    expect(machine.stateOf(cancelled)).toBe('cancelled');
    const refused = machine.decide(cancelled, { type: 'START', actor: LEAD, at: at() });
    expect(refused).toMatchObject({ ok: false, code: 'conflict' });
  });
});

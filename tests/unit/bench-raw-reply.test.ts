// The raw side's view-sized reply (bench/raw-reply.ts) stays the size of the view duban's event update answers with
// in the bench (a measure of the synthetic plan after START and progress reports), so "raw with the view as reply"
// keeps carrying what duban carries as the view grows or shrinks.
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/domain/policy';
import type { MeasureEvent } from '../../src/domain/events';
import { measureInputs } from '../../src/importer/start';
import { applyEvent, measureView, openingSnapshot, planSteps, policyCalendar, scheduleFacts } from '../../src/measure';
import { RAW_REPLY } from '../../bench/raw-reply';
import { leadActor, syntheticPlan } from '../../bench/plan';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('the raw update’s view-sized reply', () => {
  it('is within 5 % of the bench measure’s real view, with the same fields', () => {
    const plan = syntheticPlan({ id: 'bench-events', count: 200, dueAt: () => '2027-06-30T18:00:00+08:00' });
    const input = measureInputs(plan, resolvePolicy())[0]!;
    const calendar = policyCalendar(input.policy, () => true);
    const at = (ms: number) => new Date(Date.parse('2026-12-02T20:00:00Z') + ms).toISOString();
    let snapshot = openingSnapshot(input, input.policy, at(0), calendar);
    const actor = leadActor(input.measure);
    const events: MeasureEvent[] = [
      { type: 'START', actor, at: at(1000) },
      ...[1, 2, 40].map((percent, i): MeasureEvent => ({ type: 'REPORT_PROGRESS', actor, at: at(2000 + i), percent })),
    ];
    for (const event of events) snapshot = applyEvent(snapshot, event).snapshot;
    const next = planSteps(
      input.policy,
      scheduleFacts(snapshot, input),
      Date.parse(at(3000)),
      new Set(),
      calendar,
    ).next;
    const view = measureView(snapshot, { ...input, workflowId: 'duban/bench-events/1.1' }, next);

    expect(Object.keys(RAW_REPLY).sort()).toEqual(Object.keys(view).sort());
    expect(Math.abs(bytes(RAW_REPLY) - bytes(view)) / bytes(view)).toBeLessThan(0.05);
  });
});

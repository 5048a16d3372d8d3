/**
 * What one event costs in duban's pure workflow code, piece by piece, outside the workflow sandbox (so without the
 * SDK's per-promise hook): the validator, the handler's apply, publish and view, and the loop's schedule pass —
 * the same calls measureWorkflow makes for a REPORT_PROGRESS on a started measure with the office defaults.
 *   npx tsx scripts/profile/core-per-event.ts [--events 20000]
 */
import { parseArgs } from 'node:util';
import { resolvePolicy } from '../../src/domain/policy';
import type { MeasureEvent } from '../../src/domain/events';
import { measureInputs } from '../../src/importer/start';
import {
  applyEvent,
  checkEventRequest,
  currentDetails,
  currentSearchAttributes,
  decide,
  measureView,
  openingSnapshot,
  planSteps,
  policyCalendar,
  scheduleFacts,
  unitNotices,
  type MeasureSnapshot,
} from '../../src/measure';
import { syntheticPlan } from '../../bench/plan';

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' } } });
const events = Number(values.events);

const plan = syntheticPlan({ id: 'core', count: 1, dueAt: () => '2026-12-31T18:00:00+08:00' });
const input = measureInputs(plan, resolvePolicy())[0]!;
const { measure, policy } = input;
const lead = `dept:${measure.lead[0]}`;
const iso = (ms: number) => new Date(ms).toISOString();

const costs = new Map<string, number>();
const timed = <T>(name: string, run: () => T): T => {
  const t = performance.now();
  const out = run();
  costs.set(name, (costs.get(name) ?? 0) + performance.now() - t);
  return out;
};

const calendar = () => policyCalendar(policy, () => true);
let snapshot: MeasureSnapshot = openingSnapshot(input, policy, iso(Date.now()), calendar());
snapshot = applyEvent(snapshot, { type: 'START', actor: lead, at: iso(Date.now()) }).snapshot;
const fired = new Set<string>();

const once = (percent: number, measureIt: boolean) => {
  const t = measureIt ? timed : <T>(_: string, run: () => T) => run();
  const request = { actor: lead, event: { type: 'REPORT_PROGRESS', percent } };
  const at = iso(Date.now());
  // validator
  const parsed = t('validator: checkEventRequest', () => checkEventRequest(request));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const event = { ...parsed.value.event, actor: lead, at } as MeasureEvent;
  t('validator: decide', () => decide(snapshot, event));
  // handler
  snapshot = t('handler: applyEvent', () => applyEvent(snapshot, event)).snapshot;
  t('publish: search attributes + signature', () => JSON.stringify(currentSearchAttributes(snapshot)));
  t('publish: details', () => currentDetails(snapshot, measure.title));
  t('handler: view', () => measureView(snapshot, { ...input, workflowId: 'w' }));
  // the loop's pass
  t('loop: unitNotices', () =>
    unitNotices(
      snapshot.context,
      { workflowId: 'w', planId: 'p', measureId: measure.id, title: measure.title, dueAt: null },
      0,
    ),
  );
  const cal = t('loop: calendar()', calendar);
  t('loop: scheduleFacts + planSteps', () => planSteps(policy, scheduleFacts(snapshot, input), Date.now(), fired, cal));
  t('publish (again): search attributes + details', () => [
    JSON.stringify(currentSearchAttributes(snapshot)),
    currentDetails(snapshot, measure.title),
  ]);
};

for (let i = 0; i < 2000; i++) once(i % 99, false);
for (let i = 0; i < events; i++) once(i % 99, true);
const total = [...costs.values()].reduce((a, b) => a + b, 0);
console.log(`per event, over ${events} REPORT_PROGRESS (plain Node, no sandbox):`);
for (const [name, ms] of [...costs].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${((ms / events) * 1000).toFixed(1).padStart(7)} µs  ${name}`);
}
console.log(`  ${((total / events) * 1000).toFixed(1).padStart(7)} µs  total`);
const v = measureView(snapshot, { ...input, workflowId: 'duban/core/1.1' });
console.log(
  'view bytes',
  JSON.stringify(v).length,
  Object.entries(v)
    .map(([k, x]) => `${k}:${JSON.stringify(x)?.length}`)
    .join(' '),
);

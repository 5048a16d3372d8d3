/**
 * What the event route's own pure parts cost per request in a warm loop (plain Node, no HTTP, no Temporal), to set
 * beside what the same parts cost in place, in a profile of `duban api` under load (docs/performance.md, the
 * seventh pass): the body's JSON parse and zod validation, `allowed` (allowedFor), and the 200 reply's serializer
 * as Fastify calls it (fastify-type-provider-zod: zod encode, then JSON.stringify) against JSON.stringify alone.
 *   npx tsx scripts/profile/route-parts.ts [--requests 20000]
 */
import { parseArgs } from 'node:util';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { parseJsonBody } from '../../src/api/app';
import { MeasureWithAllowedSchema } from '../../src/api/schemas';
import { PersonEventBodySchema, type MeasureEvent } from '../../src/domain/events';
import { resolvePolicy } from '../../src/domain/policy';
import { measureInputs } from '../../src/importer/start';
import { allowedFor, applyEvent, measureView, openingSnapshot, policyCalendar } from '../../src/measure';
import { syntheticPlan } from '../../bench/plan';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '20000' } } });
const requests = Number(values.requests);

// The bench's measure as its workflow opens it, started, with one progress report: the view a REPORT_PROGRESS
// answers with.
const plan = syntheticPlan({ id: 'route', count: 1, dueAt: () => '2026-12-31T18:00:00+08:00' });
const input = measureInputs(plan, resolvePolicy())[0]!;
const { measure, policy } = input;
const lead = `dept:${measure.lead[0]}` as const;
const at = new Date().toISOString();
let snapshot = openingSnapshot(input, policy, at, policy.workdays ? policyCalendar(policy) : undefined);
for (const event of [
  { type: 'START', actor: lead, at },
  { type: 'REPORT_PROGRESS', actor: lead, at, percent: 40, note: '已梳理现行审批流程' },
] as MeasureEvent[]) {
  snapshot = applyEvent(snapshot, event).snapshot;
}
const view = measureView(snapshot, { ...input, workflowId: `duban/${plan.id}/${measure.id}` });
const reply = { ...view, allowed: allowedFor(view, lead, at) };
const body = JSON.stringify({ type: 'REPORT_PROGRESS', percent: 41, note: '已梳理现行审批流程' });
const serialize = serializerCompiler({
  schema: MeasureWithAllowedSchema,
  method: 'POST',
  url: '/api/measures/:planId/:measureId/events',
}) as (data: unknown) => string;

const parts: Array<[string, () => unknown]> = [
  ['body: parseJsonBody (JSON.parse with the __proto__ reviver)', () => parseJsonBody(body)],
  ['body: JSON.parse alone', () => JSON.parse(body) as unknown],
  ['body: zod (PersonEventBodySchema)', () => PersonEventBodySchema.parse(JSON.parse(body))],
  ['allowed: allowedFor', () => allowedFor(view, lead, at)],
  ['reply: zod encode + JSON.stringify (the route’s serializer)', () => serialize(reply)],
  ['reply: JSON.stringify alone', () => JSON.stringify(reply)],
];

console.log(`per request, warm loop of ${requests} (reply ${serialize(reply).length} bytes):`);
for (const [name, run] of parts) {
  for (let i = 0; i < 2000; i++) run();
  const began = performance.now();
  for (let i = 0; i < requests; i++) run();
  console.log(`  ${(((performance.now() - began) / requests) * 1000).toFixed(1).padStart(7)} µs  ${name}`);
}

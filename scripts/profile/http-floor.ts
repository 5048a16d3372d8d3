/**
 * The HTTP layer's own cost, without Temporal: duban's real Fastify app (routes, auth, zod validation and response
 * serialisation, problem handling) in front of a service whose `send` answers at once with a fixed view, driven
 * over loopback exactly as the bench's event round trip is (fetch, keep-alive pool, concurrency 4). What is left
 * of a round trip's latency here is what HTTP adds to the workflow's; `--profile FILE` records the CPU profile.
 *   npx tsx scripts/profile/http-floor.ts [--count 4000] [--profile /tmp/http-floor.cpuprofile]
 * The client is the bench's (node:http); `--compare` instead alternates it with fetch in 6 rounds and prints both.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Client } from '@temporalio/client';
import { buildApp } from '../../src/api/app';
import { createAuthenticator, devToken } from '../../src/auth/tokens';
import { allowedFor, createSnapshot, measureView } from '../../src/measure';
import type { MeasureService } from '../../src/service/measures';
import { farPlan } from '../../bench/import-phase';
import { leadActor } from '../../bench/plan';
import { timedPool } from '../../bench/pool';
import { summarize } from '../../bench/stats';
import { keepAliveHttpAgent } from '../../bench/http-client';
import { httpSend, keepAliveAgent, nodeHttpSend, progress, type Target } from '../../bench/update-phase';

async function main() {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, profile: { type: 'string' }, compare: { type: 'boolean' } },
  });
  const count = Number(values.count ?? 4000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-http-floor-'));
  const plan = farPlan('floor', 50);
  const measure = plan.indicators[0]!.measures[0]!;
  const planned = { planId: plan.id, planTitle: plan.title, indicator: { code: '1', name: '指标1' }, measure };
  const snapshot = createSnapshot({
    ...measure,
    measureId: measure.id,
    yellowWithinMs: 0,
    at: new Date().toISOString(),
  });
  const view = measureView(snapshot, { ...planned, workflowId: `duban/${plan.id}/${measure.id}` });
  // The real service's send answers the view plus `allowed` (computed per request, as MeasureService does).
  const service = {
    send: (_ref: unknown, actor: string) =>
      Promise.resolve({ ...view, allowed: allowedFor(view, actor as never, new Date().toISOString()) }),
  } as unknown as MeasureService;
  const client = { withDeadline: (_: number, fn: () => Promise<unknown>) => fn() } as unknown as Client;
  const auth = createAuthenticator({ mode: 'dev', tokensFile: path.join(dataDir, 'tokens.json'), dataDir });
  const app = buildApp({ service, client, taskQueue: 'floor', auth });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const target: Target = {
    planId: plan.id,
    measure,
    rawId: '',
    token: devToken(leadActor(measure), dataDir),
    percent: 0,
  };
  const dispatcher = await keepAliveAgent(url, 4);
  const agent = keepAliveHttpAgent(4);
  const clients = { http: nodeHttpSend(url, agent), fetch: httpSend(url, dispatcher) };
  const timed = async (client: keyof typeof clients, n: number) => {
    const send = clients[client];
    const cpu = process.cpuUsage();
    const began = performance.now();
    const latencies = await timedPool(n, 4, () => send(target, progress({ ...target, percent: 0 })));
    const ms = performance.now() - began;
    const used = process.cpuUsage(cpu);
    return { latencies, ms, cpuMs: (used.user + used.system) / 1000 };
  };
  await timed('http', count); // warm
  await timed('fetch', count);
  if (values.compare) {
    const all = { http: [] as number[], fetch: [] as number[] };
    const cpu = { http: 0, fetch: 0 };
    for (let round = 0; round < 6; round++) {
      for (const client of round % 2 ? (['fetch', 'http'] as const) : (['http', 'fetch'] as const)) {
        const r = await timed(client, Math.ceil(count / 6));
        all[client].push(...r.latencies);
        cpu[client] += r.cpuMs;
      }
    }
    for (const client of ['http', 'fetch'] as const) {
      const s = summarize(all[client]);
      const perRequest = cpu[client] / all[client].length;
      process.stdout.write(
        `${JSON.stringify({ client, count: s.count, p50: s.p50, p99: s.p99, cpuMsPerRequest: perRequest })}\n`,
      );
    }
  } else {
    let session: Session | undefined;
    if (values.profile) {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const r = await timed('http', count);
    if (session && values.profile) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(values.profile, JSON.stringify(profile));
    }
    const s = summarize(r.latencies);
    process.stdout.write(
      `${JSON.stringify({ count, p50: s.p50, p99: s.p99, perSecond: (count * 1000) / r.ms, cpuMsPerRequest: r.cpuMs / count })}\n`,
    );
  }
  agent.destroy();
  await dispatcher.close();
  await app.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

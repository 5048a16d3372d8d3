/**
 * Event round trip: REPORT_PROGRESS on started measures through the real HTTP API (node:http over loopback on a
 * keep-alive connection pool, to `duban api` in a process of its own) against a raw `executeUpdate` on the no-op
 * workflow with the same payload. Three more sides split the difference: the raw update behind a bare node:http
 * server of its own (what any HTTP hop costs here), MeasureService.send without HTTP (duban's workflow and
 * service without the HTTP layer), and the raw update answering with a reply the size of duban's view (what
 * carrying the view costs Temporal, raw-reply.ts). All five are timed in one client process of their own (client-process.ts),
 * as every real client runs, so no side shares an event loop with the workers; the sides take turns in rounds at
 * the same concurrency (the order rotates), so background work hits them alike.
 */
import type { Agent } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Measure } from '../src/domain/plan';
import type { PersonEventBody } from '../src/domain/events';
import { measureWorkflowId } from '../src/temporal/names';
import { dubanImport, farPlan, rawIds, rawImport } from './import-phase';
import { rawUpdate } from './raw-update';
import { leadActor } from './plan';
import { postEvent } from './http-client';
import { ClientProcess, type ClientJob } from './client-process';
import { RAW_HTTP_TOKEN, type RawHttpServer } from './raw-http-server';
import type { BenchStack } from './stack';
import { ratio, summarize, type LatencySummary } from './stats';

export interface UpdateOptions {
  /** Measures (and no-op workflows) the updates are spread over. */
  targets: number;
  /** Timed updates per side. */
  updates: number;
  concurrency: number;
  rounds: number;
}

export interface UpdateResult {
  /** Through HTTP to the API's own process. */
  api: LatencySummary;
  /** Raw executeUpdate behind a bare node:http server of its own (raw-http-server.ts). */
  rawHttp: LatencySummary;
  /** MeasureService.send: duban's workflow cost without the HTTP layer. */
  service: LatencySummary;
  raw: LatencySummary;
  /** Raw executeUpdate answering with a view-sized reply (raw-reply.ts). */
  rawReply: LatencySummary;
  apiP50Ratio: number;
  apiP99Ratio: number;
}

type Dispatcher = NonNullable<RequestInit['dispatcher']>;
type AgentClass = new (options: { keepAliveTimeout: number; connections: number }) => Dispatcher & {
  close(): Promise<void>;
};

/**
 * A keep-alive connection pool for fetch. Node bundles undici without exporting it; its global dispatcher (created
 * by the first fetch) is an undici Agent, so its constructor gives a pool sized to this benchmark's callers.
 */
export async function keepAliveAgent(url: string, connections: number) {
  await fetch(`${url}/healthz`).then((r) => r.arrayBuffer());
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')];
  const Agent = (global as { constructor?: unknown } | undefined)?.constructor as AgentClass | undefined;
  if (!Agent) throw new Error('cannot find fetch’s undici Agent (Node ≥ 18 required)');
  return new Agent({ keepAliveTimeout: 60_000, connections });
}

export interface Target {
  planId: string;
  measure: Measure;
  rawId: string;
  token: string;
  percent: number;
}

type Send = (t: Target, event: PersonEventBody) => Promise<void>;
/** One side of the comparison: the job that sends `event` to `t`, run in the client process. */
export type Side = (t: Target, event: PersonEventBody) => ClientJob;

const eventsUrl = (apiUrl: string, t: Target) => `${apiUrl}/api/measures/${t.planId}/${t.measure.id}/events`;

export const httpSide =
  (apiUrl: string): Side =>
  (t, event) => ({ kind: 'http', url: eventsUrl(apiUrl, t), token: t.token, body: JSON.stringify(event) });

/** The raw workflow's events through the bare HTTP server. */
export const rawHttpSide =
  (server: RawHttpServer): Side =>
  (t, event) => ({ kind: 'http', url: server.eventsUrl(t.rawId), token: RAW_HTTP_TOKEN, body: JSON.stringify(event) });

export const temporalSide =
  (kind: 'service' | 'raw' | 'rawReply'): Side =>
  (t, event) => ({
    kind,
    workflowId: kind === 'service' ? measureWorkflowId(t.planId, t.measure.id) : t.rawId,
    actor: leadActor(t.measure),
    event,
  });

/** Each measure beside the raw workflow it is compared with, and its lead's token. */
export function targetsOf(stack: BenchStack, planId: string, measures: Measure[], rawIds: string[]): Target[] {
  return measures.map((measure, i) => ({
    planId,
    measure,
    rawId: rawIds[i]!,
    token: stack.tokenFor(leadActor(measure)),
    percent: 0,
  }));
}

/** The round trip through node:http (the bench's client: see http-client.ts). */
export function nodeHttpSend(apiUrl: string, agent: Agent): Send {
  return (t, event) => postEvent(agent, eventsUrl(apiUrl, t), t.token, JSON.stringify(event));
}

/** The same through fetch (what the bench used before; kept for comparing the two clients). */
export function httpSend(apiUrl: string, dispatcher: Dispatcher): Send {
  return async (t, event) => {
    const url = eventsUrl(apiUrl, t);
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(event),
      dispatcher,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST ${url} → ${response.status}: ${text}`);
  };
}

export function serviceSend(stack: BenchStack): Send {
  return async (t, event) => {
    await stack.service.send(measureWorkflowId(t.planId, t.measure.id), leadActor(t.measure), event);
  };
}

export function rawSend(client: Client): Send {
  return async (t, event) => {
    await rawUpdate(client, t.rawId, leadActor(t.measure), event);
  };
}

export const progress = (t: Target): PersonEventBody => ({
  type: 'REPORT_PROGRESS',
  percent: (t.percent = Math.min(99, t.percent + 1)),
});

/** `count` measures and as many raw workflows, imported, as round-trip targets (neither started yet). */
export async function importedTargets(stack: BenchStack, prefix: string, count: number): Promise<Target[]> {
  const plan = farPlan(`${prefix}-events`, count);
  const ids = rawIds(`${prefix}-raw`, count);
  await dubanImport(stack.client, plan, 50, [stack.duban.worker]);
  await rawImport(stack.client, ids, 50, [stack.raw.worker]);
  return targetsOf(
    stack,
    plan.id,
    plan.indicators.flatMap((i) => i.measures),
    ids,
  );
}

/** Runs `rounds` rounds; in each, every side sends one batch to the same targets, in a rotating order. */
async function rounds(
  client: ClientProcess,
  sides: Side[],
  targets: Target[],
  options: UpdateOptions,
): Promise<number[][]> {
  const samples = sides.map(() => [] as number[]);
  const perRound = Math.ceil(options.updates / options.rounds);
  let next = 0;
  for (let round = 0; round < options.rounds; round++) {
    const batch = Array.from({ length: perRound }, () => targets[next++ % targets.length]!);
    for (let k = 0; k < sides.length; k++) {
      const side = (round + k) % sides.length;
      const jobs = batch.map((t) => sides[side]!(t, progress(t)));
      samples[side]!.push(...(await client.run(jobs, options.concurrency)));
    }
  }
  return samples;
}

export async function updatePhase(
  stack: BenchStack,
  planId: string,
  measures: Measure[],
  rawIds: string[],
  options: UpdateOptions,
): Promise<UpdateResult> {
  const targets = targetsOf(stack, planId, measures.slice(0, options.targets), rawIds);
  const client = new ClientProcess(stack.temporal);
  try {
    const api = httpSide(stack.apiUrl);
    const raw = temporalSide('raw');
    const sides = [api, rawHttpSide(stack.rawHttp), temporalSide('service'), raw, temporalSide('rawReply')];
    // Untimed: START every target measure (REPORT_PROGRESS needs 办理中) and touch every raw workflow once.
    const start: PersonEventBody = { type: 'START' };
    await client.run(
      targets.flatMap((t) => [api(t, start), raw(t, start)]),
      options.concurrency,
    );
    const [a, h, s, r, rr] = (await rounds(client, sides, targets, options)).map(summarize) as [
      LatencySummary,
      LatencySummary,
      LatencySummary,
      LatencySummary,
      LatencySummary,
    ];
    return {
      api: a,
      rawHttp: h,
      service: s,
      raw: r,
      rawReply: rr,
      apiP50Ratio: ratio(a.p50, r.p50),
      apiP99Ratio: ratio(a.p99, r.p99),
    };
  } finally {
    client.close();
  }
}

/**
 * Property: whatever a client sends — any method, path, query, body, content type or token — the API never
 * answers 5xx, and every error is problem+json. Runs over real HTTP against the real Temporal server with a worker
 * and a started plan, so generated events also reach real workflows. Bounded by time, not only by run count.
 */
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import { createAuthenticator, devToken } from '../../src/auth/tokens';
import { PersonEventTypes } from '../../src/domain/events';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { MeasureService } from '../../src/service/measures';
import { LEAD, LEADER, smallPlan, SUPPORT } from './fixtures';
import { testEnv } from './harness';

let env: Awaited<ReturnType<typeof testEnv>>;
let app: FastifyInstance;
let base: string;
let stopWorker: () => void;
let workerDone: Promise<void>;
const plan = smallPlan({ measures: 3 });

beforeAll(async () => {
  env = await testEnv();
  const auth = createAuthenticator({
    mode: 'dev',
    tokensFile: path.join(env.dataDir, 'tokens.json'),
    dataDir: env.dataDir,
  });
  app = buildApp({ service: new MeasureService(env.client), client: env.client, taskQueue: env.taskQueue, auth });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  base = `http://127.0.0.1:${address.port}`;
  const worker = await env.startWorker();
  workerDone = worker.runUntil(new Promise<void>((resolve) => (stopWorker = resolve)));
  await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
});

afterAll(async () => {
  stopWorker?.();
  await workerDone;
  await app?.close();
  await env?.close();
});

const segment = fc.oneof(
  fc.constantFrom(
    plan.id,
    '2.1',
    '2.2',
    '2.3',
    '9.9',
    'events',
    'timeline',
    'measures',
    'plans',
    '..',
    '%25',
    '%E0%A4%A',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
);

const pathArb = fc.oneof(
  fc.constantFrom(
    '/api/plans',
    `/api/plans/${plan.id}`,
    '/api/measures',
    `/api/measures/${plan.id}/2.1`,
    `/api/measures/${plan.id}/2.2/events`,
    `/api/measures/${plan.id}/2.3/timeline`,
    '/api/reports/departments',
    '/healthz',
  ),
  fc
    .tuple(
      fc.constantFrom('/api/measures', '/api/plans', '/api/reports', '/api', ''),
      fc.array(segment, { maxLength: 4 }),
    )
    .map(([prefix, rest]) => [prefix, ...rest].join('/')),
);

const queryArb = fc.array(
  fc.tuple(
    fc.constantFrom(
      'plan',
      'state',
      'light',
      'lead',
      'leader',
      'support',
      'indicator',
      'escalation',
      'pageSize',
      'pageToken',
      'dryRun',
      'planId',
      'deadline',
      'filename',
      'x',
    ),
    fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('red', 'closed', '1', '0', '-1', '1e9', 'NaN', plan.id, LEAD, '"', "' OR 1=1", '2021-12-31'),
    ),
  ),
  { maxLength: 4 },
);

const eventArb = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...PersonEventTypes, 'REMIND', 'OVERDUE'), fc.string({ maxLength: 8 })),
    percent: fc.oneof(fc.integer({ min: -10, max: 200 }), fc.double(), fc.string({ maxLength: 4 })),
    note: fc.string({ maxLength: 30 }),
    reason: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('')),
    newDueAt: fc.oneof(
      fc
        .date({ noInvalidDate: true, min: new Date('2000-01-01'), max: new Date('2200-01-01') })
        .map((d) => d.toISOString()),
      fc.string({ maxLength: 10 }),
    ),
    attachments: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
    actor: fc.constantFrom('supervisor', 'system'),
  },
  { requiredKeys: [] },
);

/** Well-formed events, so that refusals (403/409) and transitions are exercised, not only schema errors. */
const validEventArb = fc.oneof(
  fc.constantFrom(
    { type: 'START' },
    { type: 'SUBMIT', note: '已完成' },
    { type: 'VERIFY' },
    { type: 'CLOSE' },
    { type: 'APPROVE_EXTENSION' },
    { type: 'DENY_EXTENSION' },
  ),
  fc.integer({ min: 0, max: 100 }).map((percent) => ({ type: 'REPORT_PROGRESS', percent })),
  fc.constantFrom('REJECT', 'CANCEL').map((type) => ({ type, reason: '理由' })),
  fc.integer({ min: -30, max: 30 }).map((days) => ({
    type: 'REQUEST_EXTENSION',
    reason: '申请延期',
    newDueAt: new Date(Date.parse('2099-12-31T15:59:59Z') + days * 86_400_000).toISOString(),
  })),
);

const bodyArb = fc.oneof(
  fc.constant(undefined),
  eventArb.map((e) => JSON.stringify(e)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{"type": "START",', '{"__proto__": {"x": 1}}', 'null', '[]', '标题\n二、任务分工\n(一)', ''),
);

/** No token, a token that is not valid, or a valid dev token for an actor. */
const tokenArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('garbage', 'duban_dev.x.y', 'duban_dev.c3VwZXJ2aXNvcg.AAAA').map((raw) => ({ raw })),
  },
  {
    weight: 8,
    arbitrary: fc
      .constantFrom(`dept:${LEAD}`, `dept:${SUPPORT}`, 'dept:无关部门', `leader:${LEADER}`, 'supervisor', 'coordinator')
      .map((actor) => ({ actor })),
  },
);

const contentTypeArb = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/yaml',
  'application/xml',
  'multipart/form-data',
);

/** Anything at all: random method, path, query, body and content type. */
const randomRequestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  path: pathArb,
  query: queryArb,
  body: bodyArb,
  contentType: contentTypeArb,
  token: tokenArb,
});

const measureArb = fc.oneof(fc.constantFrom('2.1', '2.2', '2.3', '9.9'), segment);

/** Shaped like real calls (right method and route, mostly JSON), so generation gets past routing to the workflows. */
const routeRequestArb = fc.oneof(
  fc.record({
    method: fc.constant('POST'),
    path: measureArb.map((m) => `/api/measures/${plan.id}/${m}/events`),
    query: fc.constant([] as Array<[string, string]>),
    body: fc.oneof(
      { weight: 4, arbitrary: validEventArb.map((e) => JSON.stringify(e)) },
      { weight: 2, arbitrary: eventArb.map((e) => JSON.stringify(e)) },
      { weight: 1, arbitrary: bodyArb },
    ),
    contentType: fc.oneof(
      { weight: 4, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: contentTypeArb },
    ),
    token: tokenArb,
  }),
  fc.record({
    method: fc.constant('GET'),
    path: fc.oneof(
      fc.constant('/api/measures'),
      fc.constant('/api/reports/departments'),
      segment.map((p) => `/api/plans/${p}`),
      measureArb.map((m) => `/api/measures/${plan.id}/${m}`),
      measureArb.map((m) => `/api/measures/${plan.id}/${m}/timeline`),
    ),
    query: queryArb,
    body: fc.constant(undefined),
    contentType: fc.constant(undefined),
    token: tokenArb,
  }),
  fc.record({
    method: fc.constant('POST'),
    path: fc.constant('/api/plans'),
    query: queryArb,
    body: bodyArb,
    contentType: contentTypeArb,
    token: tokenArb,
  }),
);

const requestArb = fc.oneof({ weight: 1, arbitrary: randomRequestArb }, { weight: 3, arbitrary: routeRequestArb });

describe('API fuzz', () => {
  it('never answers 5xx, and every error is problem+json', async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        const headers: Record<string, string> = {};
        if (r.token) {
          headers.authorization = `Bearer ${'raw' in r.token ? r.token.raw : devToken(r.token.actor, env.dataDir)}`;
        }
        if (r.contentType) headers['content-type'] = r.contentType;
        const query = new URLSearchParams(r.query).toString();
        let url: URL;
        try {
          url = new URL(`${base}${r.path}${query ? `?${query}` : ''}`);
        } catch {
          return; // not a URL any client could send
        }
        const withBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
        const res = await fetch(url, { method: r.method, headers, body: withBody ? r.body : undefined });
        const text = await res.text();
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        expect(
          res.status,
          `${r.method} ${url.pathname}${url.search} → ${res.status} ${text.slice(0, 300)}`,
        ).toBeLessThan(500);
        if (res.status >= 400 && r.method !== 'HEAD') {
          expect(res.headers.get('content-type'), `${r.method} ${url.pathname} → ${text.slice(0, 200)}`).toMatch(
            /^application\/problem\+json/,
          );
        }
      }),
      // DUBAN_FUZZ_RUNS=5000 for a deeper hunt; by default a few seconds.
      {
        numRuns: Number(process.env.DUBAN_FUZZ_RUNS ?? 400),
        interruptAfterTimeLimit: process.env.DUBAN_FUZZ_RUNS ? 600_000 : 8_000,
      },
    );
    const count = (from: number, to: number) =>
      [...seen].filter(([status]) => status >= from && status < to).reduce((n, [, k]) => n + k, 0);
    console.log(
      `[hostile figures] api fuzz: requests=${count(0, 600)} 2xx=${count(200, 300)} 4xx=${count(400, 500)} ` +
        `5xx=${count(500, 600)} statuses=${JSON.stringify(Object.fromEntries(seen))}`,
    );
    // The generator must reach past authentication and validation, not only bounce off them.
    expect([...seen.keys()].some((status) => status === 200)).toBe(true);
    expect(seen.get(400) ?? 0).toBeGreaterThan(0);
  });
});

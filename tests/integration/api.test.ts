/**
 * The HTTP API over real HTTP (app.listen on an ephemeral port + fetch) against the real Temporal dev server with a
 * worker running: import, the whole lifecycle by department and supervisor, refusals (403/409 with no history
 * written), bad input (400 naming the field), auth (401), unknown things (404), Temporal down (503), listings
 * through visibility (filters, pages), reports, health and the OpenAPI document.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call --
   response bodies are untyped JSON off the wire; the assertions are what check their shape */
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { buildApp } from '../../src/api/app';
import { startApiServer } from '../../src/api/server';
import { loadConfig } from '../../src/config';
import { createAuthenticator, devToken, type Authenticator } from '../../src/auth/tokens';
import { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { COORDINATOR, LEAD, LEADER, SUPERVISORS, SUPPORT, uniquePlanId } from './fixtures';
import { eventually, testEnv } from './harness';

const OTHER = '科学技术局';

let env: Awaited<ReturnType<typeof testEnv>>;
let service: MeasureService;
let auth: Authenticator;
let app: FastifyInstance;
let base: string;
let worker: Worker;
let stopWorker: () => void;
let workerDone: Promise<void>;

const token = (actor: string) => devToken(actor, env.dataDir);
const as = {
  lead: () => token(`dept:${LEAD}`),
  support: () => token(`dept:${SUPPORT}`),
  other: () => token(`dept:${OTHER}`),
  leader: () => token(`leader:${LEADER}`),
  supervisor: () => token('supervisor'),
  coordinator: () => token('coordinator'),
};

interface Res {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are checked field by field
  body: any;
}

async function call(
  method: string,
  url: string,
  opts: { token?: string; json?: unknown; text?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = 'application/json';
  } else if (opts.text !== undefined) {
    body = opts.text;
    headers['content-type'] = opts.contentType ?? 'text/plain; charset=utf-8';
  }
  const res = await fetch(`${base}${url}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** A plan file (JSON) with three measures: green (lead LEAD), red (lead OTHER, past due), yellow (lead LEAD). */
function planFile(id: string) {
  const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
  return {
    id,
    title: 'API 测试整改方案',
    issuer: '测试管委会',
    defaultDueAt: '2099-12-31',
    supervisors: SUPERVISORS,
    coordinator: COORDINATOR,
    indicators: [
      {
        code: '2',
        name: '办理建筑许可',
        leaders: [LEADER],
        lead: [LEAD],
        support: [SUPPORT],
        measures: [
          { text: '整改措施第1项。具体内容。' },
          { text: '整改措施第2项。已过期。', lead: [OTHER], dueAt: '2020-01-01' },
          { text: '整改措施第3项。即将到期。', dueAt: soon },
        ],
      },
    ],
  };
}

async function importPlan(id: string, file = planFile(id)) {
  const res = await call('POST', '/api/plans', { token: as.coordinator(), json: file });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res;
}

beforeAll(async () => {
  env = await testEnv();
  service = new MeasureService(env.client);
  auth = createAuthenticator({ mode: 'dev', tokensFile: path.join(env.dataDir, 'tokens.json'), dataDir: env.dataDir });
  app = buildApp({ service, client: env.client, taskQueue: env.taskQueue, auth });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  base = `http://127.0.0.1:${address.port}`;
  worker = await env.startWorker();
  // The worker runs for the whole file; assertions happen while it polls (worker.runUntil).
  workerDone = worker.runUntil(new Promise<void>((resolve) => (stopWorker = resolve)));
});

afterAll(async () => {
  stopWorker?.();
  await workerDone;
  await app?.close();
  await env?.close();
});

describe('POST /api/plans', () => {
  it('imports a JSON plan as the coordinator, and re-importing starts nothing twice', async () => {
    const id = uniquePlanId('api');
    // The same file again (planFile() computes a fresh "soon" deadline: another call would be a revision).
    const file = planFile(id);
    const first = await importPlan(id, file);
    expect(first.body).toMatchObject({ planId: id, started: 3, existing: 0, warnings: expect.any(Array) });
    expect(first.body.pastDue).toEqual([measureWorkflowId(id, '2.2')]);
    const again = await call('POST', '/api/plans', { token: as.coordinator(), json: file });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ started: 0, existing: 3 });
  });

  it('dry-runs for anyone and starts nothing', async () => {
    const id = uniquePlanId('api-dry');
    const res = await call('POST', '/api/plans?dryRun=1', { token: as.lead(), json: planFile(id) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      plan: { id, title: 'API 测试整改方案' },
      policy: expect.any(Object),
    });
    expect(res.body.plan.indicators[0].measures).toHaveLength(3);
    const measure = await call('GET', `/api/measures/${id}/2.1`, { token: as.lead() });
    expect(measure.status).toBe(404);
  });

  it('takes ?planId= and ?deadline= for a plan without its own', async () => {
    const file = { ...planFile('ignored'), id: undefined, defaultDueAt: undefined };
    const res = await call('POST', '/api/plans?dryRun=1&planId=given-id&deadline=2030-06-30', {
      token: as.coordinator(),
      json: file,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.plan.id).toBe('given-id');
    expect(res.body.plan.indicators[0].measures[0].dueAt).toMatch(/^2030-06-30T23:59:59/);
  });

  it('lets only the coordinator import (403), and refuses a bad plan with every error and nothing started', async () => {
    const id = uniquePlanId('api-bad');
    const forbidden = await call('POST', '/api/plans', { token: as.supervisor(), json: planFile(id) });
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(forbidden.body.detail).toMatch(/only the coordinator/);

    const bad = planFile(id) as Record<string, unknown>;
    bad.title = '';
    bad.colour = 'red';
    const res = await call('POST', '/api/plans', { token: as.coordinator(), json: bad });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(res.body.errors)).toMatch(/title/);
    expect(JSON.stringify(res.body.errors)).toMatch(/colour/);
    expect((await call('GET', `/api/measures/${id}/2.1`, { token: as.lead() })).status).toBe(404);

    const malformed = await call('POST', '/api/plans', {
      token: as.coordinator(),
      text: '{"title": ',
      contentType: 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toMatch(/JSON/);

    const badQuery = await call('POST', '/api/plans?deadline=31.12.2021&dryRun=yes', {
      token: as.coordinator(),
      text: 'x',
    });
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.deadline',
      'query.dryRun',
    ]);
  });

  it('parses a Chinese plan document sent as text/plain (dry run)', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(
      path.resolve(__dirname, '../../seeds/xinxiang-hitech-2020-rectification-plan.txt'),
      'utf8',
    );
    const res = await call('POST', '/api/plans?dryRun=1&planId=xinxiang-api-dry', { token: as.coordinator(), text });
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    expect(res.body.plan.indicators).toHaveLength(5);
  });

  it('reads a Word document (.docx) sent as its own media type, and refuses bytes that are not one', async () => {
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(path.resolve(__dirname, '../fixtures/plans/word-document.docx'));
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const send = (body: Uint8Array) =>
      fetch(`${base}/api/plans?dryRun=1&filename=word-document.docx`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as.lead()}`, 'content-type': docx },
        body,
      });
    const ok = await send(bytes);
    const plan = ((await ok.json()) as { plan: { id: string; indicators: Array<{ measures: unknown[] }> } }).plan;
    expect(ok.status).toBe(200);
    expect(plan.id).toBe('word-document');
    expect(plan.indicators.flatMap((i) => i.measures)).toHaveLength(6);

    const bad = await send(new TextEncoder().encode('一、获得电力'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/not a \.docx file/);
  });

  it('refuses hostile sources with a 400 that says why: a .docx zip bomb, GBK text, an over-size body', async () => {
    const { zipSync } = await import('fflate');
    const send = (body: Uint8Array, contentType: string) =>
      fetch(`${base}/api/plans?dryRun=1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as.lead()}`, 'content-type': contentType },
        body,
      });
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const bomb = zipSync({ 'word/document.xml': [new Uint8Array(100 * 1024 * 1024), { level: 9 }] });
    const refused = await send(bomb, docx);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/uncompressed, more than 64 MiB: refused/);

    const gbk = new Uint8Array([0xc7, 0xa3, 0xcd, 0xb7, 0xb5, 0xa5, 0xce, 0xbb]); // 牵头单位
    const text = await send(gbk, 'text/plain; charset=utf-8');
    expect(text.status).toBe(400);
    expect(((await text.json()) as { detail: string }).detail).toMatch(/GBK\/GB18030.*Re-save it as UTF-8/);

    const big = await send(new Uint8Array(11 * 1024 * 1024).fill(0x41), 'text/plain');
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toContain('application/problem+json');
  });

  it('reads an Excel task list (.xlsx) sent as its own media type', async () => {
    const { readFileSync } = await import('node:fs');
    const res = await fetch(`${base}/api/plans?dryRun=1&filename=task-list.xlsx`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${as.lead()}`,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: readFileSync(path.resolve(__dirname, '../fixtures/plans/task-list.xlsx')),
    });
    const body = (await res.json()) as { plan: { indicators: Array<{ name: string; measures: unknown[] }> } };
    expect(res.status).toBe(200);
    expect(body.plan.indicators.map((i) => [i.name, i.measures.length])).toEqual([
      ['获得电力', 2],
      ['纳税', 1],
    ]);
  });
});

describe('a measure through its lifecycle over HTTP', () => {
  it('lead starts and reports; support reports but may not submit; supervisor rejects, verifies, closes', async () => {
    const id = uniquePlanId('api-life');
    await importPlan(id);
    const url = `/api/measures/${id}/2.1`;

    const read = await call('GET', url, { token: as.lead() });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      state: 'assigned',
      measureId: '2.1',
      allowed: expect.arrayContaining(['START']),
    });
    const supervisorView = await call('GET', url, { token: as.supervisor() });
    expect(supervisorView.body.allowed).not.toContain('START');

    const started = await call('POST', `${url}/events`, { token: as.lead(), json: { type: 'START', note: '已签收' } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({ state: 'in_progress', stateLabel: '办理中', started: { by: `dept:${LEAD}` } });
    expect(started.body.allowed).toEqual(expect.arrayContaining(['REPORT_PROGRESS', 'SUBMIT']));

    const supportProgress = await call('POST', `${url}/events`, {
      token: as.support(),
      json: { type: 'REPORT_PROGRESS', percent: 30, note: '配合完成数据' },
    });
    expect(supportProgress.status).toBe(200);
    expect(supportProgress.body.progress).toMatchObject({ percent: 30, by: `dept:${SUPPORT}` });
    expect(supportProgress.body.allowed).toEqual(['REPORT_PROGRESS']);

    const before = await service.historyLength(measureWorkflowId(id, '2.1'));
    const supportSubmit = await call('POST', `${url}/events`, { token: as.support(), json: { type: 'SUBMIT' } });
    expect(supportSubmit.status).toBe(403);
    expect(supportSubmit.body).toMatchObject({ status: 403, allowed: ['REPORT_PROGRESS'] });
    expect(supportSubmit.body.detail).toMatch(/牵头部门/);

    const otherDept = await call('POST', `${url}/events`, {
      token: as.other(),
      json: { type: 'REPORT_PROGRESS', percent: 10 },
    });
    expect(otherDept.status).toBe(403);
    expect(otherDept.body.allowed).toEqual([]);

    const wrongState = await call('POST', `${url}/events`, { token: as.supervisor(), json: { type: 'CLOSE' } });
    expect(wrongState.status).toBe(409);
    expect(wrongState.body).toMatchObject({ status: 409, state: 'in_progress', type: 'urn:duban:problem:conflict' });
    expect(wrongState.body.detail).toMatch(/not allowed while measure 2\.1 is in_progress/);
    expect(await service.historyLength(measureWorkflowId(id, '2.1'))).toBe(before);

    expect(
      (await call('POST', `${url}/events`, { token: as.lead(), json: { type: 'REPORT_PROGRESS', percent: 90 } }))
        .status,
    ).toBe(200);
    const submitted = await call('POST', `${url}/events`, {
      token: as.lead(),
      json: { type: 'SUBMIT', note: '已完成' },
    });
    expect(submitted.body.state).toBe('submitted');

    const rejected = await call('POST', `${url}/events`, {
      token: as.supervisor(),
      json: { type: 'REJECT', reason: '缺少验收材料' },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      state: 'in_progress',
      rejections: 1,
      lastRejection: { reason: '缺少验收材料' },
    });

    expect((await call('POST', `${url}/events`, { token: as.lead(), json: { type: 'SUBMIT' } })).body.state).toBe(
      'submitted',
    );
    expect((await call('POST', `${url}/events`, { token: as.supervisor(), json: { type: 'VERIFY' } })).body.state).toBe(
      'verified',
    );
    const closed = await call('POST', `${url}/events`, { token: as.supervisor(), json: { type: 'CLOSE' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', stateLabel: '已销号', allowed: [] });

    // The workflow has completed; an event to it is still explained as "nothing more can happen" (409).
    const afterClose = await call('POST', `${url}/events`, { token: as.supervisor(), json: { type: 'CLOSE' } });
    expect(afterClose.status).toBe(409);
    expect(afterClose.body).toMatchObject({ state: 'closed' });
    expect(afterClose.body.detail).toMatch(/nothing more can happen/);
    const afterCloseOther = await call('POST', `${url}/events`, { token: as.other(), json: { type: 'START' } });
    expect(afterCloseOther.status).toBe(403);

    const timeline = await call('GET', `${url}/timeline`, { token: as.leader() });
    expect(timeline.status).toBe(200);
    expect(timeline.body.workflowId).toBe(measureWorkflowId(id, '2.1'));
    expect(timeline.body.entries.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
      ['START', `dept:${LEAD}`],
      ['REPORT_PROGRESS', `dept:${SUPPORT}`],
      ['REPORT_PROGRESS', `dept:${LEAD}`],
      ['SUBMIT', `dept:${LEAD}`],
      ['REJECT', 'supervisor'],
      ['SUBMIT', `dept:${LEAD}`],
      ['VERIFY', 'supervisor'],
      ['CLOSE', 'supervisor'],
    ]);
    const finalView = await call('GET', url, { token: as.supervisor() });
    expect(finalView.body).toMatchObject({ state: 'closed', allowed: [] });
  });
});

describe('bad input, auth and unknown things', () => {
  let url: string;
  beforeAll(async () => {
    const id = uniquePlanId('api-bad');
    await importPlan(id);
    url = `/api/measures/${id}/2.1`;
  });

  it('answers 400 naming the field for malformed JSON, unknown fields and bad values', async () => {
    const malformed = await call('POST', `${url}/events`, {
      token: as.lead(),
      text: '{"type": "START",',
      contentType: 'application/json',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(malformed.body.detail).toMatch(/malformed JSON/);

    const withActor = await call('POST', `${url}/events`, {
      token: as.lead(),
      json: { type: 'START', actor: 'supervisor' },
    });
    expect(withActor.status).toBe(400);
    expect(withActor.body.errors).toEqual([{ path: 'body.actor', message: 'unknown field' }]);

    const percent = await call('POST', `${url}/events`, {
      token: as.lead(),
      json: { type: 'REPORT_PROGRESS', percent: 140 },
    });
    expect(percent.status).toBe(400);
    expect(percent.body.errors[0].path).toBe('body.percent');

    const unknownType = await call('POST', `${url}/events`, { token: as.lead(), json: { type: 'FINISH' } });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.errors[0].path).toBe('body.type');
    expect(unknownType.body.detail).toMatch(/START/);

    const empty = await call('POST', `${url}/events`, { token: as.lead(), text: '', contentType: 'application/json' });
    expect(empty.status).toBe(400);

    const badParams = await call('GET', '/api/measures/Not_A_Plan/2.x', { token: as.lead() });
    expect(badParams.status).toBe(400);
    expect(badParams.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'path.measureId',
      'path.planId',
    ]);

    const badFilter = await call('GET', '/api/measures?lead=a"%20OR%20x="y&light=blue&colour=1', { token: as.lead() });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'query.colour',
      'query.lead',
      'query.light',
    ]);

    const unsupported = await call('POST', `${url}/events`, {
      token: as.lead(),
      text: '<xml/>',
      contentType: 'application/xml',
    });
    expect(unsupported.status).toBe(415);
  });

  it('answers 401 without a valid token, and honours x-request-id', async () => {
    const none = await call('GET', url, { headers: { 'x-request-id': 'trace-abc.123' } });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.headers.get('x-request-id')).toBe('trace-abc.123');
    expect(none.body).toMatchObject({ status: 401, requestId: 'trace-abc.123', instance: url });

    const tampered = as.lead().replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await call('GET', url, { token: tampered })).status).toBe(401);
    expect((await call('GET', url, { token: 'not-a-token' })).status).toBe(401);
    expect((await call('GET', url, { headers: { authorization: 'Basic dXNlcjpwYXNz' } })).status).toBe(401);
    const generated = await call('GET', url, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 404 for an unknown measure, plan or route', async () => {
    const missing = await call('GET', `/api/measures/${uniquePlanId('nope')}/9.9`, { token: as.lead() });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(/not found/);
    const missingEvent = await call('POST', `/api/measures/${uniquePlanId('nope')}/9.9/events`, {
      token: as.lead(),
      json: { type: 'START' },
    });
    expect(missingEvent.status).toBe(404);
    expect((await call('GET', `/api/measures/${uniquePlanId('nope')}/9.9/timeline`, { token: as.lead() })).status).toBe(
      404,
    );
    expect((await call('GET', `/api/plans/${uniquePlanId('nope')}`, { token: as.lead() })).status).toBe(404);
    const route = await call('GET', '/api/nothing-here', { token: as.lead() });
    expect(route.status).toBe(404);
    expect(route.body.type).toBe('urn:duban:problem:not-found');
  });
});

describe('listings, summaries and reports (visibility)', () => {
  let id: string;
  beforeAll(async () => {
    id = uniquePlanId('api-list');
    await importPlan(id);
  });

  const ids = (res: Res) => (res.body.items as Array<{ measureId: string }>).map((m) => m.measureId).sort();

  it('filters by light and lead', async () => {
    const red = await eventually(async () => {
      const res = await call('GET', `/api/measures?plan=${id}&light=red`, { token: as.leader() });
      return res.status === 200 && res.body.items.length === 1 ? res : undefined;
    });
    expect(red.body.items[0]).toMatchObject({ measureId: '2.2', lead: [OTHER], light: 'red', planId: id });

    const lead = await eventually(async () => {
      const res = await call('GET', `/api/measures?plan=${id}&lead=${encodeURIComponent(LEAD)}`, {
        token: as.leader(),
      });
      return res.status === 200 && res.body.items.length === 2 ? res : undefined;
    });
    expect(ids(lead)).toEqual(['2.1', '2.3']);

    const yellow = await eventually(async () => {
      const res = await call('GET', `/api/measures?plan=${id}&lead=${encodeURIComponent(LEAD)}&light=yellow`, {
        token: as.supervisor(),
      });
      return res.status === 200 && res.body.items.length === 1 ? res : undefined;
    });
    expect(ids(yellow)).toEqual(['2.3']);
  });

  it('pages through a listing with pageToken', async () => {
    await eventually(async () => {
      const res = await call('GET', `/api/measures?plan=${id}`, { token: as.lead() });
      return res.body.items?.length === 3;
    });
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const query = `plan=${id}&pageSize=1${pageToken ? `&pageToken=${pageToken}` : ''}`;
      const res = await call('GET', `/api/measures?${query}`, { token: as.lead() });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...ids(res));
      pageToken = res.body.nextPageToken as string | undefined;
      pages++;
    } while (pageToken && pages < 10);
    expect(seen.sort()).toEqual(['2.1', '2.2', '2.3']);
    expect(pages).toBeGreaterThanOrEqual(3);

    // A token the API did not issue is refused at once (Temporal would retry a garbled one for ~20 s).
    for (const bad of ['bm90LWEtdG9rZW4', 'bm90LWEtdG9rZW4.AAAAAAAAAAAAAAAA']) {
      const badToken = await call('GET', `/api/measures?plan=${id}&pageToken=${bad}`, { token: as.lead() });
      expect(badToken.status).toBe(400);
      expect(badToken.body.errors[0].path).toBe('query.pageToken');
    }
  });

  it('summarises a plan and scores departments', async () => {
    const summary = await eventually(async () => {
      const res = await call('GET', `/api/plans/${id}`, { token: as.supervisor() });
      return res.status === 200 && res.body.total === 3 && res.body.byLight.red === 1 ? res : undefined;
    });
    expect(summary.body).toMatchObject({
      planId: id,
      title: expect.any(String),
      total: 3,
      byState: { assigned: 3, in_progress: 0, closed: 0 },
      byLight: { green: 1, yellow: 1, red: 1 },
      byIndicator: { '2': 3 },
      overdue: 1,
      closed: 0,
    });

    const report = await call('GET', `/api/reports/departments?plan=${id}`, { token: as.leader() });
    expect(report.status).toBe(200);
    expect(report.body.plan).toBe(id);
    const rows = report.body.departments as Array<{ department: string; total: number; overdue: number; rank: number }>;
    expect(rows.find((r) => r.department === OTHER)).toMatchObject({ total: 1, overdue: 1 });
    // Ranked by score (README "Scoreboard"): the overdue department last.
    expect(rows.map((r) => r.rank)).toEqual([...rows.map((r) => r.rank)].sort((a, b) => a - b));
    expect(rows.at(-1)?.department).toBe(OTHER);
    expect(rows.find((r) => r.department === LEAD)).toMatchObject({ total: 2, overdue: 0, closed: 0 });
  });
});

describe('health and the OpenAPI document', () => {
  it('reports Temporal ok, and 503 when Temporal is unreachable', async () => {
    const ok = await call('GET', '/healthz');
    expect(ok).toMatchObject({ status: 200, body: { status: 'ok', temporal: 'ok' } });

    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1s' });
    const deadClient = new Client({ connection });
    const down = buildApp({
      service: new MeasureService(deadClient),
      client: deadClient,
      taskQueue: 'none',
      auth,
      temporalTimeoutMs: 1500,
    });
    try {
      const health = await down.inject({ url: '/healthz' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toMatchObject({ status: 'unavailable', temporal: 'unreachable' });
      const list = await down.inject({ url: '/api/measures', headers: { authorization: `Bearer ${as.lead()}` } });
      expect(list.statusCode).toBe(503);
      expect(list.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(list.json()).toMatchObject({ status: 503, type: 'urn:duban:problem:unavailable' });
      expect(list.headers['retry-after']).toBe('5');
    } finally {
      await down.close();
      await connection.close().catch(() => undefined);
    }
  });

  it('closes only after a health probe that outlived its timer has settled (no retry on a closed channel)', async () => {
    const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1s' });
    const deadClient = new Client({ connection });
    const down = buildApp({ service: new MeasureService(deadClient), client: deadClient, taskQueue: 'none', auth });
    expect((await down.inject({ url: '/healthz' })).statusCode).toBe(503);
    // The probe is still retrying behind the answer. Closing the connection under it made the SDK's retry timer
    // throw "Channel has been shut down" ≈ 2 s later, in whichever test ran then; tests/setup/unhandled-errors.ts
    // fails this test if anything escapes while it waits.
    await down.close();
    await connection.close();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  });

  it('serves a valid OpenAPI 3.1 document listing every route', async () => {
    const res = await call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(doc) as never);
    const routes = Object.fromEntries(Object.entries(doc.paths).map(([p, ops]) => [p, Object.keys(ops).sort()]));
    expect(routes).toMatchObject({
      '/api/plans': ['post'],
      '/api/plans/{planId}': ['get'],
      '/api/measures': ['get'],
      '/api/measures/{planId}/{measureId}': ['get'],
      '/api/measures/{planId}/{measureId}/timeline': ['get'],
      '/api/measures/{planId}/{measureId}/events': ['post'],
      '/api/reports/departments': ['get'],
      '/api/openapi.json': ['get'],
      '/healthz': ['get'],
    });
  });
});

describe('startApiServer', () => {
  it('listens from configuration, logs requests with their id, and closes gracefully', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DUBAN_DATA_DIR: env.dataDir, LOG_LEVEL: 'info' });
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const server = await startApiServer(config, {
      client: env.client,
      taskQueue: env.taskQueue,
      logger,
      handleSignals: false,
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/api/measures?plan=${uniquePlanId('log')}`, {
      headers: { authorization: `Bearer ${devToken('supervisor', env.dataDir)}`, 'x-request-id': 'log-test-1' },
    });
    expect(res.status).toBe(200);
    const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; msg: string; res?: { statusCode: number } });
    expect(logged.filter((l) => l.reqId === 'log-test-1').map((l) => l.msg)).toEqual([
      'incoming request',
      'request completed',
    ]);
    expect(logged.find((l) => l.reqId === 'log-test-1' && l.res)?.res?.statusCode).toBe(200);

    await server.close();
    await server.closed;
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});

/**
 * The API app without Temporal (app.inject, a service that must not be reached): problem+json for auth, routing
 * and schema errors, JSON body parsing, page tokens, the OpenAPI document. Flows that need Temporal live in
 * tests/integration/api.test.ts.
 */
import path from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, parseJsonBody } from '../../src/api/app';
import type { ApiDeps } from '../../src/api/deps';
import { issuePageToken, redeemPageToken } from '../../src/api/page-token';
import { validationErrors } from '../../src/api/problem';
import { createAuthenticator, devToken } from '../../src/auth/tokens';
import type { Review } from '../../src/importer/review';
import type { MeasureService } from '../../src/service/measures';

const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-api-unit-'));
const unreachable = new Proxy(
  {},
  {
    get: (_target, name) => {
      throw new Error(`the service must not be reached in this test (${String(name)})`);
    },
  },
);
const newApp = (extra: Partial<ApiDeps> = {}) =>
  buildApp({
    service: unreachable as MeasureService,
    client: unreachable as Client,
    taskQueue: 'unit',
    auth: createAuthenticator({ mode: 'dev', tokensFile: path.join(dataDir, 'tokens.json'), dataDir }),
    health: () => Promise.resolve({ temporal: 'unreachable', detail: 'test' }),
    ...extra,
  });
const app = newApp();
const bearer = { authorization: `Bearer ${devToken('dept:经济发展局', dataDir)}` };

beforeAll(async () => app.ready());
afterAll(async () => app.close());

describe('problem details', () => {
  it('401 without a token, 404 for an unknown route, both problem+json with the request id', async () => {
    const res = await app.inject({ url: '/api/measures', headers: { 'x-request-id': 'abc-1' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      type: 'urn:duban:problem:unauthorized',
      requestId: 'abc-1',
      instance: '/api/measures',
    });
    const missing = await app.inject({ url: '/api/nope?x=1', headers: bearer });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, instance: '/api/nope' });
  });

  it('405 with Allow for a known path under another method, before any body or auth check', async () => {
    const trace = await app.inject({ method: 'TRACE', url: '/healthz' });
    expect(trace.statusCode).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD');
    expect(trace.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(trace.json()).toMatchObject({ status: 405, title: 'Method not allowed', instance: '/healthz' });
    // A body method without a content type, on a route with parameters: still 405, not "must provide a Content-Type".
    const query = await app.inject({ method: 'QUERY', url: '/api/measures/demo/2.1', headers: bearer });
    expect(query.statusCode).toBe(405);
    expect(query.headers.allow).toBe('GET, HEAD');
    const del = await app.inject({ method: 'DELETE', url: '/api/plans/', headers: bearer });
    expect(del.statusCode).toBe(405);
    expect(del.headers.allow).toContain('POST');
    // A path no route has is still a 404.
    expect((await app.inject({ method: 'TRACE', url: '/api/nope', headers: bearer })).statusCode).toBe(404);
  });

  it('400, not 500, for a multipart upload whose body cannot be read (no boundary, cut short)', async () => {
    for (const [contentType, payload] of [
      ['multipart/form-data', ''],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/measures/demo/2.1/evidence',
        headers: { ...bearer, 'content-type': contentType },
        payload,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ detail: expect.stringContaining('multipart/form-data body cannot be read') });
    }
  });

  it('415 for text sent to a JSON route, and 503 (health) with Retry-After', async () => {
    const text = await app.inject({
      method: 'POST',
      url: '/api/measures/demo/2.1/events',
      headers: { ...bearer, 'content-type': 'text/plain' },
      payload: 'START',
    });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toMatch(/^application\/problem\+json/);
    const health = await app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(503);
    expect(health.headers['retry-after']).toBe('5');
  });

  it('400 naming each field before anything reaches Temporal', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/measures/demo/2.1/events',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: JSON.stringify({ type: 'REQUEST_EXTENSION', newDueAt: 'tomorrow', extra: 1 }),
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json<{ errors: Array<{ path: string }> }>().errors ?? []).map((e) => e.path).sort();
    expect(paths).toEqual(['body.extra', 'body.newDueAt', 'body.reason']);
    const url = await app.inject({ url: '/api/measures/%E0%A4%A/2.1', headers: bearer });
    expect(url.statusCode).toBe(400);
    expect(url.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('splits unknown keys into one error each', () => {
    expect(
      validationErrors('querystring', [
        { keyword: 'unrecognized_keys', instancePath: '/', params: { keys: ['a', 'b'] } },
        { keyword: 'invalid_value', instancePath: '/light', message: 'bad light' },
      ]),
    ).toEqual([
      { path: 'query.a', message: 'unknown parameter' },
      { path: 'query.b', message: 'unknown parameter' },
      { path: 'query.light', message: 'bad light' },
    ]);
  });

  it('health answers 503 when the probe says Temporal is unreachable', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', temporal: 'unreachable', detail: 'test' });
  });
});

describe('JSON bodies and page tokens', () => {
  it('parses JSON with a position on error and refuses __proto__', () => {
    expect(parseJsonBody('{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(() => parseJsonBody('{"a": ')).toThrow(/malformed JSON body/);
    expect(() => parseJsonBody('  ')).toThrow(/empty/);
    expect(() => parseJsonBody('{"__proto__": {"admin": true}}')).toThrow(/__proto__/);
  });

  it('redeems only the page tokens it issued', () => {
    const token = issuePageToken('eyJhIjoxfQ');
    expect(redeemPageToken(token)).toBe('eyJhIjoxfQ');
    expect(redeemPageToken('eyJhIjoxfQ')).toBeUndefined();
    expect(redeemPageToken(`eyJhIjoyfQ.${token.split('.')[1]}`)).toBeUndefined();
  });
});

describe('POST /api/plans?dryRun=1 with a plan document: its review', () => {
  const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/plans', name), 'utf8');
  const dryRun = (payload: string, contentType = 'text/plain; charset=utf-8') =>
    app.inject({
      method: 'POST',
      url: '/api/plans?dryRun=1',
      headers: { ...bearer, 'content-type': contentType },
      payload,
    });

  it('a document with gaps: 400 with every error, and the plan as far as read with each doubt and its line', async () => {
    const res = await dryRun(fixture('review-gaps.txt'));
    expect(res.statusCode).toBe(400);
    const body = res.json<{ errors: Array<{ line: number }>; review: Review }>();
    expect(body.errors.map((e) => e.line)).toEqual([7, 8]);
    expect(body.review.plan.indicators[0]!.measures.map((m) => m.lead)).toEqual([['市市场监管局'], [], []]);
    expect(body.review.doubts.map((d) => [d.measureId, d.line, d.severity])).toEqual([
      ['1.2', 7, 'error'],
      ['1.3', 8, 'error'],
      ['1.3', 8, 'warning'],
    ]);
    expect(body.review.doubts[0]!.excerpt).toBe('（2）推行简易注销。扩大简易注销适用范围。');
  });

  it('a document read in full: 200 with the existing fields and its review beside them', async () => {
    const res = await dryRun(fixture('bracket-units.txt'));
    expect(res.statusCode).toBe(200);
    const body = res.json<{ dryRun: true; plan: { id: string }; warnings: unknown[]; review: Review }>();
    expect(body).toMatchObject({ dryRun: true, plan: { id: expect.any(String) }, policy: expect.any(Object) });
    expect(body.review.plan).toEqual(body.plan);
    expect(body.review.doubts).toHaveLength(body.warnings.length);
  });

  it('a plan file: no review (it is already editable)', async () => {
    const res = await dryRun(fixture('demo-plan.json'), 'application/json');
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('review');
  });
});

describe('POST /api/plans?dryRun=1 with working days', () => {
  it('answers the resolved policy with the working-day rules and the deployment’s days under the plan’s', async () => {
    const withCalendar = newApp({ calendar: { holidays: ['2027-01-01'], workdays: [] } });
    const plan = JSON.parse(readFileSync(path.resolve(__dirname, '../fixtures/plans/demo-plan.json'), 'utf8')) as {
      policy?: unknown;
    };
    plan.policy = { remindBefore: '3wd', calendar: { workdays: ['2027-02-06'] } };
    const res = await withCalendar.inject({
      method: 'POST',
      url: '/api/plans?dryRun=1',
      headers: { ...bearer, 'content-type': 'application/json' },
      payload: JSON.stringify(plan),
    });
    await withCalendar.close();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      policy: {
        workdays: { remindBefore: 3 },
        calendar: { holidays: ['2027-01-01'], workdays: ['2027-02-06'] },
      },
    });
  });
});

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with bearer security and problem responses', async () => {
    const res = await app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{
      openapi: string;
      components: { securitySchemes: object };
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    const events = doc.paths['/api/measures/{planId}/{measureId}/events']!.post!;
    expect(Object.keys(events.responses).sort()).toEqual(['200', '202', '400', '401', '403', '404', '409', '503']);
    expect(events.responses['409']!.content).toHaveProperty(['application/problem+json']);
  });

  it('describes the review of a dry run, in the 200 answer and in the 400 problem', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json<{
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    const review = doc.components.schemas.PlanReview!;
    expect(Object.keys(review.properties).sort()).toEqual(['doubts', 'plan']);
    expect(JSON.stringify(doc.components.schemas.PlanImportProblem)).toContain('#/components/schemas/PlanReview');
    const imports = JSON.stringify(doc.paths['/api/plans']!.post!.responses);
    expect(imports).toContain('#/components/schemas/PlanImportProblem');
    expect(JSON.stringify(doc.paths['/api/plans']!.post!.responses['200'])).toContain(
      '#/components/schemas/PlanReview',
    );
  });
});

describe('the OpenAPI document, what it leaves out and the ledger', () => {
  it('documents the 台账 200 as an Excel file and leaves the workbench pages out', async () => {
    const withWorkbench = newApp({ workbench: { mode: 'dev', dataDir } });
    try {
      const doc = (await withWorkbench.inject({ url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
      }>();
      expect(Object.keys(doc.paths).filter((p) => p.startsWith('/app'))).toEqual([]);
      expect(doc.paths['/api/ledger.xlsx']!.get!.responses['200']!.content).toEqual({
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: { type: 'string', format: 'binary' },
        },
      });
      // Hidden from the document, the pages are still routes.
      expect(withWorkbench.hasRoute({ method: 'GET', url: '/app/login' })).toBe(true);
    } finally {
      await withWorkbench.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('answers a request that arrives while the API is closing with a problem+json 503', async () => {
    const closingApp = newApp();
    // Holds the shutdown open after the app's own preClose hook, so a request can arrive meanwhile (over real HTTP).
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    closingApp.addHook('preClose', async () => held);
    const url = await closingApp.listen({ host: '127.0.0.1', port: 0 });
    const closed = closingApp.close();
    try {
      const res = await fetch(`${url}/api/measures`, { headers: { 'x-request-id': 'bye-1' } });
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toMatchObject({
        status: 503,
        detail: expect.stringContaining('shutting down'),
        requestId: 'bye-1',
      });
    } finally {
      release();
      await closed;
    }
  });
});

/**
 * 佐证材料 end to end, on a real Temporal server and the real HTTP server: the lead uploads a file, submits with it,
 * the supervision group downloads it (checksum equal); an unrelated department is refused, an unknown or foreign
 * evidence id never reaches the workflow, oversize and wrong-type uploads are 413/415 problems, a blob changed on
 * disk is a 500 named as such; the workbench's 报送进展 form uploads a file and the measure page links it.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/tokens';
import { eventCommand } from '../../src/commands/measure-commands';
import { folderEvidenceStore } from '../../src/evidence/folder-store';
import { MeasureService } from '../../src/service/measures';
import type { EvidenceRef } from '../../src/domain/events';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { MAX_EVIDENCE_BYTES } from '../../src/evidence/limits';
import { EXE, PDF, PNG } from '../support/evidence-files';
import { LEAD, smallPlan, SUPPORT } from './fixtures';
import { serveApi, testEnv, type TestEnv } from './harness';

/** What the tests read of a JSON answer (a problem, a view, a timeline, an evidence reference). */
interface Answer {
  detail?: string;
  type?: string;
  state?: string;
  entries: Array<Record<string, unknown>>;
  [field: string]: unknown;
}

let env: TestEnv;
let api: Awaited<ReturnType<typeof serveApi>>;
const plan = smallPlan({ measures: 2 });
const OUTSIDER = 'dept:科学技术局';
const sha = (data: Buffer | ArrayBuffer) =>
  createHash('sha256')
    .update(Buffer.from(data as ArrayBuffer))
    .digest('hex');
const token = (actor: string) => devToken(actor, env.dataDir);
const measureUrl = (m: string) => `${api.base}/api/measures/${plan.id}/${m}`;

async function call(actor: string, method: string, url: string, body?: unknown) {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token(actor)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as Answer };
}

async function upload(actor: string, m: string, data: Buffer, name: string, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([data], { type }), name);
  const res = await fetch(`${measureUrl(m)}/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token(actor)}` },
    body: form,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: (await res.json()) as Answer };
}

beforeAll(async () => {
  env = await testEnv();
  api = await serveApi(env);
  const report = await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
  expect(report.started).toBe(2);
  for (const m of ['2.1', '2.2']) {
    expect((await call(`dept:${LEAD}`, 'POST', `${measureUrl(m)}/events`, { type: 'START' })).status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await api?.close();
  await env?.close();
});

describe('佐证材料 over the API', () => {
  let ref: EvidenceRef;

  it('the lead uploads a PDF and gets its reference (201)', async () => {
    const res = await upload(`dept:${LEAD}`, '2.1', PDF, '整改方案（定稿）.pdf', 'application/pdf');
    expect(res.status).toBe(201);
    ref = res.json as unknown as EvidenceRef;
    expect(ref).toMatchObject({
      sha256: sha(PDF),
      size: PDF.length,
      name: '整改方案（定稿）.pdf',
      type: 'application/pdf',
    });
    expect(ref.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('refuses uploads from a department the measure does not name (403), too large (413) or of the wrong type (415)', async () => {
    const outsider = await upload(OUTSIDER, '2.1', PDF, 'x.pdf');
    expect(outsider.status).toBe(403);
    expect(outsider.type).toContain('application/problem+json');

    const big = await upload(
      `dept:${LEAD}`,
      '2.1',
      Buffer.alloc(MAX_EVIDENCE_BYTES + 10, 0x61),
      'big.txt',
      'text/plain',
    );
    expect(big.status).toBe(413);
    expect(big.type).toContain('application/problem+json');

    const exe = await upload(`dept:${LEAD}`, '2.1', EXE, '方案.pdf', 'application/pdf');
    expect(exe.status).toBe(415);
    expect(exe.type).toContain('application/problem+json');
    expect(exe.json.detail).toMatch(/not an allowed 佐证材料 type by its content/);

    const renamed = await upload(`dept:${LEAD}`, '2.1', PNG, 'photo.pdf', 'application/pdf');
    expect(renamed.status).toBe(415);
    expect(renamed.json.detail).toMatch(/declared as application\/pdf but its content is PNG/);

    const json = await call(`dept:${LEAD}`, 'POST', `${measureUrl('2.1')}/evidence`, { file: 'x' });
    expect(json.status).toBe(415);
  });

  it('refuses an event naming an unknown or another measure’s evidence id (400), before the workflow', async () => {
    const before = (await call('supervisor', 'GET', `${measureUrl('2.1')}/timeline`)).json.entries.length;
    const unknown = await call(`dept:${LEAD}`, 'POST', `${measureUrl('2.1')}/events`, {
      type: 'SUBMIT',
      attachments: [{ ...ref, id: 'ZZZZZZZZZZZZZZZZZZZZZZ' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toMatch(/body\.attachments\.0: no 佐证材料 with id ZZZZZZZZZZZZZZZZZZZZZZ/);

    const other = await upload(`dept:${LEAD}`, '2.2', PNG, 'photo.png', 'image/png');
    expect(other.status).toBe(201);
    const foreign = await call(`dept:${LEAD}`, 'POST', `${measureUrl('2.1')}/events`, {
      type: 'SUBMIT',
      attachments: [other.json],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.json.detail).toMatch(/uploaded for another measure/);

    const tampered = await call(`dept:${LEAD}`, 'POST', `${measureUrl('2.1')}/events`, {
      type: 'SUBMIT',
      attachments: [{ ...ref, sha256: 'b'.repeat(64) }],
    });
    expect(tampered.status).toBe(400);
    const after = (await call('supervisor', 'GET', `${measureUrl('2.1')}/timeline`)).json.entries.length;
    expect(after).toBe(before);
  });

  it('the lead submits with the file: the event records its checksum', async () => {
    const res = await call(`dept:${LEAD}`, 'POST', `${measureUrl('2.1')}/events`, {
      type: 'SUBMIT',
      note: '已完成',
      attachments: [ref, '纸质材料已报送'],
    });
    expect(res.status).toBe(200);
    expect(res.json.state).toBe('submitted');
    const timeline = (await call('supervisor', 'GET', `${measureUrl('2.1')}/timeline`)).json.entries;
    expect(timeline.at(-1)).toMatchObject({ type: 'SUBMIT', attachments: [ref, '纸质材料已报送'] });
  });

  it('the supervision group downloads it, checksum equal, with its type and UTF-8 name', async () => {
    const res = await fetch(`${measureUrl('2.1')}/evidence/${ref.id}`, {
      headers: { authorization: `Bearer ${token('supervisor')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('整改方案（定稿）.pdf')}`,
    );
    expect(sha(await res.arrayBuffer())).toBe(ref.sha256);
  });

  it('refuses the download to an unrelated department (403) and files the measure’s events do not name (404)', async () => {
    expect((await call(OUTSIDER, 'GET', `${measureUrl('2.1')}/evidence/${ref.id}`)).status).toBe(403);
    expect((await call(`dept:${SUPPORT}`, 'GET', `${measureUrl('2.2')}/evidence/${ref.id}`)).status).toBe(404);
  });

  it('a blob changed on disk is a 500 named as such, never served', async () => {
    writeFileSync(path.join(env.dataDir, 'evidence', ref.sha256.slice(0, 2), ref.sha256), '%PDF-1.4 tampered');
    const res = await call('supervisor', 'GET', `${measureUrl('2.1')}/evidence/${ref.id}`);
    expect(res.status).toBe(500);
    expect(res.json.type).toBe('urn:duban:problem:evidence-corrupt');
    expect(res.json.detail).toMatch(/does not match the checksum its event recorded/);
  });

  it('the OpenAPI document shows both routes', async () => {
    const doc = (await (await fetch(`${api.base}/api/openapi.json`)).json()) as { paths: Record<string, object> };
    expect(Object.keys(doc.paths['/api/measures/{planId}/{measureId}/evidence'] ?? {})).toContain('post');
    expect(Object.keys(doc.paths['/api/measures/{planId}/{measureId}/evidence/{id}'] ?? {})).toContain('get');
  });
});

describe('佐证材料 in the workbench', () => {
  it('the 报送进展 form uploads a file; the measure page links it, and the link downloads it', async () => {
    const cookie = `duban_session=${encodeURIComponent(token(`dept:${SUPPORT}`))}`;
    const form = new FormData();
    form.append('type', 'REPORT_PROGRESS');
    form.append('percent', '60');
    form.append('note', '现场照片');
    form.append('files', new Blob([PNG], { type: 'image/png' }), '现场照片.png');
    form.append('files', new Blob([], { type: 'application/octet-stream' }), '');
    const pageUrl = `${api.base}/app/measures/${plan.id}/2.2`;
    const posted = await fetch(`${pageUrl}/events`, {
      method: 'POST',
      headers: { cookie, origin: api.base },
      body: form,
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    const html = await (await fetch(pageUrl, { headers: { cookie } })).text();
    const link = /href="([^"]+\/evidence\/[A-Za-z0-9_-]+)"[^>]*>现场照片\.png</.exec(html);
    expect(link).not.toBeNull();
    const file = await fetch(`${api.base}${link![1]}`, { headers: { cookie } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(sha(await file.arrayBuffer())).toBe(sha(PNG));

    const wrong = new FormData();
    wrong.append('type', 'REPORT_PROGRESS');
    wrong.append('percent', '70');
    wrong.append('files', new Blob([EXE]), 'setup.pdf');
    const refused = await fetch(`${pageUrl}/events`, {
      method: 'POST',
      headers: { cookie, origin: api.base },
      body: wrong,
    });
    expect(refused.status).toBe(415);
    expect(await refused.text()).toContain('佐证材料只能是');
  });
});

describe('duban event --attach', () => {
  it('uploads each file through the store, with the same permission and limits, and the event carries them', async () => {
    const service = new MeasureService(env.client, undefined, folderEvidenceStore(path.join(env.dataDir, 'evidence')));
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-attach-'));
    const file = path.join(dir, '验收申请.pdf');
    writeFileSync(file, PDF);
    const ref = `duban/${plan.id}/2.2`;
    await expect(eventCommand(service, ref, 'VERIFY', { as: 'supervisor', attach: [file] })).rejects.toMatchObject({
      kind: 'bad_request',
      message: expect.stringMatching(/only REPORT_PROGRESS and SUBMIT/),
    });
    await expect(
      eventCommand(service, ref, 'REPORT_PROGRESS', { as: OUTSIDER, data: '{"percent": 1}', attach: [file] }),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    await eventCommand(service, ref, 'SUBMIT', { as: `dept:${LEAD}`, attach: [file], json: true });
    const last = (await service.timeline(ref)).at(-1)!;
    expect(last).toMatchObject({
      type: 'SUBMIT',
      attachments: [{ name: '验收申请.pdf', sha256: sha(PDF), size: PDF.length, type: 'application/pdf' }],
    });
  });
});

/**
 * Appraisal on a real Temporal server, through the HTTP API and the CLI: 质量评定 at VERIFY (or 合格 by default),
 * 验收不合格 (FAIL_QUALITY) sending the work back, both visible in the view, `duban status` and visibility
 * (DubanGrade, DubanRejections, upserted behind the `appraisal-search-attributes` patch); the scoreboard by
 * department, indicator and leader (API and `duban report`); the 督办通报 as Word (API and `duban bulletin`), read back.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultPayloadConverter } from '@temporalio/common';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/tokens';
import { SESSION_COOKIE } from '../../src/web/session';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { DOCX_TYPE } from '../../src/reports/bulletin-download';
import { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { shanghaiDate, workCalendar } from '../../src/measure';
import { LEAD, LEADER, smallPlan } from './fixtures';
import { eventually, serveApi, testEnv, type TestEnv } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
const run = promisify(execFile);

let env: TestEnv;
let api: Awaited<ReturnType<typeof serveApi>>;
let service: MeasureService;
const LATE_DEPT = '测试逾期局';
const PAST_DUE = '2024-09-27T17:00:00+08:00';
const plan = smallPlan({ measures: 3 });
// A fourth measure, led by another department, already past its deadline when imported (逾期未完成).
plan.indicators[0]!.measures.push({
  ...plan.indicators[0]!.measures[0]!,
  id: '2.4',
  number: 4,
  lead: [LATE_DEPT],
  dueAt: PAST_DUE,
});
const id = (measureId: string) => measureWorkflowId(plan.id, measureId);

beforeAll(async () => {
  env = await testEnv();
  service = new MeasureService(env.client);
  api = await serveApi(env);
  await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
});
afterAll(async () => {
  await api?.close();
  await env?.close();
});

async function send(measureId: string, actor: string, event: Record<string, unknown>) {
  const res = await fetch(`${api.base}/api/measures/${plan.id}/${measureId}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${devToken(actor, env.dataDir)}`, 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { quality?: object } };
}

function duban(...args: string[]) {
  return run(process.execPath, [path.join(ROOT, 'bin', 'duban.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, DUBAN_DATA_DIR: env.dataDir },
  });
}

const lead = `dept:${LEAD}`;
/** The patch ids a workflow's history recorded (core's patch markers, decoded). */
async function patches(workflowId: string): Promise<string[]> {
  const events = (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  return events.flatMap((e) =>
    Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap((p) =>
      (p.payloads ?? []).map((payload) => JSON.stringify(defaultPayloadConverter.fromPayload(payload))),
    ),
  );
}

describe('quality grading at 验收', () => {
  it('FAIL_QUALITY sends the work back graded 不合格; a later VERIFY grades it', async () => {
    for (const type of ['START', 'SUBMIT']) expect((await send('2.1', lead, { type })).status).toBe(200);
    // Only the supervision group grades.
    const forbidden = await send('2.1', lead, { type: 'FAIL_QUALITY', reason: '自评' });
    expect(forbidden.status).toBe(403);
    const failed = await send('2.1', 'supervisor', { type: 'FAIL_QUALITY', reason: '整改不到位，群众反映问题仍在' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      state: 'in_progress',
      rejections: 1,
      lastRejection: { reason: '整改不到位，群众反映问题仍在' },
      quality: { grade: '不合格', by: 'supervisor', note: '整改不到位，群众反映问题仍在' },
    });
    expect((await send('2.1', lead, { type: 'SUBMIT' })).status).toBe(200);
    const bad = await send('2.1', 'supervisor', { type: 'VERIFY', grade: '不合格' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('grade');
    const verified = await send('2.1', 'supervisor', { type: 'VERIFY', grade: '优秀', note: '成效明显' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      state: 'verified',
      rejections: 1,
      quality: { grade: '优秀', note: '成效明显' },
    });
    expect(verified.body.quality).not.toHaveProperty('defaulted');

    const timeline = await service.timeline(id('2.1'));
    expect(timeline.map((e) => [e.type, e.detail])).toContainEqual(['FAIL_QUALITY', '整改不到位，群众反映问题仍在']);
    expect(timeline.at(-1)).toMatchObject({ type: 'VERIFY', detail: '质量评定 优秀: 成效明显' });
  });

  it('the CLI grades, says when no grade was given (合格), and `status` shows the 质量评定', async () => {
    await duban('event', id('2.2'), 'START', '--as', lead);
    await duban('event', id('2.2'), 'SUBMIT', '--as', lead);
    const verify = await duban('event', id('2.2'), 'VERIFY', '--as', 'supervisor');
    expect(verify.stderr).toContain('VERIFY without a grade is recorded as 合格');
    expect(verify.stdout).toContain('质量评定 grade: 合格 (no grade given: 合格) by supervisor');
    const refused = await duban('event', id('2.3'), 'VERIFY', '--as', 'supervisor', '--data', '{"grade":"差"}').catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('grade') });
    const status = await duban('status', `${plan.id}/2.1`);
    expect(status.stdout).toContain('质量评定 grade: 优秀 by supervisor');
    expect(status.stdout).toContain('退回整改 rejections: 1');
  });

  it('publishes DubanGrade and DubanRejections to visibility, only for measures graded or sent back', async () => {
    const rows = await eventually(async () => {
      const items = (await service.listAll({ plan: plan.id })).sort((a, b) => a.measureId.localeCompare(b.measureId));
      return items[0]?.grade === '优秀' && items[1]?.grade === '合格' ? items : undefined;
    });
    expect(rows.map((r) => [r.measureId, r.grade, r.rejections])).toEqual([
      ['2.1', '优秀', 1],
      ['2.2', '合格', 0],
      ['2.3', undefined, undefined],
      ['2.4', undefined, undefined],
    ]);
    const count = async (query: string) =>
      (await env.client.workflow.count(`DubanPlan = "${plan.id}" AND ${query}`)).count;
    expect(await count('DubanGrade = "优秀"')).toBe(1);
    expect(await count('DubanRejections >= 1')).toBe(1);
    // The patch marker is recorded where the new upserts begin, and nowhere else.
    expect((await patches(id('2.1'))).join()).toContain('appraisal-search-attributes');
    expect((await patches(id('2.3'))).join()).not.toContain('appraisal-search-attributes');
  });
});

describe('scoreboard v2', () => {
  const get = async (route: string) => {
    const res = await fetch(`${api.base}/api/reports/${route}?plan=${plan.id}`, {
      headers: { authorization: `Bearer ${devToken('coordinator', env.dataDir)}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, Array<Record<string, unknown>>>;
  };
  // 2.1 verified 优秀 on time after 1 rejection, 2.2 verified (合格, no grade given), 2.3 assigned (due 2099): LEAD.
  // 2.4 assigned, due 2024-09-27: LATE_DEPT. All four: indicator 2, leader LEADER.
  const overdueDays = () => workCalendar().workdaysBetween('2024-09-27', shanghaiDate(Date.now()));

  it('ranks departments by score, from visibility, with the figures computed by hand', async () => {
    const { departments } = await get('departments');
    // LEAD: 完成 40 × 2/3 + 按时 30 × 2/2 + 质量 30 × (1 + 0.6)/2 − 1 rejection = 26.67 + 30 + 24 − 1 = 79.7
    expect(departments![0]).toMatchObject({
      department: LEAD,
      rank: 1,
      score: 79.7,
      total: 3,
      done: 2,
      handedIn: 2,
      onTimeRate: 1,
      late: 0,
      overdueOpen: 0,
      rejections: 1,
      grades: { 优秀: 1, 良好: 0, 合格: 1, 不合格: 0 },
    });
    // LATE_DEPT: nothing done, nothing on time, nothing graded, 2 points off for the overdue measure → 0.
    expect(departments![1]).toMatchObject({
      department: LATE_DEPT,
      rank: 2,
      score: 0,
      overdueOpen: 1,
      onTimeRate: 0,
      longestOverdueWorkdays: overdueDays(),
    });
  });

  it('ranks indicators and leaders: GET /api/reports/indicators, /leaders', async () => {
    // All four measures: 40 × 2/4 + 30 × 2/3 + 24 − (2 × 1 overdue + 1 rejection) = 20 + 20 + 24 − 3 = 61
    const { indicators } = await get('indicators');
    expect(indicators).toEqual([
      expect.objectContaining({ indicator: '2', planId: plan.id, rank: 1, score: 61, total: 4, overdueOpen: 1 }),
    ]);
    const { leaders } = await get('leaders');
    expect(leaders).toEqual([expect.objectContaining({ leader: LEADER, rank: 1, score: 61, rejections: 1 })]);
  });

  it('`duban report --by department|indicator|leader` prints the same board', async () => {
    const json = JSON.parse((await duban('report', '--plan', plan.id, '--by', 'leader', '--json')).stdout) as Array<
      Record<string, unknown>
    >;
    expect(json).toEqual([expect.objectContaining({ leader: LEADER, name: LEADER, rank: 1, score: 61 })]);
    const departments = (await duban('report', '--plan', plan.id)).stdout;
    expect(departments).toMatch(new RegExp(`1\\s+${LEAD}\\s+79\\.7`));
    expect(departments).toMatch(new RegExp(`2\\s+${LATE_DEPT}\\s+0\\.0`));
    expect(departments).toContain('优秀/良好/合格/不合格');
    expect((await duban('report', '--plan', plan.id, '--by', 'indicator')).stdout).toMatch(/1\s+2\s+61\.0/);
    const refused = await duban('report', '--by', 'unit').catch((err: { code: number; stderr: string }) => err);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('department, indicator, leader') });
  });
});

describe('督办通报 (bulletin)', () => {
  const today = () => shanghaiDate(Date.now());
  const weekAgo = () => shanghaiDate(Date.now() - 7 * 86_400_000);
  /** The text of a .docx's word/document.xml, and its table rows' cells. */
  const read = (file: Uint8Array) => {
    const xml = strFromU8(unzipSync(file)['word/document.xml']!);
    const rows = [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]),
    );
    return { text: xml.replace(/<[^>]+>/g, ''), rows };
  };
  const expectBulletin = ({ text, rows }: ReturnType<typeof read>) => {
    expect(text).toContain('关于测试整改工作进展情况的通报');
    expect(text).toContain('方案共有整改措施4项');
    expect(text).toContain('逾期未完成1项，逾期完成0项');
    expect(text).toContain(
      `${LATE_DEPT}（1项）：措施2.4“整改措施第1项。”，完成时限2024-09-27，已逾期${overdueDays()}个工作日`,
    );
    expect(text).toContain(`措施2.1“整改措施第1项。”（${LEAD}）验收不合格：整改不到位，群众反映问题仍在`);
    expect(text).toContain(`${LATE_DEPT}（逾期未完成1项），予以通报批评`);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['1', LEAD, '79.7'],
      ['2', LATE_DEPT, '0.0'],
    ]);
  };
  const overdueDays = () => workCalendar().workdaysBetween('2024-09-27', today());

  it('GET /api/reports/bulletin answers the Word document of a real run', async () => {
    const url = (q: string) => `${api.base}/api/reports/bulletin?${q}`;
    const headers = { authorization: `Bearer ${devToken('supervisor', env.dataDir)}` };
    const res = await fetch(url(`plan=${plan.id}&since=${weekAgo()}`), { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX_TYPE);
    expect(res.headers.get('content-disposition')).toContain(`bulletin-${plan.id}-${today()}.docx`);
    expectBulletin(read(new Uint8Array(await res.arrayBuffer())));

    const problem = async (q: string) => {
      const r = await fetch(url(q), { headers });
      return { status: r.status, detail: ((await r.json()) as { detail: string }).detail };
    };
    expect(await problem(`plan=${plan.id}&since=2024-13-01`)).toMatchObject({
      status: 400,
      detail: expect.stringContaining('since'),
    });
    expect(await problem(`plan=${plan.id}&since=2024-10-09&until=2024-10-01`)).toMatchObject({
      status: 400,
      detail: expect.stringContaining('until'),
    });
    expect((await problem(`plan=no-such-plan-${Date.now()}&since=2024-10-01`)).status).toBe(404);
  });

  it('the workbench’s 考核统计 offers the same 通报 for the chosen plan, under its session cookie', async () => {
    const cookie = `${SESSION_COOKIE}=${devToken('supervisor', env.dataDir)}`;
    const page = await fetch(`${api.base}/app/scoreboard?plan=${plan.id}`, { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain('action="/app/bulletin.docx"');
    expect(html).toContain('生成督办通报（Word）');
    const res = await fetch(`${api.base}/app/bulletin.docx?plan=${plan.id}&since=${weekAgo()}&until=${today()}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX_TYPE);
    expectBulletin(read(new Uint8Array(await res.arrayBuffer())));
    const bad = await fetch(`${api.base}/app/bulletin.docx?plan=${plan.id}&since=someday`, { headers: { cookie } });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('请求无效');
  });

  it('`duban bulletin --out file.docx` writes the same document', async () => {
    const out = path.join(env.dataDir, '通报.docx');
    const cli = await duban('bulletin', '--plan', plan.id, '--since', weekAgo(), '--out', out);
    expect(cli.stdout).toContain('通报: 关于测试整改工作进展情况的通报');
    expect(cli.stdout).toContain('4 measure(s), 1 逾期未完成, 0 逾期完成, 1 sent back in the period');
    expectBulletin(read(readFileSync(out)));
    const again = await duban('bulletin', '--plan', plan.id, '--since', weekAgo(), '--out', out).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('exists') });
    const bad = await duban('bulletin', '--plan', plan.id, '--since', 'last week', '--out', out).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('--since') });
  });
});

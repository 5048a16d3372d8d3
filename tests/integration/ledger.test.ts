/**
 * The 台账 end to end: the seed imported on a real server, one measure driven to 已销号, then the ledger exported by
 * `duban ledger` and by `GET /api/ledger.xlsx`, each read back as a real Excel workbook.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import { createAuthenticator, devToken } from '../../src/auth/tokens';
import { importPlan } from '../../src/importer/import-plan';
import { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { uniquePlanId } from './fixtures';
import { eventually, type TestEnv, useTestEnv, withWorker } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED = path.join(ROOT, 'seeds', 'xinxiang-hitech-2020-rectification-plan.txt');
const run = promisify(execFile);

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

const planId = uniquePlanId('ledger');

async function readSheet(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('整改台账')!;
  const rows: string[][] = [];
  sheet.eachRow((row) =>
    rows.push(
      (row.values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v as string))),
    ),
  );
  return rows;
}

/** The API over `measures` in dev mode, with the default or the given per-call Temporal deadline. */
const apiOver = (measures: MeasureService, temporalTimeoutMs?: number): FastifyInstance =>
  buildApp({
    service: measures,
    client: env.client,
    taskQueue: env.taskQueue,
    ...(temporalTimeoutMs ? { temporalTimeoutMs } : {}),
    auth: createAuthenticator({ mode: 'dev', tokensFile: path.join(env.dataDir, 'tokens.json'), dataDir: env.dataDir }),
  });

describe('台账 (ledger)', () => {
  it('exports every measure with its state, from the CLI and the API', async () => {
    await withWorker(env, async () => {
      const outcome = await importPlan(env.client, readFileSync(SEED, 'utf8'), { planId, taskQueue: env.taskQueue });
      expect(outcome.ok).toBe(true);
      const id = measureWorkflowId(planId, '3.2');
      const lead = 'dept:行政审批服务局';
      await service.send(id, lead, { type: 'START' });
      await service.send(id, lead, { type: 'REPORT_PROGRESS', percent: 100, note: '办事指南已全部核对' });
      await service.send(id, lead, { type: 'SUBMIT' });
      await service.send(id, 'supervisor', { type: 'VERIFY' });
      await service.send(id, 'supervisor', { type: 'CLOSE' });
      await eventually(async () => (await service.list({ plan: planId, state: 'closed' })).items.length === 1);
      await eventually(async () => (await env.client.workflow.count(`DubanPlan = "${planId}"`)).count === 21);

      const out = path.join(env.dataDir, '台账.xlsx');
      const cli = await run(
        process.execPath,
        [path.join(ROOT, 'bin', 'duban.js'), 'ledger', '--out', out, '--plan', planId],
        {
          cwd: ROOT,
          env: { ...process.env, TEMPORAL_ADDRESS: env.address, DUBAN_DATA_DIR: env.dataDir },
        },
      );
      expect(cli.stdout).toContain('21 measure(s)');
      const rows = await readSheet(readFileSync(out));
      expect(rows[0]?.[0]).toContain('关于印发2020年新乡高新区营商环境评价指标整改提升工作方案的通知 整改台账');
      expect(rows[1]?.slice(0, 5)).toEqual(['序号', '评价指标', '措施编号', '整改措施', '牵头部门']);
      const body = rows.slice(2);
      expect(body).toHaveLength(21);
      const closed = body.find((r) => r[2] === '3.2')!;
      expect(closed).toEqual(
        expect.arrayContaining([
          '(3) 政务服务',
          '提升办事指南准确度',
          '行政审批服务局',
          '已销号',
          '100% 办事指南已全部核对',
        ]),
      );
      expect(closed[13]).toMatch(/^逾期完成/); // the seed's deadline (2021-12-31) is long past
      const open = body.find((r) => r[2] === '5.4')!;
      expect(open).toEqual(expect.arrayContaining(['组织和人事局', '已交办', '红', '已逾期']));

      const app = apiOver(service);
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const res = await fetch(`${base}/api/ledger.xlsx?plan=${planId}`, {
          headers: { authorization: `Bearer ${devToken('leader:赵文良', env.dataDir)}` },
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        expect(res.headers.get('content-disposition')).toContain(`ledger-${planId}.xlsx`);
        const apiRows = await readSheet(Buffer.from(await res.arrayBuffer()));
        expect(apiRows.slice(2).map((r) => r[2])).toEqual(body.map((r) => r[2]));
        expect((await fetch(`${base}/api/ledger.xlsx`)).status).toBe(401);
      } finally {
        await app.close();
      }

      // A ledger that takes longer than the request deadline still downloads: the deadline bounds each Temporal
      // call, not the whole report. Every query here waits 1.5 s first (a slow link); 21 measures at 16 at a
      // time take two rounds, over 3 s, against a 2.5 s deadline per call (1 s of slack for a busy machine).
      class SlowService extends MeasureService {
        override async get(ref: Parameters<MeasureService['get']>[0]) {
          await new Promise((resolve) => setTimeout(resolve, 1500));
          return super.get(ref);
        }
      }
      const slow = apiOver(new SlowService(env.client), 2500);
      const slowBase = await slow.listen({ port: 0, host: '127.0.0.1' });
      try {
        const started = Date.now();
        const res = await fetch(`${slowBase}/api/ledger.xlsx?plan=${planId}`, {
          headers: { authorization: `Bearer ${devToken('supervisor', env.dataDir)}` },
        });
        expect(res.status).toBe(200);
        expect(Date.now() - started).toBeGreaterThan(2500);
        expect((await readSheet(Buffer.from(await res.arrayBuffer()))).slice(2)).toHaveLength(21);
      } finally {
        await slow.close();
      }
    });
  }, 120_000);
});

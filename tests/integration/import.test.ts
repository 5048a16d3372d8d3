/**
 * Import against a real Temporal server: the seed document starts 21 workflows with the right search attributes,
 * re-import starts none, invalid plans start nothing, a 1,000-measure plan imports completely, the CLI
 * (`duban import`) behaves the same as the library it wraps, and a document with gaps goes through its review file
 * (`--review`, filled in) to started workflows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument as parseYaml } from 'yaml';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { importPlan } from '../../src/importer/import-plan';
import { startPlan } from '../../src/importer/start';
import { DubanError } from '../../src/service/errors';
import type { MeasureService } from '../../src/service/measures';
import { SA } from '../../src/measure';
import { measureWorkflowId } from '../../src/temporal/names';
import { eventually, runCli, type TestEnv, useTestEnv } from './harness';
import { smallPlan, uniquePlanId } from './fixtures';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED = path.join(ROOT, 'seeds', 'xinxiang-hitech-2020-rectification-plan.txt');
const seedText = readFileSync(SEED, 'utf8');

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

async function countPlan(planId: string): Promise<number> {
  const { count } = await env.client.workflow.count(`DubanPlan = "${planId}"`);
  return count;
}

const cli = (args: string[]) => runCli(env, args);

describe('importing the seed document', () => {
  it('starts 21 workflows with search attributes, and a re-import starts none', async () => {
    const planId = uniquePlanId('seed');
    const first = await importPlan(env.client, seedText, { planId, taskQueue: env.taskQueue });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.report).toMatchObject({ started: 21, existing: 0, removed: [] });
    expect(first.report?.pastDue).toHaveLength(21); // 2021-12-31 is long past: loudly reported

    const described = await env.client.workflow.getHandle(measureWorkflowId(planId, '5.4')).describe();
    const sa = described.typedSearchAttributes;
    expect(sa.get(SA.plan)).toBe(planId);
    expect(sa.get(SA.indicator)).toBe('5');
    expect(sa.get(SA.lead)).toEqual(['组织和人事局']);
    expect(sa.get(SA.support)).toEqual(['经济发展局', '科学技术局', '服务业促进局']);
    expect(sa.get(SA.leaders)).toEqual(['张玓', '张贺星', '田维琳', '史玉华']);
    expect(sa.get(SA.state)).toBe('assigned');
    expect(sa.get(SA.dueAt)?.toISOString()).toBe('2021-12-31T15:59:59.000Z');

    await eventually(async () => (await countPlan(planId)) === 21);
    const again = await importPlan(env.client, seedText, { planId, taskQueue: env.taskQueue });
    expect(again.ok && again.report).toMatchObject({ started: 0, existing: 21, removed: [] });
    expect(await countPlan(planId)).toBe(21);
    const lead = await service.listAll({ plan: planId, lead: '科学技术局' });
    expect(lead.map((m) => m.measureId).sort()).toEqual(['5.1', '5.2']);
  });
});

describe('invalid plans start nothing', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty file', '', /empty/i],
    ['binary garbage', '\u0000\u0001\u0002PK\u0003\u0004\u0000\u0000', /binary|not text/i],
    ['no measures', '关于印发某某方案的通知\n\n一、总体要求\n\n做好各项工作。\n', /no .*measure|整改措施/i],
    [
      'JSON with a wrong field',
      JSON.stringify({ title: 't', indicators: [{ name: 'x', lead: 'A', measures: [{ text: '措施。', leed: 'B' }] }] }),
      /indicators\.0\.measures\.0/,
    ],
  ];
  it.each(cases)('%s', async (_name, text, message) => {
    const planId = uniquePlanId('bad');
    const outcome = await importPlan(env.client, text, {
      planId,
      taskQueue: env.taskQueue,
      filename: text.startsWith('{') ? 'p.json' : undefined,
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors.map((e) => `${e.path ?? ''} ${e.message}`).join('\n')).toMatch(message);
    await new Promise((r) => setTimeout(r, 300));
    expect(await countPlan(planId)).toBe(0);
  });

  it('refuses a plan whose policy is invalid, naming the field', async () => {
    const planId = uniquePlanId('badpolicy');
    const text = JSON.stringify({
      title: 't',
      dueIn: '1d',
      policy: { remindBefor: '1d' },
      indicators: [{ name: 'x', lead: 'A', measures: [{ text: '措施。' }] }],
    });
    const outcome = await importPlan(env.client, text, { planId, taskQueue: env.taskQueue, filename: 'p.json' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors[0]?.message).toMatch(/policy\.remindBefor/);
    expect(await countPlan(planId)).toBe(0);
  });
});

describe('large plans', () => {
  it('imports a synthetic 1,000-measure plan completely', async () => {
    const planId = uniquePlanId('big');
    const departments = Array.from({ length: 40 }, (_, i) => `第${i + 1}局`);
    const plan = {
      id: planId,
      title: '千项整改措施压力测试方案',
      defaultDueAt: '2099-12-31',
      supervisors: ['纪工委'],
      indicators: Array.from({ length: 10 }, (_, i) => ({
        name: `指标${i + 1}`,
        leaders: [`领导${i + 1}`],
        lead: departments[i]!,
        measures: Array.from({ length: 100 }, (_, j) => ({
          text: `第${i + 1}项指标的第${j + 1}条整改措施。具体内容。`,
          lead: departments[(i * 100 + j) % departments.length]!,
        })),
      })),
    };
    const progress: number[] = [];
    const outcome = await importPlan(env.client, JSON.stringify(plan), {
      taskQueue: env.taskQueue,
      filename: 'big.json',
      onProgress: (done) => progress.push(done),
    });
    expect(outcome.ok && outcome.report?.started).toBe(1000);
    expect(progress.at(-1)).toBe(1000);
    await eventually(async () => (await countPlan(planId)) === 1000, 60_000);
    const page = await service.list({ plan: planId }, { pageSize: 300 });
    expect(page.items).toHaveLength(300);
    expect(page.nextPageToken).toBeTruthy();
  }, 180_000);
});

describe('an import cut off part-way', () => {
  it('says exactly how many measures it started, and the same import again starts the rest', async () => {
    const plan = smallPlan({ measures: 12 });
    const connection = await Connection.connect({ address: env.address });
    const client = new Client({ connection });
    // The connection is lost after the fifth start (one start at a time, so the count is exact).
    const cut = startPlan(client, plan, DEFAULT_POLICY, {
      taskQueue: env.taskQueue,
      concurrency: 1,
      onProgress: (done) => void (done === 5 && connection.close()),
    });
    const err = (await cut.catch((e: unknown) => e)) as DubanError;
    expect(err).toBeInstanceOf(DubanError);
    expect(err.message).toMatch(/stopped after 5 measure\(s\) were started and 0 found existing, of 12/);
    expect(err.message).toMatch(/Run the same import again/);
    expect(err.details).toMatchObject({ started: 5, existing: 0, total: 12 });
    const again = await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
    expect([again.started, again.existing]).toEqual([7, 5]);
  });
});

describe('duban import (CLI)', () => {
  it('--dry-run --json prints the parsed plan and starts nothing', async () => {
    const { code, stdout } = await cli(['import', SEED, '--dry-run', '--json']);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { id: string; indicators: Array<{ measures: unknown[] }> };
    expect(plan.id).toBe('xinxiang-hitech-2020');
    expect(plan.indicators.flatMap((i) => i.measures)).toHaveLength(21);
  });

  it('reads a Word document (.docx) directly', async () => {
    const docx = path.resolve(__dirname, '..', 'fixtures', 'plans', 'word-document.docx');
    const { code, stdout } = await cli(['import', docx, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('dry run: 3 indicators, 6 measures parsed from');
    expect(stdout).toMatch(/3\.2 推行施工图数字化审查\s+县住建局\s+赵明\s+持续推进/);
  });

  it('reads an Excel task list (.xlsx) directly', async () => {
    const xlsx = path.resolve(__dirname, '..', 'fixtures', 'plans', 'task-list.xlsx');
    const { code, stdout } = await cli(['import', xlsx, '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('dry run: 2 indicators, 3 measures parsed from');
    expect(stdout).toMatch(/1\.2 推行联合审批\s+县自然资源局\s+2023-11-30/);
  });

  it('imports with a summary table, warns loudly about past deadlines, and re-imports as a no-op', async () => {
    const planId = uniquePlanId('cli');
    const first = await cli(['import', SEED, '--plan-id', planId]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('21 started, 0 already there');
    expect(first.stdout).toContain(`duban/${planId}/5.4`);
    expect(first.stderr).toMatch(/21 measure\(s\) were already past their deadline/);
    const second = await cli(['import', SEED, '--plan-id', planId]);
    expect(second.stdout).toContain('0 started, 21 already there');
  });

  it('exits non-zero naming the line when a measure has no attribution, and starts nothing', async () => {
    const planId = uniquePlanId('cli-bad');
    const file = path.join(env.dataDir, 'no-lead.txt');
    writeFileSync(
      file,
      [
        '某某局整改方案',
        '',
        '发布时间:2024-03-01',
        '',
        '二、任务分工',
        '',
        '(一)开办企业',
        '',
        '2.整改措施',
        '',
        '(1)没有牵头部门的措施。内容。',
        '',
      ].join('\n'),
    );
    const { code, stderr } = await cli(['import', file, '--plan-id', planId]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/line 11/);
    expect(stderr).toMatch(/nothing was started/);
    expect(await countPlan(planId)).toBe(0);
  });

  it('--review writes a YAML file for what it could not read; filled in, it imports and starts every measure', async () => {
    const planId = uniquePlanId('review');
    const gaps = path.resolve(__dirname, '..', 'fixtures', 'plans', 'review-gaps.txt');
    const reviewFile = path.join(env.dataDir, `${planId}.yaml`);
    const reviewed = await cli(['import', gaps, '--review', reviewFile]);
    expect(reviewed.code, reviewed.stderr).toBe(0);
    expect(reviewed.stdout).toContain('4 measures, 3 doubt(s)');
    expect(reviewed.stdout).toContain('fill in the lead of 1.2, 1.3');
    expect(await countPlan(planId)).toBe(0);
    const yamlText = readFileSync(reviewFile, 'utf8');
    expect(yamlText).toMatch(/# \? no 牵头部门 .* — line 7: "（2）推行简易注销。/);
    expect((await cli(['import', reviewFile, '--dry-run'])).code).toBe(2); // the leads are still to fill in

    const doc = parseYaml(yamlText);
    doc.setIn(['indicators', 0, 'measures', 1, 'lead'], doc.createNode(['市行政审批局'], { flow: true }));
    doc.setIn(['indicators', 0, 'measures', 2, 'lead'], doc.createNode(['市市场监管局'], { flow: true }));
    writeFileSync(reviewFile, doc.toString({ lineWidth: 0 }));
    const dry = await cli(['import', reviewFile, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as { indicators: Array<{ measures: Array<{ id: string; lead: string[] }> }> };
    expect(plan.indicators.flatMap((i) => i.measures).map((m) => [m.id, m.lead])).toEqual([
      ['1.1', ['市市场监管局']],
      ['1.2', ['市行政审批局']],
      ['1.3', ['市市场监管局']],
      ['2.1', ['国网长垣市供电公司']],
    ]);

    const imported = await cli(['import', reviewFile, '--plan-id', planId]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('4 started, 0 already there');
    await eventually(async () => (await countPlan(planId)) === 4);
    const described = await env.client.workflow.getHandle(measureWorkflowId(planId, '1.2')).describe();
    expect(described.typedSearchAttributes.get(SA.lead)).toEqual(['市行政审批局']);
  });
});

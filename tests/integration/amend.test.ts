/**
 * The plan as a record and its amendments, against the real Temporal server, the real HTTP API and the CLI: the
 * seed imported (revision 1, with its source), the revised seed (one deadline moved, one lead replaced, one
 * measure added, one removed) previewed by the API and the CLI with exactly that difference and nothing changed,
 * then applied — the running workflows hold the new lead and due time, their timelines say which revision and
 * why, the new measure runs, the removed one is cancelled with the reason, the new department acts at once and the
 * old one is refused — and applied again, changing nothing. A closed measure is skipped, never changed.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call --
   response bodies are untyped JSON off the wire; the assertions are what check their shape */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/tokens';
import { importPlan } from '../../src/importer/import-plan';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { diffPlans, SA } from '../../src/measure';
import type { MeasureService } from '../../src/service/measures';
import { PlanService } from '../../src/service/plans';
import { measureWorkflowId } from '../../src/temporal/names';
import { LEAD, LEADER, SUPERVISORS, uniquePlanId } from './fixtures';
import { PLAN_WORKFLOW_TYPE, planWorkflowId } from '../../workflows/plan.messages';
import { eventually, readOutbox, runCli, serveApi, type TestEnv, useTestEnv, withWorker } from './harness';

const ROOT = path.resolve(__dirname, '..', '..');
const SEED = path.join(ROOT, 'seeds', 'xinxiang-hitech-2020-rectification-plan.txt');
const REVISED = path.join(ROOT, 'tests', 'fixtures', 'plans', 'seed-revised.txt');
const seedText = readFileSync(SEED, 'utf8');
const revisedText = readFileSync(REVISED, 'utf8');
const OLD_LEAD = '自然资源规划建设局';
const NEW_LEAD = '住房保障中心';

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

const cli = (args: string[]) => runCli(env, args);

/** A JSON call to the API as `actor`. */
async function call(
  base: string,
  actor: string,
  method: string,
  url: string,
  body?: { text?: string; json?: unknown },
) {
  const headers: Record<string, string> = { authorization: `Bearer ${devToken(actor, env.dataDir)}` };
  let payload: string | undefined;
  if (body?.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    payload = body.text;
  } else if (body?.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body.json);
  }
  const res = await fetch(`${base}${url}`, { method, headers, body: payload });
  return { status: res.status, body: (await res.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const EXPECTED_DIFF = {
  added: [{ id: '5.6', lead: ['经济发展局'], support: ['服务业促进局'] }],
  removed: [{ id: '5.4' }],
  changed: [
    { id: '2.3', changes: [{ field: 'dueAt', from: '2021-12-31T23:59:59+08:00', to: '2022-06-30T23:59:59+08:00' }] },
    { id: '2.4', changes: [{ field: 'lead', from: [OLD_LEAD], to: [NEW_LEAD] }] },
  ],
  unchanged: 18,
};

describe('a revised plan', () => {
  it('is shown first, applied when confirmed, and applying it again changes nothing', async () => {
    const planId = uniquePlanId('amend');
    const api = await serveApi(env);
    const post = (query: string, text: string) =>
      call(api.base, 'coordinator', 'POST', `/api/plans?planId=${planId}${query}`, { text });
    try {
      // Revision 1: the seed, recorded with its source.
      const first = await post('&filename=xinxiang.txt', seedText);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.body.started).toBe(21);
      const shown = await call(api.base, 'supervisor', 'GET', `/api/plans/${planId}`);
      expect(shown.status).toBe(200);
      expect(shown.body.record).toMatchObject({
        header: { planId, title: expect.stringContaining('新乡'), supervisors: expect.arrayContaining(['纪工委']) },
        revision: 1,
        revisions: [
          {
            revision: 1,
            by: 'coordinator',
            summary: 'imported: 21 measures',
            source: {
              fileName: 'xinxiang.txt',
              sha256: createHash('sha256').update(seedText).digest('hex'),
              chars: seedText.length,
            },
          },
        ],
      });
      expect(shown.body.record.measures).toHaveLength(21);

      // The difference, three ways, and nothing changes.
      const dry = await post('&dryRun=1', revisedText);
      expect(dry.status).toBe(200);
      expect(dry.body.amendment).toMatchObject({ applied: false, baseRevision: 1, revision: 2, diff: EXPECTED_DIFF });
      const unconfirmed = await post('', revisedText);
      expect(unconfirmed.status).toBe(200);
      expect(unconfirmed.body.amendment).toMatchObject({ applied: false, diff: EXPECTED_DIFF, results: [] });
      const printed = await cli(['import', REVISED, '--plan', planId]);
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toContain(
        'revision 1 → 2: 1 added (5.6); 1 removed (5.4); 2 changed (2.3: dueAt; 2.4: lead)',
      );
      expect(printed.stdout).toContain(`牵头部门 lead: ${OLD_LEAD} → ${NEW_LEAD}`);
      expect(printed.stdout).toContain('截止 due: 2021-12-31T23:59:59+08:00 → 2022-06-30T23:59:59+08:00');
      expect(printed.stdout).toContain('nothing was changed');
      expect((await service.get(`${planId}/2.4`)).lead).toEqual([OLD_LEAD]);
      expect((await service.get(`${planId}/5.4`)).state).toBe('assigned');
      await expect(service.get(`${planId}/5.6`)).rejects.toMatchObject({ kind: 'not_found' });
      expect((await new PlanService(env.client).show(planId)).revision).toBe(1);

      // Applied: each measure's outcome.
      const applied = await post('&apply=1&filename=revised.txt', revisedText);
      expect(applied.status, JSON.stringify(applied.body)).toBe(200);
      expect(applied.body.amendment).toMatchObject({
        applied: true,
        revision: 2,
        counts: { applied: 4, skipped: 0, failed: 0 },
      });
      const results = applied.body.amendment.results as Array<Record<string, unknown>>;
      const outcome = Object.fromEntries(
        results.map((r) => [r.measureId, [r.change, r.outcome, r.fields ?? r.reason]]),
      );
      expect(outcome).toEqual({
        '5.6': ['added', 'applied', undefined],
        '2.3': ['changed', 'applied', ['dueAt']],
        '2.4': ['changed', 'applied', ['lead']],
        '5.4': ['removed', 'applied', 'cancelled'],
      });

      // The running workflows hold the new facts, say why, and Temporal's search attributes follow.
      const due = await service.get(`${planId}/2.3`);
      expect(due).toMatchObject({
        dueAt: '2022-06-30T23:59:59+08:00',
        lastAmendment: { revision: 2, by: 'coordinator' },
      });
      const lead = await service.get(`${planId}/2.4`);
      expect(lead.lead).toEqual([NEW_LEAD]);
      const amends = (await service.timeline(`${planId}/2.4`)).filter((e) => e.type === 'AMEND');
      expect(amends).toHaveLength(1);
      expect(amends[0]).toMatchObject({ actor: 'coordinator', from: 'assigned', to: 'assigned' });
      expect(amends[0]!.detail).toMatch(
        /^方案修订 r2 \(修订方案 revised\.txt \(sha256 [0-9a-f]{12}\)\): 牵头部门 → 住房保障中心$/,
      );
      const sa = (await env.client.workflow.getHandle(measureWorkflowId(planId, '2.4')).describe())
        .typedSearchAttributes;
      expect(sa.get(SA.lead)).toEqual([NEW_LEAD]);
      // The new lead department is told it now carries the measure, and why.
      const told = await eventually(() =>
        readOutbox<{ workflowId: string; kind: string; to: unknown; summary: string }>(
          env,
          measureWorkflowId(planId, '2.4'),
        ).find((n) => n.kind === 'amended'),
      );
      expect(told.to).toEqual([{ role: 'dept', name: NEW_LEAD }]);
      expect(told.summary).toMatch(/^牵头部门：住房保障中心。理由：修订方案 revised\.txt/);
      const saDue = (await env.client.workflow.getHandle(measureWorkflowId(planId, '2.3')).describe())
        .typedSearchAttributes;
      expect(saDue.get(SA.dueAt)?.toISOString()).toBe('2022-06-30T15:59:59.000Z');
      expect(await service.get(`${planId}/5.6`)).toMatchObject({ state: 'assigned', lead: ['经济发展局'] });
      const removed = await service.get(`${planId}/5.4`);
      expect(removed.state).toBe('cancelled');
      expect(removed.cancelled?.reason).toMatch(/^方案修订 r2: 措施已从方案中删除 — 修订方案 revised\.txt/);

      // Permissions follow at once: the new 牵头部门 signs for it, the old one is refused.
      const events = `/api/measures/${planId}/2.4/events`;
      const old = await call(api.base, `dept:${OLD_LEAD}`, 'POST', events, { json: { type: 'START' } });
      expect(old.status).toBe(403);
      const started = await call(api.base, `dept:${NEW_LEAD}`, 'POST', events, { json: { type: 'START' } });
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      expect(started.body.state).toBe('in_progress');

      // The same revision again: nothing to apply, nothing changes.
      const again = await post('&apply=1&filename=revised.txt', revisedText);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toMatchObject({ started: 0, existing: 21 });
      expect((await service.timeline(`${planId}/2.4`)).filter((e) => e.type === 'AMEND')).toHaveLength(1);
      const cliAgain = await cli(['import', REVISED, '--plan', planId, '--apply']);
      expect(cliAgain.code, cliAgain.stderr).toBe(0);
      expect(cliAgain.stdout).toContain('0 started, 21 already there');

      // The record: two revisions, the second with its outcome.
      const record = await cli(['plan', 'show', planId]);
      expect(record.code, record.stderr).toBe(0);
      expect(record.stdout).toMatch(/r1 .* coordinator +xinxiang\.txt/);
      expect(record.stdout).toContain(
        '1 added (5.6); 1 removed (5.4); 2 changed (2.3: dueAt; 2.4: lead); 18 unchanged [4 applied, 0 skipped, 0 failed]',
      );
      const final = await call(api.base, 'supervisor', 'GET', `/api/plans/${planId}`);
      expect(final.body.record.revision).toBe(2);
      expect(final.body.record.measures.map((m: { id: string }) => m.id)).toContain('5.6');
      expect(final.body.record.measures.map((m: { id: string }) => m.id)).not.toContain('5.4');
    } finally {
      await api.close();
    }
  });

  it('never changes a closed measure: it is reported skipped with the reason', async () => {
    const plan = {
      id: uniquePlanId('amend-closed'),
      title: '测试整改方案',
      defaultDueAt: '2099-12-31',
      supervisors: SUPERVISORS,
      indicators: [
        {
          code: '2',
          name: '办理建筑许可',
          leaders: [LEADER],
          lead: [LEAD],
          support: [] as string[],
          measures: [
            { text: '整改措施第1项。', lead: [LEAD] },
            { text: '整改措施第2项。', lead: [LEAD] },
          ],
        },
      ],
    };
    const api = await serveApi(env);
    try {
      const first = await importPlan(env.client, JSON.stringify(plan), {
        taskQueue: env.taskQueue,
        filename: 'p.json',
      });
      expect(first.ok && first.report?.started).toBe(2);
      const ref = `${plan.id}/2.1`;
      await service.send(ref, `dept:${LEAD}`, { type: 'START' });
      await service.send(ref, `dept:${LEAD}`, { type: 'SUBMIT' });
      await service.send(ref, 'supervisor', { type: 'VERIFY' });
      await service.send(ref, 'supervisor', { type: 'CLOSE' });

      const revised = structuredClone(plan);
      for (const m of revised.indicators[0]!.measures) m.lead = [NEW_LEAD];
      const outcome = await importPlan(env.client, JSON.stringify(revised), {
        taskQueue: env.taskQueue,
        filename: 'p.json',
        apply: true,
      });
      if (!outcome.ok) throw new Error('the revised plan is valid');
      expect(outcome.amendment?.results).toEqual([
        {
          measureId: '2.1',
          workflowId: measureWorkflowId(plan.id, '2.1'),
          change: 'changed',
          outcome: 'skipped',
          reason: 'closed (已销号): a closed or cancelled measure is never reopened or changed',
        },
        {
          measureId: '2.2',
          workflowId: measureWorkflowId(plan.id, '2.2'),
          change: 'changed',
          outcome: 'applied',
          fields: ['lead'],
        },
      ]);
      expect((await service.get(ref)).lead).toEqual([LEAD]);
      expect((await service.get(`${plan.id}/2.2`)).lead).toEqual([NEW_LEAD]);
    } finally {
      await api.close();
    }
  });
});

describe('the plan record', () => {
  it('continues as new past its bound of revisions per run, keeping every revision, and refuses a stale one', async () => {
    const plans = new PlanService(env.client);
    const measures = [{ id: '1.1', indicator: '1', title: 't', lead: ['A'], support: [], leaders: [], dueAt: null }];
    const request = (baseRevision: number, lead: string) => {
      const next = [{ ...measures[0]!, lead: [lead] }];
      return {
        baseRevision,
        by: 'coordinator' as const,
        header: {
          planId: uniquePlanId('record'),
          title: '方案',
          defaultDueAt: null,
          supervisors: [],
          policy: DEFAULT_POLICY,
        },
        source: { sha256: '0'.repeat(64), chars: 1 },
        measures: next,
        diff: diffPlans(measures, next),
      };
    };
    const first = request(0, 'A');
    const planId = first.header.planId;
    const handle = env.client.workflow.getHandle(planWorkflowId(planId));
    await withWorker(env, async () => {
      await env.client.workflow.start(PLAN_WORKFLOW_TYPE, {
        workflowId: planWorkflowId(planId),
        taskQueue: env.taskQueue,
        args: [{ first, maxRevisionsPerRun: 2 }],
      });
      const firstRun = (await handle.describe()).runId;
      for (const [base, lead] of [
        [1, 'B'],
        [2, 'C'],
        [3, 'D'],
      ] as const)
        await plans.revise({ ...request(base, lead), header: first.header });
      await expect(plans.revise({ ...request(1, 'E'), header: first.header })).rejects.toMatchObject({
        kind: 'conflict',
        message: expect.stringMatching(/is at revision 4, not 1/),
      });
      const record = await plans.show(planId);
      expect(record.revisions.map((r) => r.revision)).toEqual([1, 2, 3, 4]);
      expect(record.measures[0]!.lead).toEqual(['D']);
      expect((await handle.describe()).runId).not.toBe(firstRun);
      expect(await plans.baseline(planId)).toEqual({ revision: 4, measures: record.measures });
    });
  });
});

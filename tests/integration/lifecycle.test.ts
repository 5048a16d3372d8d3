/**
 * The measure lifecycle on a real Temporal server: full path to 已销号, the reject loop, refusals that leave no
 * trace in history, the timeline, visibility by DubanState, and a worker restart mid-lifecycle.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { DubanError } from '../../src/service/errors';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { eventually, type TestEnv, useTestEnv, withWorker } from './harness';
import { LEAD, LEADER, smallPlan, SUPPORT } from './fixtures';

const lead = `dept:${LEAD}` as const;
const support = `dept:${SUPPORT}` as const;

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

async function refusal(promise: Promise<unknown>): Promise<DubanError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof DubanError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('measureWorkflow lifecycle', () => {
  it('goes assigned → in_progress → submitted → (rejected) → verified → closed, with a timeline', async () => {
    const plan = smallPlan();
    await withWorker(env, async () => {
      const report = await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      expect(report.started).toBe(2);
      const id = measureWorkflowId(plan.id, '2.1');

      expect((await service.get(id)).state).toBe('assigned');
      expect((await service.send(id, lead, { type: 'START' })).state).toBe('in_progress');
      const progressed = await service.send(id, support, { type: 'REPORT_PROGRESS', percent: 40, note: '已完成方案' });
      expect(progressed.progress).toMatchObject({ percent: 40, by: support });
      expect((await service.send(id, lead, { type: 'SUBMIT', note: '已完成' })).state).toBe('submitted');
      const rejected = await service.send(id, 'supervisor', { type: 'REJECT', reason: '缺少验收材料' });
      expect(rejected).toMatchObject({ state: 'in_progress', rejections: 1 });
      await service.send(id, lead, { type: 'SUBMIT' });
      expect((await service.send(id, 'supervisor', { type: 'VERIFY' })).state).toBe('verified');
      const closed = await service.send(id, 'supervisor', { type: 'CLOSE' });
      expect(closed).toMatchObject({ state: 'closed', stateLabel: '已销号', light: 'green' });

      const handle = env.client.workflow.getHandle(id);
      const result = (await handle.result()) as { state: string };
      expect(result.state).toBe('closed');

      const timeline = await service.timeline(id);
      expect(timeline.map((e) => [e.type, e.actor, e.from, e.to])).toEqual([
        ['START', lead, 'assigned', 'in_progress'],
        ['REPORT_PROGRESS', support, 'in_progress', 'in_progress'],
        ['SUBMIT', lead, 'in_progress', 'submitted'],
        ['REJECT', 'supervisor', 'submitted', 'in_progress'],
        ['SUBMIT', lead, 'in_progress', 'submitted'],
        ['VERIFY', 'supervisor', 'submitted', 'verified'],
        ['CLOSE', 'supervisor', 'verified', 'closed'],
      ]);
      for (const entry of timeline) expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
      expect(Date.parse(timeline.at(-1)!.at)).toBeGreaterThanOrEqual(Date.parse(timeline[0]!.at));

      const found = await eventually(async () => {
        const ids: string[] = [];
        for await (const wf of env.client.workflow.list({ query: `DubanState="closed" AND DubanPlan="${plan.id}"` })) {
          ids.push(wf.workflowId);
        }
        return ids.length ? ids : undefined;
      });
      expect(found).toEqual([id]);
      const history = await handle.fetchHistory();
      expect(history.events?.length).toBeLessThan(100);
    });
  });

  it('refuses wrong actor, wrong state and bad payload without writing history', async () => {
    const plan = smallPlan();
    await withWorker(env, async () => {
      await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      const id = measureWorkflowId(plan.id, '2.1');
      await service.send(id, lead, { type: 'START' });
      const before = await service.historyLength(id);

      const wrongActor = await refusal(service.send(id, support, { type: 'SUBMIT' }));
      expect(wrongActor.kind).toBe('forbidden');
      expect(wrongActor.message).toMatch(/牵头部门/);

      const wrongState = await refusal(service.send(id, 'supervisor', { type: 'VERIFY' }));
      expect(wrongState.kind).toBe('conflict');
      expect(wrongState.message).toMatch(/not allowed while measure 2\.1 is in_progress/);
      expect(wrongState.details).toMatchObject({ state: 'in_progress' });

      const bad = await refusal(service.send(id, lead, { type: 'REPORT_PROGRESS', percent: 140 } as never));
      expect(bad.kind).toBe('bad_request');
      expect(bad.message).toMatch(/event\.percent/);

      const leaderTriesStart = await refusal(service.send(id, `leader:${LEADER}`, { type: 'START' }));
      expect(leaderTriesStart.kind).toBe('forbidden');

      expect(await service.historyLength(id)).toBe(before);
      expect((await service.get(id)).state).toBe('in_progress');
    });
  });

  it('resumes with its state intact after the worker is stopped and restarted', async () => {
    const plan = smallPlan();
    const id = measureWorkflowId(plan.id, '2.2');
    await withWorker(env, async () => {
      await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      await service.send(id, lead, { type: 'START' });
      await service.send(id, lead, { type: 'REPORT_PROGRESS', percent: 70, note: '过半' });
    });
    // No worker now: the workflow waits durably on the server.
    await withWorker(env, async () => {
      const view = await service.get(id);
      expect(view).toMatchObject({ state: 'in_progress', progress: { percent: 70, note: '过半' } });
      expect((await service.send(id, lead, { type: 'SUBMIT' })).state).toBe('submitted');
      expect((await service.timeline(id)).map((e) => e.type)).toEqual(['START', 'REPORT_PROGRESS', 'SUBMIT']);
    });
  });

  it('reports an unknown measure as not found and re-import as existing', async () => {
    const plan = smallPlan();
    await withWorker(env, async () => {
      const first = await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      const second = await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      expect([first.started, first.existing]).toEqual([2, 0]);
      expect([second.started, second.existing]).toEqual([0, 2]);
      const missing = await refusal(service.get(measureWorkflowId(plan.id, '9.9')));
      expect(missing.kind).toBe('not_found');
    });
  });
});

/**
 * Long-lived measures keep their history small by continuing as new: state, timeline and fired timer steps carry
 * over, and the measure keeps answering on the new run (real server; the threshold is lowered for the test).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { measureInputs } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { SA } from '../../src/measure';
import { measureWorkflowId } from '../../src/temporal/names';
import { measureWorkflow } from '../../workflows/measure.workflow';
import { LEAD, smallPlan } from './fixtures';
import { eventually, type TestEnv, useTestEnv, withWorker } from './harness';

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

describe('continue-as-new', () => {
  it('carries the state and the timeline into a fresh run once history grows past the threshold', async () => {
    const plan = smallPlan({ measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    const lead = `dept:${LEAD}`;
    await withWorker(env, async () => {
      const handle = await env.client.workflow.start(measureWorkflow, {
        workflowId: id,
        taskQueue: env.taskQueue,
        args: [{ ...measureInputs(plan, DEFAULT_POLICY)[0]!, maxHistoryEvents: 20 }],
        typedSearchAttributes: [{ key: SA.plan, value: plan.id }],
      });
      const firstRun = handle.firstExecutionRunId;
      await service.send(id, lead, { type: 'START' });
      for (let percent = 10; percent <= 80; percent += 10) {
        await service.send(id, lead, { type: 'REPORT_PROGRESS', percent, note: `进展 ${percent}%` });
      }
      const latestRun = await eventually(async () => {
        const d = await env.client.workflow.getHandle(id).describe();
        return d.runId !== firstRun && d.status.name === 'RUNNING' && d;
      });
      expect(latestRun.historyLength).toBeLessThan(20);
      // Listed once, by its latest run, though the first run's record stays in visibility as ContinuedAsNew.
      await eventually(async () => (await service.listAll({ plan: plan.id })).some((m) => m.state === 'in_progress'));
      const listed = await service.listAll({ plan: plan.id });
      expect(listed.map((m) => m.workflowId)).toEqual([id]);

      const view = await service.get(id);
      expect(view).toMatchObject({ state: 'in_progress', progress: { percent: 80, note: '进展 80%', by: lead } });
      const timeline = await service.timeline(id);
      expect(timeline.map((e) => e.type)).toEqual(['START', ...Array(8).fill('REPORT_PROGRESS')]);

      expect((await service.send(id, lead, { type: 'SUBMIT' })).state).toBe('submitted');
      expect((await service.timeline(id)).at(-1)).toMatchObject({
        type: 'SUBMIT',
        from: 'in_progress',
        to: 'submitted',
      });
    });
  });
});

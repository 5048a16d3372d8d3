/**
 * What Temporal UI reads from a running measure: its current details (the metadata query) and its Stack Trace view
 * (the SDK's stack-trace queries), which still shows where the workflow waits with the few stack frames duban's
 * worker captures in workflow code (src/worker/stack-frames.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { type TestEnv, useTestEnv, withWorker } from './harness';
import { LEAD, smallPlan } from './fixtures';

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

interface EnhancedStackTrace {
  stacks: Array<{ locations: Array<{ file_path?: string; function_name?: string }> }>;
}

describe('a measure in Temporal UI', () => {
  it('shows its current details and where it waits', async () => {
    const plan = smallPlan({ measures: 1 });
    await withWorker(env, async () => {
      await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      const id = measureWorkflowId(plan.id, '2.1');
      await service.send(id, `dept:${LEAD}`, { type: 'START' });
      const handle = env.client.workflow.getHandle(id);

      const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      expect(metadata.currentDetails).toContain('状态 state: 办理中 (in_progress)');

      const trace = await handle.query<string>('__stack_trace');
      expect(trace).toContain('measureWorkflow');
      const enhanced = await handle.query<EnhancedStackTrace>('__enhanced_stack_trace');
      const frames = enhanced.stacks.flatMap((s) => s.locations);
      expect(
        frames.some((f) => f.function_name === 'measureWorkflow' && f.file_path?.includes('measure.workflow')),
      ).toBe(true);
    });
  });
});

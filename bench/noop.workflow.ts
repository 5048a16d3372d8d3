/**
 * The raw baselines: workflows that do the least Temporal needs for the same job, bundled on their own and run by a
 * second worker on its own task queue, so `client.workflow.start`, `executeUpdate` and a timer firing on them
 * measure Temporal itself — the floor duban's import, event round trip and deadline notices are compared against.
 * Workflow code: no Node imports.
 */
import { condition, defineUpdate, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { RawActivities } from './raw.activities';
import { RAW_REPLY } from './raw-reply';

export const NOOP_WORKFLOW_TYPE = 'noopWorkflow';

/** Takes the same kind of payload duban's event Update takes, and does nothing with it. */
export const noopUpdate = defineUpdate<null, [unknown]>('noop');

/** The same, answering with a reply the size of duban's view (raw-reply.ts): what carrying the view costs Temporal. */
export const replyUpdate = defineUpdate<typeof RAW_REPLY, [unknown]>('reply');

export async function noopWorkflow(): Promise<void> {
  setHandler(noopUpdate, () => null);
  setHandler(replyUpdate, () => RAW_REPLY);
  await condition(() => false);
}

const { record } = proxyActivities<RawActivities>({ startToCloseTimeout: '1 minute' });

/**
 * A deadline with nothing around it: one durable timer to `dueAtMs`, one activity that writes the notice, then
 * open like an overdue measure. Same timer → workflow task → activity → workflow task path as duban's OVERDUE step.
 */
export async function timerWorkflow(dueAtMs: number): Promise<void> {
  await sleep(Math.max(1, dueAtMs - Date.now()));
  await record(`${workflowInfo().workflowId}/overdue:1:${dueAtMs}`);
  await condition(() => false);
}

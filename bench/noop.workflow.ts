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
 * A deadline with nothing around it but what duban's measure does in the bench's timer phase: the reminder its
 * policy makes due at start (one activity, during the import), then one durable timer to `dueAtMs`, one activity
 * that writes the notice, and open like an overdue measure. The same workflow tasks and activities, in the same
 * order, as a measure's REMIND and OVERDUE steps — so the worker meets the same load at import and at the deadline,
 * and the timer is armed in the task after the reminder, as duban's is.
 */
export async function timerWorkflow(dueAtMs: number): Promise<void> {
  const id = workflowInfo().workflowId;
  await record(`${id}/remind:0:${dueAtMs}`);
  await sleep(Math.max(1, dueAtMs - Date.now()));
  await record(`${id}/overdue:1:${dueAtMs}`);
  await condition(() => false);
}

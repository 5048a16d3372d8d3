/**
 * The raw baseline workflow: waits forever and answers a no-op Update. Bundled on its own and run by a second
 * worker on its own task queue, so `client.workflow.start` and `executeUpdate` on it measure Temporal itself —
 * the floor that duban's import and event round trip are compared against. Workflow code: no Node imports.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const NOOP_WORKFLOW_TYPE = 'noopWorkflow';

/** Takes the same kind of payload duban's event Update takes, and does nothing with it. */
export const noopUpdate = defineUpdate<null, [unknown]>('noop');

export async function noopWorkflow(): Promise<void> {
  setHandler(noopUpdate, () => null);
  await condition(() => false);
}

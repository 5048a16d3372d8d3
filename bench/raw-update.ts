/**
 * The raw side's event, the one call every raw round trip makes (in the bench process, the client process and the
 * bare HTTP server): executeUpdate on a no-op workflow with the payload duban's event update carries.
 */
import type { Client } from '@temporalio/client';
import { noopUpdate } from './noop.workflow';

export function rawUpdate(client: Client, workflowId: string, actor: string, event: unknown): Promise<null> {
  return client.workflow.getHandle(workflowId).executeUpdate(noopUpdate, { args: [{ actor, event }] });
}

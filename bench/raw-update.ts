/**
 * The raw side's event, the one call every raw round trip makes (in the bench process, the client process and the
 * bare HTTP server): executeUpdate on a no-op workflow with the payload duban's event update carries.
 */
import type { Client } from '@temporalio/client';
import { noopUpdate, replyUpdate } from './noop.workflow';

/** `withReply`: the `reply` update, answering with a view-sized reply instead of `null` (raw-reply.ts). */
export function rawUpdate(
  client: Client,
  workflowId: string,
  actor: string,
  event: unknown,
  withReply = false,
): Promise<unknown> {
  return client.workflow
    .getHandle(workflowId)
    .executeUpdate(withReply ? replyUpdate : noopUpdate, { args: [{ actor, event }] });
}

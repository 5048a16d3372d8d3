/**
 * Listing workflows through Temporal visibility without reading them: the workflow ids a query matches, every
 * page. The importer asks it what a plan already has; the service reads whole rows (src/service/measures.ts).
 */
import type { Client } from '@temporalio/client';

const PAGE_SIZE = 1000;

export async function listWorkflowIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const response = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query,
      pageSize: PAGE_SIZE,
      nextPageToken,
    });
    for (const execution of response.executions ?? []) ids.push(execution.execution?.workflowId ?? '');
    nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
  } while (nextPageToken);
  return ids;
}

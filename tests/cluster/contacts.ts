/**
 * The workers' contacts file for the cluster run: two departments reached by webhook on the loopback port the
 * cluster reserved (webhook.test.ts serves it), everyone else through the outbox as with no contacts file.
 */
import type { ContactsInput } from '../../src/notify/contacts';

/** Its webhook answers 500 twice per notice, then 200. */
export const FLAKY_DEPT = '回调重试测试局';
/** Its webhook never answers the first attempt of a notice (longer than the worker's 10 s timeout), then 200. */
export const HANGING_DEPT = '回调挂起测试局';

export function clusterContacts(webhookUrl: string): ContactsInput {
  return {
    departments: {
      [FLAKY_DEPT]: [{ channel: 'webhook', url: `${webhookUrl}/flaky` }],
      [HANGING_DEPT]: [{ channel: 'webhook', url: `${webhookUrl}/hang` }],
    },
  };
}

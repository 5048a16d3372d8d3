/**
 * Page tokens the API hands out carry a checksum. Temporal's own tokens are opaque server state, and a garbled one
 * is not refused cleanly: the server answers UNKNOWN, which the SDK retries for ~20 s before failing. Checking our
 * checksum first turns any token we did not issue into an immediate 400, whatever the visibility store's format.
 */
import { createHash } from 'node:crypto';

const SEPARATOR = '.';

function checksum(payload: string): string {
  return createHash('sha256').update(`duban-page:${payload}`).digest('base64url').slice(0, 16);
}

export const PAGE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,8000}\.[A-Za-z0-9_-]{16}$/;

/** Wraps the service's nextPageToken for a client. */
export function issuePageToken(serviceToken: string): string {
  return `${serviceToken}${SEPARATOR}${checksum(serviceToken)}`;
}

/** The service's token inside a client's pageToken, or undefined when the API never issued it. */
export function redeemPageToken(token: string): string | undefined {
  if (!PAGE_TOKEN_PATTERN.test(token)) return undefined;
  const at = token.lastIndexOf(SEPARATOR);
  const payload = token.slice(0, at);
  return checksum(payload) === token.slice(at + 1) ? payload : undefined;
}

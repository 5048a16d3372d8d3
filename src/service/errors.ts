/** Errors people can act on: each kind maps to one HTTP status (API) and one exit code (CLI). */
export type DubanErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  /** An upload over the size limit (佐证材料). */
  | 'too_large'
  /** An upload whose content is not an allowed type (佐证材料). */
  | 'unsupported_media_type'
  | 'unavailable'
  /** An event sent, not yet answered by the measure's worker: it may still be applied (ask again with its key). */
  | 'pending';

export const HTTP_STATUS: Record<DubanErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  pending: 202,
};

export const EXIT_CODE: Record<DubanErrorKind, number> = {
  bad_request: 2,
  unauthorized: 3,
  forbidden: 3,
  not_found: 4,
  conflict: 5,
  too_large: 2,
  unsupported_media_type: 2,
  unavailable: 6,
  pending: 7,
};

export class DubanError extends Error {
  constructor(
    readonly kind: DubanErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DubanError';
  }
}

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED, or the SDK's wrapper around a lost connection (also as a cause). */
export function isTemporalUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 14 || code === 4) return true;
  if (err instanceof Error && err.name === 'ServiceError' && /UNAVAILABLE|DEADLINE|connect/i.test(err.message))
    return true;
  return err instanceof Error && err.cause !== undefined && err.cause !== err && isTemporalUnavailable(err.cause);
}

function isDeadline(err: unknown): boolean {
  if ((err as { code?: unknown } | undefined)?.code === 4) return true;
  if (err instanceof Error && /DEADLINE_EXCEEDED/.test(err.message)) return true;
  return err instanceof Error && err.cause !== undefined && err.cause !== err && isDeadline(err.cause);
}

/** What a caller is told about a Temporal call that failed for want of Temporal: a deadline is not an outage. */
export function unavailableMessage(err: unknown): string {
  const what = isDeadline(err) ? 'Temporal did not answer in time (deadline exceeded)' : 'Temporal is unreachable';
  return `${what}: ${(err as Error).message}`;
}

/** Runs `fn`, turning a lost Temporal connection into DubanError "unavailable" (HTTP 503, exit code 6). */
export async function unavailableAs503<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isTemporalUnavailable(err)) throw new DubanError('unavailable', unavailableMessage(err));
    throw err;
  }
}

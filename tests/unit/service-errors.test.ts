// What a caller is told when a Temporal call fails for want of Temporal: an outage and a deadline are worded apart
// (both are 503 with Retry-After), also when the gRPC error is the cause of the SDK's own error.
import { describe, expect, it } from 'vitest';
import { DubanError, unavailableAs503, unavailableMessage } from '../../src/service/errors';

const grpc = (code: number, message: string) => Object.assign(new Error(message), { code });

describe('unavailableMessage', () => {
  it('says "did not answer in time" for DEADLINE_EXCEEDED and "unreachable" for UNAVAILABLE', () => {
    expect(unavailableMessage(grpc(4, '4 DEADLINE_EXCEEDED: Deadline exceeded'))).toMatch(
      /^Temporal did not answer in time \(deadline exceeded\): /,
    );
    expect(unavailableMessage(grpc(14, '14 UNAVAILABLE: No connection established'))).toMatch(
      /^Temporal is unreachable: 14 UNAVAILABLE/,
    );
    const wrapped = new Error('Failed to query Workflow', { cause: grpc(4, 'Deadline exceeded') });
    expect(unavailableMessage(wrapped)).toMatch(/did not answer in time/);
  });

  it('unavailableAs503 turns either into DubanError "unavailable" and lets other errors through', async () => {
    await expect(unavailableAs503(() => Promise.reject(grpc(4, 'Deadline exceeded')))).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/did not answer in time/),
    });
    const other = new Error('boom');
    await expect(unavailableAs503(() => Promise.reject(other))).rejects.toBe(other);
    await expect(unavailableAs503(() => Promise.reject(grpc(14, 'down')))).rejects.toBeInstanceOf(DubanError);
  });
});

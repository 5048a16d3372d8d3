/**
 * The raw timer baseline's one activity: appends an outbox-shaped line (`time`, `idempotencyKey`) so the same
 * parser reads both sides' lateness. A file append like duban's outbox, without channels, contacts or delivery log.
 */
import { appendFile } from 'node:fs/promises';

export function rawActivities(file: string) {
  return {
    async record(idempotencyKey: string): Promise<void> {
      await appendFile(file, `${JSON.stringify({ time: new Date().toISOString(), idempotencyKey })}\n`);
    },
  };
}

export type RawActivities = ReturnType<typeof rawActivities>;

/**
 * What earlier attempts of this activity delivered, kept by Temporal rather than by a worker: each attempt
 * heartbeats the deliveries it made, and a retry — on whichever worker, whatever its data dir — starts from the
 * last heartbeat's details (the SDK sends the final heartbeat with the failure, unthrottled). The local delivery log
 * stays the second line: it also covers a repeated activity with a fresh attempt history. Outside an activity
 * (plain calls in tests) it remembers nothing and heartbeats nowhere.
 */
import { Context } from '@temporalio/activity';
import { z } from 'zod';

const DetailsSchema = z.object({ delivered: z.array(z.string()) });

export class AttemptMemory {
  private readonly context: Context | undefined;
  private readonly delivered: Set<string>;

  constructor() {
    this.context = current();
    const earlier = DetailsSchema.safeParse(this.context?.info.heartbeatDetails);
    this.delivered = new Set(earlier.success ? earlier.data.delivered : []);
  }

  has(id: string): boolean {
    return this.delivered.has(id);
  }

  /** Records deliveries made by this attempt and heartbeats the whole set. */
  add(ids: readonly string[]): void {
    for (const id of ids) this.delivered.add(id);
    this.context?.heartbeat({ delivered: [...this.delivered] });
  }
}

function current(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

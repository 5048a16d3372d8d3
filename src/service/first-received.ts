/**
 * When this process first received each idempotent event, by its update id, so that a retry with the same id carries
 * the first time as `sentAt`.
 *
 * Temporal keeps an update's arguments only once a worker has accepted it. An update sent while no worker polls is
 * only admitted: it lives in the history service's memory beside a speculative workflow task, and it is dropped when
 * that task times out unpicked or the workflow's context leaves the cache. The caller's retry with the same id then
 * becomes a new update with the retry's arguments, and without this record a SUBMIT sent in time would count as made
 * when the retry arrived, after the worker came back: late.
 *
 * Bounded (oldest first out) and only as old as `madeAt` in the core believes a `sentAt` (a day): it is a memory of
 * recent retries, not a store. An API restarted between the first send and the retry forgets it; the retry then
 * counts at its own time, as every event did before.
 */
export class FirstReceived {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly limit = 10_000,
    private readonly maxAgeMs = 24 * 3600 * 1000,
  ) {}

  /** The first time `key` was received, recording `now` when it is new (or its record too old to trust). */
  at(key: string, now: number): number {
    const first = this.seen.get(key);
    if (first !== undefined && now - first <= this.maxAgeMs && first <= now) return first;
    this.seen.delete(key);
    this.seen.set(key, now);
    if (this.seen.size > this.limit) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return now;
  }

  get size(): number {
    return this.seen.size;
  }
}

/**
 * A fixed number of concurrent callers working through `count` jobs — the same shape as startPlan's own loop, so
 * the raw side of every comparison runs with exactly the concurrency duban's side gets.
 */

export async function pool(count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<void> {
  let cursor = 0;
  const caller = async () => {
    while (cursor < count) await job(cursor++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, caller));
}

/** Runs `job` in the pool and returns each job's duration in milliseconds (index order). */
export async function timedPool(
  count: number,
  concurrency: number,
  job: (index: number) => Promise<void>,
): Promise<number[]> {
  const durations = new Array<number>(count);
  await pool(count, concurrency, async (i) => {
    const started = performance.now();
    await job(i);
    durations[i] = performance.now() - started;
  });
  return durations;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

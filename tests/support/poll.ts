/**
 * The one polling loop of the test suites: waits until `probe` returns a truthy value (visibility and outboxes are
 * eventually consistent), failing after the deadline with what was awaited and the probe's last error.
 */
export async function poll<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  opts: { timeoutMs: number; intervalMs: number; what?: string },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? last.message : undefined;
      throw new Error(
        opts.what
          ? `${opts.what}: not within ${opts.timeoutMs} ms${why ? ` (last error: ${why})` : ''}`
          : `condition not met within ${opts.timeoutMs} ms${why ? `: ${why}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
}

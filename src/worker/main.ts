/**
 * The `duban worker` process's entry: bin/duban.js routes a bare `duban worker` here rather than through src/cli.ts,
 * so the process holds the worker and its configuration only. Through the CLI it would also hold commander, every
 * command's option schemas and the measure core with XState and the holiday data (≈ 2.3 MB of live heap after a
 * GC, docs/performance.md), none of which the main thread runs: the workflow code runs in the worker's own thread
 * from the bundle. Same behaviour as the CLI's command: configuration errors print one line and exit 1.
 */
import { loadConfig } from '../config';
import { runWorker } from './from-config';

export async function main(): Promise<void> {
  try {
    await runWorker(loadConfig());
  } catch (err) {
    console.error(err instanceof Error ? `error: ${err.message}` : err);
    process.exitCode = 1;
  }
}

/**
 * The worker as the environment configures it: `duban worker` (one worker process on the configured cluster; run
 * more of them to scale out) and the worker inside `duban dev`.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Config } from '../config';
import { loadContacts } from '../notify/contacts';
import { connectWorker, createDubanWorker } from './worker';

const SDK_LEVEL: Record<Config['logLevel'], LogLevel | undefined> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: undefined,
};

/**
 * The worker's own log lines (state changes, failed activities) follow LOG_LEVEL like the API's. The Temporal
 * runtime takes its logger once per process, before the first connection; when the host installed one already
 * (tests, the benchmark), that one stays.
 */
export function installLogger(level: Config['logLevel']) {
  const sdkLevel = SDK_LEVEL[level];
  const logger = sdkLevel ? new DefaultLogger(sdkLevel) : new DefaultLogger('ERROR', () => undefined);
  try {
    Runtime.install({ logger });
  } catch {
    // Already installed.
  }
}

/** A worker configured from the environment (`duban worker`, and the worker inside `duban dev`). */
export async function createWorkerFromConfig(config: Config) {
  installLogger(config.logLevel);
  const { bundlePath, stackFrames, ...tuning } = config.worker;
  return createDubanWorker({
    connection: await connectWorker(config.temporal),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataDir: config.dataDir,
    contacts: loadContacts(config.contactsFile),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    bundlePath,
    tuning,
    ...(stackFrames !== undefined ? { stackFrames } : {}),
  });
}

export async function runWorker(config: Config): Promise<void> {
  const worker = await createWorkerFromConfig(config);
  // The SDK's worker shuts down gracefully on SIGINT/SIGTERM by itself (its default shutdownSignals).
  await worker.run();
}

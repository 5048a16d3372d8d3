/** `duban worker`: one worker process on the configured cluster; run more of them to scale out. */
import type { Config } from './config';
import { loadContacts } from './notify/contacts';
import { connectWorker, createDubanWorker } from './worker';

/** A worker configured from the environment (`duban worker`, and the worker inside `duban dev`). */
export async function createWorkerFromConfig(config: Config) {
  const { bundlePath, ...tuning } = config.worker;
  return createDubanWorker({
    connection: await connectWorker(config.temporal),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataDir: config.dataDir,
    contacts: loadContacts(config.contactsFile),
    bundlePath,
    tuning,
  });
}

export async function runWorker(config: Config): Promise<void> {
  const worker = await createWorkerFromConfig(config);
  // The SDK's worker shuts down gracefully on SIGINT/SIGTERM by itself (its default shutdownSignals).
  await worker.run();
}

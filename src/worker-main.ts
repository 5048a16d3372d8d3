/** `duban worker`: one worker process on the configured cluster; run more of them to scale out. */
import type { Config } from './config';
import { loadContacts } from './notify/contacts';
import { connectWorker, createDubanWorker } from './worker';

export async function runWorker(config: Config): Promise<void> {
  const worker = await createDubanWorker({
    connection: await connectWorker(config.temporal),
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataDir: config.dataDir,
    contacts: loadContacts(config.contactsFile),
    bundlePath: config.worker.bundlePath,
    tuning: config.worker,
  });
  // The SDK's worker shuts down gracefully on SIGINT/SIGTERM by itself (its default shutdownSignals).
  await worker.run();
}

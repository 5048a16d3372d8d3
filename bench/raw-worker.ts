/**
 * A worker process that runs only the raw baselines (the no-op bundle): the raw side of the worker-memory phase,
 * spawned like `duban worker` is. Usage: raw-worker <address> <task queue> <bundle file> <maxCachedWorkflows> [namespace].
 */
import { devNull } from 'node:os';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { rawActivities } from './raw.activities';

async function main([address, taskQueue, bundlePath, cache, namespace = 'default']: string[]) {
  if (!address || !taskQueue || !bundlePath || !cache)
    throw new Error('usage: raw-worker <address> <queue> <bundle> <cache>');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    namespace,
    taskQueue,
    workflowBundle: { codePath: bundlePath },
    activities: rawActivities(devNull),
    maxCachedWorkflows: Number(cache),
  });
  await worker.run(); // until SIGTERM (the SDK's default shutdown signals)
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

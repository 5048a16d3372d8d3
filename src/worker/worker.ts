/**
 * The duban worker: registers measureWorkflow and the notification activities on the task queue. Development
 * bundles the workflows from source (bundle.ts); production loads the bundle built by `npm run build`
 * (DUBAN_WORKFLOW_BUNDLE).
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createNotifyActivities } from '../../activities/notify.activities';
import type { Contacts } from '../notify/contacts';
import { connectionOptions, type TemporalSettings } from '../temporal/connection';
import { buildWorkflowBundle } from './bundle';
import { WORKFLOW_STACK_FRAMES, withWorkflowStackFrames } from './stack-frames';

export interface DubanWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataDir: string;
  contacts: Contacts;
  /** The workbench's address as people reach it: notices link to the measure's page. */
  publicUrl?: string;
  /** A pre-built bundle (production, tests that share one bundle); otherwise workflows are bundled from source. */
  bundlePath?: string;
  tuning?: Pick<
    WorkerOptions,
    'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'
  >;
  /** Stack frames captured in workflow code (stack-frames.ts; DUBAN_WORKFLOW_STACK_FRAMES); default 5. */
  stackFrames?: number;
}

export async function createDubanWorker(options: DubanWorkerOptions): Promise<Worker> {
  const tuning = Object.fromEntries(Object.entries(options.tuning ?? {}).filter(([, v]) => v !== undefined));
  const workflowBundle = options.bundlePath ? { codePath: options.bundlePath } : { code: await buildWorkflowBundle() };
  return withWorkflowStackFrames(options.stackFrames ?? WORKFLOW_STACK_FRAMES, () =>
    Worker.create({
      connection: options.connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      // Bundled here rather than by the SDK, so the bundler's report stays out of `npm start`'s output.
      workflowBundle,
      activities: createNotifyActivities({
        dataDir: options.dataDir,
        contacts: options.contacts,
        publicUrl: options.publicUrl,
      }),
      // A restart (deploy, Ctrl-C) lets a notification being sent finish and report back; otherwise the server only
      // retries it after its start-to-close timeout and the measure's ladder waits that long.
      shutdownGraceTime: '10s',
      ...tuning,
    }),
  );
}

export function connectWorker(t: Pick<TemporalSettings, 'address' | 'tls' | 'apiKey'>) {
  return NativeConnection.connect(connectionOptions(t));
}

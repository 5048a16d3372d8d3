/**
 * The duban worker: registers measureWorkflow and the notification activities on the task queue. Development
 * bundles the workflows from source; production loads the bundle built by `npm run build` (DUBAN_WORKFLOW_BUNDLE).
 */
import path from 'node:path';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { createNotifyActivities } from '../activities/notify.activities';
import type { Contacts } from './notify/contacts';
import { connectionOptions, type TemporalSettings } from './temporal/connection';

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', 'workflows', 'index.ts');

/** The measure core (src/measure): the machine, the schedule, the view; pure, and loaded by the workflow bundle. */
export const MEASURE_CORE_PATH = path.resolve(__dirname, 'measure', 'index.ts');

/**
 * Loaded once per worker thread and shared by every cached workflow, instead of once per workflow: XState (pure
 * functions; its one module-level counter only names actor sessions, which never reach history) and the measure
 * core built on it (definitions and pure functions, no module state; tests/unit/machine-shared.test.ts runs it
 * frozen).
 */
export const PRELOADED_MODULES = ['xstate', MEASURE_CORE_PATH];

export interface DubanWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  dataDir: string;
  contacts: Contacts;
  /** A pre-built bundle (production, tests that share one bundle); otherwise workflows are bundled from source. */
  bundlePath?: string;
  tuning?: Pick<
    WorkerOptions,
    'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'
  >;
}

export async function createDubanWorker(options: DubanWorkerOptions): Promise<Worker> {
  const tuning = Object.fromEntries(Object.entries(options.tuning ?? {}).filter(([, v]) => v !== undefined));
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // Bundled here rather than by the SDK, so the bundler's report stays out of `npm start`'s output.
    workflowBundle: options.bundlePath ? { codePath: options.bundlePath } : { code: await buildWorkflowBundle() },
    activities: createNotifyActivities({ dataDir: options.dataDir, contacts: options.contacts }),
    // A restart (deploy, Ctrl-C) lets a notification being sent finish and report back; otherwise the server only
    // retries it after its start-to-close timeout and the measure's ladder waits that long.
    shutdownGraceTime: '10s',
    ...tuning,
  });
}

/** Bundles the workflow code (for `npm run build`, a worker without a pre-built bundle, and the tests' shared one). */
export async function buildWorkflowBundle(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    preloadModules: PRELOADED_MODULES,
    logger: quietBundlerLogger,
  });
  return code;
}

export function connectWorker(t: Pick<TemporalSettings, 'address' | 'tls' | 'apiKey'>) {
  return NativeConnection.connect(connectionOptions(t));
}

const noop = () => undefined;
const quietBundlerLogger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: console.warn,
  error: console.error,
  log: noop,
};

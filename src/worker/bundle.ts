/**
 * The workflow bundle: the workflows (workflows/index.ts) and everything they import — the measure core — built
 * into one file for the worker's sandbox, with the modules every cached workflow may share preloaded once.
 */
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

export const WORKFLOWS_PATH = path.resolve(__dirname, '..', '..', 'workflows', 'index.ts');

/** The measure core (src/measure): the machine, the schedule, the view; pure, and loaded by the workflow bundle. */
export const MEASURE_CORE_PATH = path.resolve(__dirname, '..', 'measure', 'index.ts');

/**
 * Loaded once per worker thread and shared by every cached workflow, instead of once per workflow: XState (pure
 * functions; its one module-level counter only names actor sessions, which never reach history) and the measure
 * core built on it (definitions and pure functions, no module state; tests/unit/machine-shared.test.ts runs it
 * frozen).
 */
export const PRELOADED_MODULES = ['xstate', MEASURE_CORE_PATH];

/** Bundles the workflow code (for `npm run build`, a worker without a pre-built bundle, and the tests' shared one). */
export async function buildWorkflowBundle(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    preloadModules: PRELOADED_MODULES,
    logger: quietBundlerLogger,
  });
  return code;
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

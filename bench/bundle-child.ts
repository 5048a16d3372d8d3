/**
 * Builds both workflow bundles (duban's and the no-op baseline) in a child process and writes them to the
 * directory given as the first argument. Webpack's memory never returns to the OS, so bundling inside the
 * benchmark process would add a few hundred MB to the RSS it reports; production workers load a pre-built bundle.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { buildWorkflowBundle } from '../src/worker/bundle';

export const DUBAN_BUNDLE_FILE = 'duban-workflows.js';
export const NOOP_BUNDLE_FILE = 'noop-workflows.js';

const noop = () => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };

async function main(dir: string) {
  const [duban, raw] = await Promise.all([
    buildWorkflowBundle(),
    bundleWorkflowCode({ workflowsPath: require.resolve('./noop.workflow'), logger: quietLogger }),
  ]);
  writeFileSync(path.join(dir, DUBAN_BUNDLE_FILE), duban);
  writeFileSync(path.join(dir, NOOP_BUNDLE_FILE), raw.code);
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: bundle-child <output dir>');
  main(dir).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

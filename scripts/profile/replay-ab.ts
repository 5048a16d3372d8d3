/**
 * A/B of two workflow bundles on one recorded history: each round replays `--copies` copies in one replay worker
 * per bundle (creation not counted), A then B then B then A…, so both meet the same machine load; prints each
 * bundle's median milliseconds per replay. Deterministic work, CPU-bound: a fair test of a workflow-code change
 * on a busy machine, where latency figures are not.
 *   npx tsx scripts/profile/replay-ab.ts --a old.js --b new.js [--history tests/histories/measure-lifecycle.json]
 * A bundle file comes from `node bin/duban.js bundle` (dist/workflow-bundle.js) at each version.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { installLogger } from '../../src/worker/from-config';
import { percentile } from '../../bench/stats';

async function perReplayMs(codePath: string, history: HistoryAndWorkflowId, copies: number): Promise<number> {
  let first = 0;
  let done = 0;
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath } },
    Array.from({ length: copies + 1 }, () => history),
  )) {
    if (result.error) throw result.error;
    if (done++ === 0) first = performance.now();
  }
  return (performance.now() - first) / copies;
}

async function main() {
  const { values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      history: { type: 'string', default: 'tests/histories/measure-lifecycle.json' },
      copies: { type: 'string', default: '50' },
      rounds: { type: 'string', default: '6' },
    },
  });
  if (!values.a || !values.b) throw new Error('usage: replay-ab.ts --a <bundle.js> --b <bundle.js> [--history F]');
  installLogger('warn');
  const history = {
    workflowId: 'replay-ab',
    history: historyFromJSON(JSON.parse(readFileSync(values.history, 'utf8'))),
  };
  const copies = Number(values.copies);
  const times: Record<'a' | 'b', number[]> = { a: [], b: [] };
  for (let round = 0; round < Number(values.rounds); round++) {
    const order: Array<'a' | 'b'> = round % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const side of order) times[side].push(await perReplayMs(values[side]!, history, copies));
  }
  const median = (xs: number[]) => percentile(xs, 50);
  process.stdout.write(
    `${JSON.stringify({ history: values.history, copies, a: median(times.a), b: median(times.b), ratio: median(times.b) / median(times.a), rounds: times })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

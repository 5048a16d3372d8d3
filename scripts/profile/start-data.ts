/**
 * Which part of duban's start data Temporal's server pays for: raw starts of the no-op workflow carrying more and
 * more of what `measureStartOptions` sends (nothing; the input; + the list or the single-valued search attributes;
 * + all search attributes; + the memo; + the summary and details, which is all of it), in rotating rounds on the
 * bench's dev server. Per variant: the start calls' rate, the rate until the raw worker ran every first task, and
 * the CPU per start of this process and the server.
 *   npx tsx scripts/profile/start-data.ts [--starts 400] [--rounds 4]
 * On the PostgreSQL-backed cluster (`npm run cluster:up`), the server's CPU being temporal-server's alone. The
 * pattern is anchored: unanchored, `pgrep -f` would also match this script's own command line, which contains it.
 *   npx tsx scripts/profile/start-data.ts --temporal 127.0.0.1:<port> --namespace <ns> --server '^[^ ]*temporal-server '
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { cpuMsOf, runMain } from './proc';
import { installLogger } from '../../src/worker/from-config';
import { resolvePolicy } from '../../src/domain/policy';
import { measureInputs, measureStartOptions } from '../../src/importer/start';
import { farPlan } from '../../bench/import-phase';
import { NOOP_WORKFLOW_TYPE } from '../../bench/noop.workflow';
import { pool } from '../../bench/pool';
import { RAW_QUEUE, settle, startStack } from '../../bench/stack';

const { values } = parseArgs({
  options: {
    starts: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '4' },
    temporal: { type: 'string' },
    namespace: { type: 'string', default: 'default' },
    /** `pgrep -f` pattern of the server's processes, whose CPU is summed. */
    server: { type: 'string', default: 'server start-dev' },
  },
});
const [starts, rounds] = [Number(values.starts), Number(values.rounds)];

type Full = ReturnType<typeof measureStartOptions>;
/** The start's KEYWORD_LIST search attributes, or the others. */
const lists = (o: Full, wanted: boolean) =>
  o.typedSearchAttributes.filter((pair) => (pair.key.type === 'KEYWORD_LIST') === wanted);
/** Each variant keeps a prefix of the start data; the workflow id and task queue are always there. */
const VARIANTS: Record<string, (o: Full) => Partial<Full>> = {
  bare: () => ({}),
  input: (o) => ({ args: o.args }),
  '+ the lists (DubanLead, DubanSupport, DubanLeaders)': (o) => ({
    args: o.args,
    typedSearchAttributes: lists(o, true),
  }),
  '+ the single values instead (DubanPlan, DubanState, DubanLight, …)': (o) => ({
    args: o.args,
    typedSearchAttributes: lists(o, false),
  }),
  '+ search attributes': (o) => ({ args: o.args, typedSearchAttributes: o.typedSearchAttributes }),
  '+ memo': (o) => ({ args: o.args, typedSearchAttributes: o.typedSearchAttributes, memo: o.memo }),
  '+ summary, details (all)': (o) => o,
};

async function main() {
  installLogger('warn');
  const existing = values.temporal ? { address: values.temporal, namespace: values.namespace } : undefined;
  const stack = await startStack({ maxCachedWorkflows: 250 }, existing, { api: 'inline' });
  const serverPids = execFileSync('pgrep', ['-f', values.server]).toString().trim().split('\n').map(Number);
  const serverCpu = () => serverPids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
  const run = Date.now().toString(36); // ids of their own, so a second run on the same cluster starts anew
  const workers = [stack.raw.worker];
  const names = Object.keys(VARIANTS);
  const acc = Object.fromEntries(names.map((n) => [n, { ms: 0, settledMs: 0, ours: 0, server: 0, n: 0 }]));
  try {
    for (let round = -1; round < rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(Math.max(round, 0) + k) % names.length]!;
        const inputs = measureInputs(farPlan(`sd-${run}-${round + 1}-${k}`, starts), resolvePolicy());
        const options = inputs.map((input) => measureStartOptions(input, RAW_QUEUE));
        const ours0 = process.cpuUsage();
        const server0 = serverCpu();
        const t0 = performance.now();
        await pool(starts, 50, async (i) => {
          const o = options[i]!;
          const start = { workflowId: o.workflowId, taskQueue: RAW_QUEUE, ...VARIANTS[name]!(o) };
          await stack.client.workflow.start(NOOP_WORKFLOW_TYPE, start);
        });
        const ms = performance.now() - t0;
        const settledMs = Math.max(ms, (await settle(workers)) - t0);
        const ours = process.cpuUsage(ours0);
        if (round < 0) continue; // warm-up round
        const a = acc[name]!;
        a.ms += ms;
        a.settledMs += settledMs;
        a.ours += (ours.user + ours.system) / 1000;
        a.server += serverCpu() - server0;
        a.n += starts;
      }
    }
    const sample = measureStartOptions(measureInputs(farPlan('bytes', 1), resolvePolicy())[0]!, RAW_QUEUE);
    const bytes = (name: string) => JSON.stringify(VARIANTS[name]!(sample)).length;
    console.log(
      '| start data | bytes (JSON) | starts/s | settled/s | CPU per start, this process (ms) | server (ms) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const name of names) {
      const a = acc[name]!;
      const f = (x: number) => x.toFixed(2);
      console.log(
        `| ${name} | ${bytes(name)} | ${((a.n * 1000) / a.ms).toFixed(0)} | ${((a.n * 1000) / a.settledMs).toFixed(0)} | ${f(a.ours / a.n)} | ${f(a.server / a.n)} |`,
      );
    }
  } finally {
    await stack.close();
  }
}

runMain(main);

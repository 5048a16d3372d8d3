/**
 * Where the CPU of an event round trip and of an import goes, per side: this process (client, API, both workers
 * and their workflow threads) and the Temporal server process, read from /proc around each block, with latency
 * and rate. The sides take turns in rounds (rotating order) like the bench's phases:
 *   npx tsx scripts/profile/cpu-split.ts [--events 400] [--rounds 6] [--targets 200] [--imports 400]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { cpuMsOf, runMain } from './proc';
import { installLogger } from '../../src/worker/from-config';
import { dubanImport, farPlan, rawIds, rawImport, rawSameDataImport } from '../../bench/import-phase';
import { keepAliveHttpAgent } from '../../bench/http-client';
import { pool, timedPool } from '../../bench/pool';
import { settle, startStack } from '../../bench/stack';
import { summarize } from '../../bench/stats';
import { importedTargets, nodeHttpSend, progress, rawSend, serviceSend } from '../../bench/update-phase';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '6' },
    targets: { type: 'string', default: '200' },
    imports: { type: 'string', default: '400' },
  },
});
const [events, roundCount, targetCount, importCount] = [
  values.events,
  values.rounds,
  values.targets,
  values.imports,
].map(Number) as [number, number, number, number];

async function main() {
  installLogger('warn');
  const stack = await startStack({ maxCachedWorkflows: 250 }, undefined, { api: 'inline' });
  const serverPid = Number(execFileSync('pgrep', ['-n', '-f', 'server start-dev']).toString().trim());
  try {
    const targets = await importedTargets(stack, 'cpu', targetCount);
    const agent = keepAliveHttpAgent(4);
    const sides = { api: nodeHttpSend(stack.apiUrl, agent), service: serviceSend(stack), raw: rawSend(stack.client) };
    await pool(targets.length, 4, (i) => sides.api(targets[i]!, { type: 'START' }));
    await pool(targets.length, 4, (i) => sides.raw(targets[i]!, { type: 'START' }));
    await settle([stack.duban.worker, stack.raw.worker]);
    const names = Object.keys(sides) as (keyof typeof sides)[];
    const acc = Object.fromEntries(names.map((n) => [n, { lat: [] as number[], ours: 0, server: 0, n: 0 }]));
    let next = 0;
    for (let round = -1; round < roundCount; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(Math.max(round, 0) + k) % names.length]!;
        const batch = Array.from({ length: events }, () => targets[next++ % targets.length]!);
        const ours0 = process.cpuUsage();
        const server0 = cpuMsOf(serverPid);
        const lat = await timedPool(events, 4, (i) => sides[name](batch[i]!, progress(batch[i]!)));
        const ours = process.cpuUsage(ours0);
        if (round < 0) continue; // warm-up round
        const a = acc[name]!;
        a.lat.push(...lat);
        a.ours += (ours.user + ours.system) / 1000;
        a.server += cpuMsOf(serverPid) - server0;
        a.n += events;
      }
    }
    agent.destroy();
    const workers = [stack.duban.worker, stack.raw.worker];
    const imports = {
      duban: (n: string) => dubanImport(stack.client, farPlan(n, importCount), 50, workers),
      'raw same data': (n: string) => rawSameDataImport(stack.client, farPlan(n, importCount), 50, workers),
      raw: (n: string) => rawImport(stack.client, rawIds(n, importCount), 50, workers),
    };
    const sidesOfImport = Object.keys(imports) as (keyof typeof imports)[];
    const imported = Object.fromEntries(sidesOfImport.map((n) => [n, { ms: 0, ours: 0, server: 0, n: 0 }]));
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < sidesOfImport.length; k++) {
        const name = sidesOfImport[(round + k) % sidesOfImport.length]!;
        const ours0 = process.cpuUsage();
        const server0 = cpuMsOf(serverPid);
        // Until the workers ran every new workflow's first task: that work is the import's too.
        const side = await imports[name](`cpu-import-${round}-${k}`);
        const ours = process.cpuUsage(ours0);
        const a = imported[name]!;
        a.ms += side.settledMs;
        a.ours += (ours.user + ours.system) / 1000;
        a.server += cpuMsOf(serverPid) - server0;
        a.n += importCount;
      }
    }
    console.log('import         starts/s (settled)   CPU ms per start: this process   server');
    for (const name of sidesOfImport) {
      const a = imported[name]!;
      console.log(
        `${name.padEnd(14)} ${((a.n / a.ms) * 1000).toFixed(0).padStart(8)} ${(a.ours / a.n).toFixed(2).padStart(32)} ${(a.server / a.n).toFixed(2).padStart(10)}`,
      );
    }
    console.log('side      p50 ms   p99 ms   CPU ms per event: this process   server');
    for (const name of names) {
      const a = acc[name]!;
      const s = summarize(a.lat);
      console.log(
        `${name.padEnd(8)} ${s.p50.toFixed(1).padStart(7)} ${s.p99.toFixed(1).padStart(8)} ${(a.ours / a.n).toFixed(2).padStart(20)} ${(a.server / a.n).toFixed(2).padStart(18)}`,
      );
    }
  } finally {
    await stack.close();
  }
}

runMain(main);

/**
 * Where the CPU of an event round trip goes when every part runs in its own process, as the bench runs it since
 * the fourth pass: the client process, `duban api`, the raw side's bare HTTP server, the bench process (both
 * workers) and the Temporal server, each read from /proc around blocks of events, the bench's five sides taking
 * turns (rotating order):
 *   npx tsx scripts/profile/cpu-processes.ts [--events 400] [--rounds 6] [--concurrency 4] [--api-prof dir]
 *     [--client-prof dir]
 * --api-prof writes a CPU profile of the API process (node --cpu-prof) into dir when it stops; --client-prof the
 * same of the client process.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { cpuMsOf, runMain } from './proc';
import { installLogger } from '../../src/worker/from-config';
import { ClientProcess } from '../../bench/client-process';
import { settle, startStack } from '../../bench/stack';
import { summarize } from '../../bench/stats';
import { httpSide, importedTargets, progress, rawHttpSide, temporalSide, type Side } from '../../bench/update-phase';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '400' },
    rounds: { type: 'string', default: '6' },
    concurrency: { type: 'string', default: '4' },
    'api-prof': { type: 'string' },
    'client-prof': { type: 'string' },
  },
});
const [events, roundCount, concurrency] = [values.events, values.rounds, values.concurrency].map(Number) as [
  number,
  number,
  number,
];

async function main() {
  installLogger('warn');
  const prof = values['api-prof'];
  const stack = await startStack({ maxCachedWorkflows: 250 }, undefined, {
    apiExecArgv: prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [],
  });
  if (stack.api.placement !== 'process') throw new Error('expected the API in a process of its own');
  const clientProf = values['client-prof'];
  const client = new ClientProcess(stack.temporal, clientProf ? ['--cpu-prof', `--cpu-prof-dir=${clientProf}`] : []);
  const pids = {
    client: client.pid,
    api: stack.api.pid,
    rawHttp: stack.rawHttp.pid,
    workers: process.pid,
    server: Number(execFileSync('pgrep', ['-n', '-f', 'server start-dev']).toString().trim()),
  };
  const parts = Object.keys(pids) as (keyof typeof pids)[];
  try {
    const targets = await importedTargets(stack, 'cpu', 200);
    const sides: Record<string, Side> = {
      api: httpSide(stack.apiUrl),
      rawHttp: rawHttpSide(stack.rawHttp),
      service: temporalSide('service'),
      raw: temporalSide('raw'),
      rawReply: temporalSide('rawReply'),
    };
    await client.run(
      targets.flatMap((t) => [sides.api!(t, { type: 'START' }), sides.raw!(t, { type: 'START' })]),
      concurrency,
    );
    await settle([stack.duban.worker, stack.raw.worker]);
    const names = Object.keys(sides);
    const acc = Object.fromEntries(
      names.map((n) => [n, { lat: [] as number[], n: 0, cpu: Object.fromEntries(parts.map((p) => [p, 0])) }]),
    );
    let next = 0;
    for (let round = -1; round < roundCount; round++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(Math.max(round, 0) + k) % names.length]!;
        const batch = Array.from({ length: events }, () => targets[next++ % targets.length]!);
        const before = parts.map((p) => cpuMsOf(pids[p]));
        const lat = await client.run(
          batch.map((t) => sides[name]!(t, progress(t))),
          concurrency,
        );
        await settle([stack.duban.worker, stack.raw.worker], 200);
        if (round < 0) continue; // warm-up round
        const a = acc[name]!;
        a.lat.push(...lat);
        parts.forEach((p, i) => (a.cpu[p]! += cpuMsOf(pids[p]) - before[i]!));
        a.n += events;
      }
    }
    console.log(`side      p50 ms   p99 ms   CPU ms per event: ${parts.join(' / ')} = total`);
    for (const name of names) {
      const a = acc[name]!;
      const s = summarize(a.lat);
      const per = parts.map((p) => a.cpu[p]! / a.n);
      console.log(
        `${name.padEnd(8)} ${s.p50.toFixed(1).padStart(7)} ${s.p99.toFixed(1).padStart(8)}   ${per.map((v) => v.toFixed(2)).join(' / ')} = ${per.reduce((x, y) => x + y, 0).toFixed(2)}`,
      );
    }
  } finally {
    client.close();
    await stack.close();
  }
}

runMain(main);

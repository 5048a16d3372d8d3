/**
 * Profiles one side of one benchmark phase, so a CPU profile shows where that side's time goes and nothing else:
 *   npx tsx scripts/profile/run.ts <api|service|raw|import|raw-import|same-data-import|memory> [--count N] [--out DIR]
 * The bench stack is started (dev server, both workers, the API, all in this process, as `duban bench` runs
 * them), then only the chosen side runs, wrapped in an inspector CPU profile (the same .cpuprofile
 * `node --cpu-prof` writes, but without start-up and bundling in it). Summarise it with
 * `npx tsx scripts/profile/summary.ts <file>.cpuprofile`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installLogger } from '../../src/worker/from-config';
import { dubanImport, farPlan, rawIds, rawImport, rawSameDataImport } from '../../bench/import-phase';
import { pool, timedPool } from '../../bench/pool';
import { settle, startStack, type BenchStack } from '../../bench/stack';
import { summarize } from '../../bench/stats';
import { workerMemoryPhase } from '../../bench/memory-phase';
import { sleep } from '../../bench/pool';
import { keepAliveHttpAgent } from '../../bench/http-client';
import { importedTargets, nodeHttpSend, progress, rawSend, serviceSend } from '../../bench/update-phase';

const SIDES = ['api', 'service', 'raw', 'import', 'raw-import', 'same-data-import', 'memory'] as const;
type Side = (typeof SIDES)[number];

async function profiled<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const began = performance.now();
  const result = await fn();
  const ms = performance.now() - began;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  process.stderr.write(`profile: ${file} (${Math.round(ms)} ms, cpu ${JSON.stringify(process.cpuUsage())})\n`);
  return result;
}

/** Round trips of one side: START each target untimed, then `count` REPORT_PROGRESS at concurrency 4, profiled. */
async function roundTrips(stack: BenchStack, side: 'api' | 'service' | 'raw', count: number, file: string) {
  const targets = await importedTargets(stack, 'profile', 200);
  const agent = keepAliveHttpAgent(4);
  try {
    const api = nodeHttpSend(stack.apiUrl, agent);
    const send = side === 'api' ? api : side === 'service' ? serviceSend(stack) : rawSend(stack.client);
    const start = side === 'raw' ? send : api;
    await pool(targets.length, 4, (i) => start(targets[i]!, { type: 'START' }));
    await settle([stack.duban.worker, stack.raw.worker]);
    const run = () =>
      timedPool(count, 4, (i) => send(targets[i % targets.length]!, progress(targets[i % targets.length]!)));
    await run(); // warm: JIT, connections, caches
    const latencies = await profiled(file, run);
    return summarize(latencies);
  } finally {
    agent.destroy();
  }
}

async function imports(
  stack: BenchStack,
  side: 'import' | 'raw-import' | 'same-data-import',
  count: number,
  file: string,
) {
  const workers = [stack.duban.worker, stack.raw.worker];
  await rawImport(stack.client, rawIds('profile-warm', 20), 50, workers);
  await dubanImport(stack.client, farPlan('profile-warm', 20), 50, workers);
  return profiled(file, () =>
    side === 'import'
      ? dubanImport(stack.client, farPlan('profile-import', count), 50, workers)
      : side === 'raw-import'
        ? rawImport(stack.client, rawIds('profile-raw-import', count), 50, workers)
        : rawSameDataImport(stack.client, farPlan('profile-same', count), 50, workers),
  );
}

/** /proc/<pid>/smaps_rollup and status lines that say where a process's resident memory is (Linux). */
function residentBreakdown(pid: number): Record<string, number> {
  const kb: Record<string, number> = {};
  const text = `${readFileSync(`/proc/${pid}/status`, 'utf8')}\n${readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')}`;
  for (const m of text.matchAll(/^(VmRSS|RssAnon|RssFile|Threads|Private_Dirty|Shared_Clean):\s+(\d+)/gm))
    kb[m[1]!] = Number(m[2]);
  return kb;
}

/** Waits for a new heap snapshot in `dir` (written on SIGUSR2) to be complete. */
async function heapSnapshot(pid: number, dir: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  for (let last = -1; ; await sleep(500)) {
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const size = statSync(path.join(dir, file)).size;
    if (size > 0 && size === last) return path.join(dir, file);
    last = size;
  }
}

/** Waits for the workflow threads' heap snapshots the probe writes (thread-<pid>-<n>.heapsnapshot) to be complete. */
async function threadHeapSnapshots(pid: number, dir: string): Promise<string[]> {
  const mine = () => readdirSync(dir).filter((f) => f.startsWith(`thread-${pid}-`) && f.endsWith('.heapsnapshot'));
  for (let last = '', waited = 0; waited < 120_000; waited += 500) {
    await sleep(500);
    const now = mine()
      .map((f) => `${f}:${statSync(path.join(dir, f)).size}`)
      .join(',');
    if (now && now === last) return mine().map((f) => path.join(dir, f));
    last = now;
  }
  return mine().map((f) => path.join(dir, f));
}

/**
 * The bench's worker-memory phase (a real `duban worker` process and a raw worker process, N open workflows each),
 * plus, for each, the resident-memory breakdown and a heap snapshot of its main thread before it is stopped.
 * Workflows run in worker threads (their own V8 isolates): their heaps are in RSS, not in the main snapshot.
 */
async function memory(stack: BenchStack, count: number, out: string) {
  const dir = path.resolve(out);
  const probe = path.join(__dirname, '..', 'profile-thread-heaps.js');
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir} --require ${probe}`;
  process.env.DUBAN_THREAD_HEAPS_DIR = dir;
  const found: Record<string, unknown> = {};
  const result = await workerMemoryPhase(stack.client, {
    planId: 'profile-memory',
    address: stack.server.address,
    dubanBundlePath: stack.dubanBundlePath,
    rawBundlePath: stack.rawBundlePath,
    dataDir: stack.dataDir,
    count,
    concurrency: 50,
    cache: 250,
    inspect: async (pid, side) => {
      const resident = residentBreakdown(pid);
      const trigger = path.join(dir, `probe-${pid}`);
      writeFileSync(trigger, '');
      while (existsSync(trigger)) await sleep(250); // the probe removes it once its report is written
      const heaps = JSON.parse(readFileSync(path.join(dir, `threads-${pid}.json`), 'utf8')) as unknown;
      writeFileSync(path.join(dir, `snapshot-${pid}`), '');
      const threadSnapshots = await threadHeapSnapshots(pid, dir);
      found[side] = { resident, heaps, snapshot: await heapSnapshot(pid, dir), threadSnapshots };
    },
  });
  return { ...result, found };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { count: { type: 'string' }, out: { type: 'string' } },
  });
  const side = positionals[0] as Side;
  if (!SIDES.includes(side)) throw new Error(`usage: run.ts <${SIDES.join('|')}> [--count N] [--out DIR]`);
  const count = Number(values.count ?? (side.endsWith('import') ? 1000 : 800));
  const out = values.out ?? 'profiles';
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `${side}.cpuprofile`);
  installLogger('warn');
  const stack = await startStack({ maxCachedWorkflows: 250 }, undefined, { api: 'inline' });
  try {
    const result =
      side === 'memory'
        ? await memory(stack, count, out)
        : side === 'api' || side === 'service' || side === 'raw'
          ? await roundTrips(stack, side, count, file)
          : await imports(stack, side, count, file);
    process.stdout.write(`${JSON.stringify({ side, count, result })}\n`);
  } finally {
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

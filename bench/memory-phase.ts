/**
 * Worker memory as production runs it: a `duban worker` process of its own (the real command, configured through
 * the environment like a deployment, loading the pre-built bundle) with N open measures on its task queue, beside
 * a raw worker process holding N open no-op workflows with the same cache size. RSS is read from /proc before the
 * starts and once the process has run every new workflow's first task and gone quiet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { resolvePolicy } from '../src/domain/policy';
import { startPlan } from '../src/importer/start';
import { measureQuery } from '../src/temporal/visibility-query';
import { farPlan, rawIds } from './import-phase';
import { noopWorkflow } from './noop.workflow';
import { pool, sleep } from './pool';

const BIN = path.resolve(__dirname, '..', 'bin', 'duban.js');

export interface ProcessMemory {
  /** RSS of the idle worker process, before any workflow. */
  idleMB: number;
  /** RSS with `count` open workflows, each past its first workflow task. */
  openMB: number;
}

export interface WorkerMemory {
  count: number;
  maxCachedWorkflows: number;
  duban: ProcessMemory;
  raw: ProcessMemory;
  /** How both workers ran: TypeScript through tsx (a source checkout) or compiled JavaScript (dist/, an image). */
  runtime: 'tsx' | 'dist';
}

export interface MemoryOptions {
  planId: string;
  address: string;
  dubanBundlePath: string;
  rawBundlePath: string;
  dataDir: string;
  count: number;
  concurrency: number;
  cache: number;
  /** Called with each worker process once it is loaded and quiet, before it is stopped (scripts/profile: a heap snapshot). */
  inspect?: (pid: number, side: 'duban' | 'raw') => Promise<void>;
}

/** `/proc/<pid>/stat` fields of a process: resident set in MB and CPU time in clock ticks (Linux; NaN elsewhere). */
export function procStat(pid: number): { rssMB: number; cpuTicks: number } {
  try {
    const rss = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) "
    return { rssMB: rss ? Number(rss[1]) / 1024 : Number.NaN, cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return { rssMB: Number.NaN, cpuTicks: Number.NaN };
  }
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number, child: ChildProcess) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (child.exitCode !== null) throw new Error(`the worker process exited (${child.exitCode}) while ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms ${what}`);
    await sleep(250);
  }
}

/** Resolves once the process has used (almost) no CPU for two seconds: its backlog is done. */
async function quiet(child: ChildProcess, timeoutMs: number): Promise<void> {
  let last = procStat(child.pid!).cpuTicks;
  let still = 0;
  await until(
    'working through its backlog',
    async () => {
      await sleep(250);
      const now = procStat(child.pid!).cpuTicks;
      still = now - last <= 1 ? still + 1 : 0; // ≤ 1 tick (10 ms) per 250 ms: idle polling
      last = now;
      return still >= 8 || Number.isNaN(now);
    },
    timeoutMs,
    child,
  );
}

/** Spawns a worker process, measures it idle, runs `load`, waits for it to be done, measures it again. */
async function measureProcess(
  client: Client,
  taskQueue: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  load: () => Promise<void>,
  /** Until true, the load is not done yet (beyond the process going quiet). */
  loaded?: () => Promise<boolean>,
  inspect?: (pid: number) => Promise<void>,
): Promise<ProcessMemory> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const polling = async () => {
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
      });
      return (pollers?.length ?? 0) > 0;
    };
    await until('starting', polling, 60_000, child);
    await quiet(child, 60_000);
    const idleMB = procStat(child.pid!).rssMB;
    await load();
    if (loaded) await until('running the first tasks', loaded, 10 * 60_000, child);
    await quiet(child, 10 * 60_000);
    const openMB = procStat(child.pid!).rssMB;
    await inspect?.(child.pid!);
    return { idleMB, openMB };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export async function workerMemoryPhase(client: Client, options: MemoryOptions): Promise<WorkerMemory> {
  const runtime = process.env.DUBAN_USE_DIST === '1' ? 'dist' : 'tsx';
  const cache = String(options.cache);

  // Both processes at once (each is judged quiet by its own CPU time, and RSS is read only then): the phase takes
  // half as long as one after the other, and the two meet the same busy server.
  const dubanQueue = 'bench-memory-duban';
  const duban = measureProcess(
    client,
    dubanQueue,
    [BIN, 'worker'],
    {
      TEMPORAL_ADDRESS: options.address,
      TEMPORAL_NAMESPACE: client.options.namespace,
      TEMPORAL_TASK_QUEUE: dubanQueue,
      DUBAN_WORKFLOW_BUNDLE: options.dubanBundlePath,
      DUBAN_WORKER_MAX_CACHED_WORKFLOWS: cache,
      DUBAN_DATA_DIR: options.dataDir,
      LOG_LEVEL: 'warn',
    },
    async () => {
      const plan = farPlan(options.planId, options.count);
      await startPlan(client, plan, resolvePolicy(), { taskQueue: dubanQueue, concurrency: options.concurrency });
    },
    // Each measure's first workflow task records the lean-loop patch, which Temporal publishes as a
    // TemporalChangeVersion: once every measure has it, all of them ran (the import sets every other attribute).
    async () =>
      (await client.workflow.count(`${measureQuery({ plan: options.planId })} AND TemporalChangeVersion = "lean-loop"`))
        .count >= options.count,
    options.inspect && ((pid) => options.inspect!(pid, 'duban')),
  );

  const rawQueue = 'bench-memory-raw';
  // Both processes in the same runtime: with DUBAN_USE_DIST=1 the raw worker is the compiled one too.
  const script =
    runtime === 'dist' && __filename.endsWith('.ts')
      ? path.resolve(__dirname, '..', 'dist', 'bench', 'raw-worker.js')
      : require.resolve('./raw-worker');
  const loader = script.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
  const raw = measureProcess(
    client,
    rawQueue,
    [...loader, script, options.address, rawQueue, options.rawBundlePath, cache, client.options.namespace],
    {},
    async () => {
      const ids = rawIds(`${options.planId}-raw`, options.count);
      await pool(ids.length, options.concurrency, async (i) => {
        await client.workflow.start(noopWorkflow, { workflowId: ids[i]!, taskQueue: rawQueue });
      });
    },
    undefined,
    options.inspect && ((pid) => options.inspect!(pid, 'raw')),
  );
  const [dubanMemory, rawMemory] = await Promise.all([duban, raw]);
  return { count: options.count, maxCachedWorkflows: options.cache, duban: dubanMemory, raw: rawMemory, runtime };
}

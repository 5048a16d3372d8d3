/**
 * `duban bench` / `npm run bench`: duban's overhead over the raw Temporal SDK, measured side by side in one run on
 * one in-memory dev server, in one process, with the same concurrency and worker tuning on both sides —
 * import rate, event round trip through the HTTP API, timer lateness, process RSS, history size and replay time —
 * then judged against the targets in report.ts. Runs directly too: `npx tsx bench/bench.ts --size 200 [--json]`.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { z } from 'zod';
import { parseDuration } from '../src/domain/duration';
import { ensureTemporalCli } from '../src/temporal/binary';
import { dubanImport, farPlan, rawIds, rawImport } from './import-phase';
import { lifecyclePhase } from './lifecycle-phase';
import { workerMemoryPhase } from './memory-phase';
import { checkTargets, formatReport, roundDeep, type BenchResult, type Machine, type MemorySample } from './report';
import { settle, startStack, type BenchStack, type WorkerTuning } from './stack';
import { mb, ratio } from './stats';
import { dubanTimers, rawTimers } from './timer-phase';
import { updatePhase } from './update-phase';

/** Named sizes; any integer works as well. `default` keeps the whole run under 5 minutes on 2 cores. */
export const SIZES = { smoke: 100, default: 1000 } as const;

const int = (min: number) => z.coerce.number().int().min(min);

export const BenchOptionsSchema = z.object({
  size: z
    .union([z.enum(['smoke', 'default']).transform((name) => SIZES[name]), int(10).max(20_000)])
    .default(SIZES.default),
  json: z.boolean().default(false),
  /** Concurrent start calls, duban's import and the raw loop alike. */
  concurrency: int(1).max(500).default(50),
  /** Concurrent event round trips, API and raw executeUpdate alike. */
  updateConcurrency: int(1).max(200).default(4),
  /** Timed round trips per side. */
  updates: int(10).max(100_000).default(1000),
  /** Window the timer measures' due times are spread over. */
  spread: z
    .string()
    .default('60s')
    .transform(
      (text, ctx) =>
        parseDuration(text) ?? (ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration` }), z.NEVER),
    ),
  /**
   * maxCachedWorkflows for both workers. 250 holds the 200 measures the round trips go to (so both sides measure
   * cached workflows) while bounding memory; the SDK's own default here would be ~2,300 (sized from the heap limit).
   */
  cache: int(0).default(250),
  /** maxConcurrentWorkflowTaskExecutions for both workers. */
  taskSlots: int(2).optional(),
});

type Num = string | number;

/** What `duban bench` passes through from its command line (strings) or a caller passes as numbers. */
export interface BenchOptions {
  /** "default" (1000), "smoke" (100) or a number of measures. */
  size?: Num;
  json?: boolean;
  concurrency?: Num;
  updateConcurrency?: Num;
  updates?: Num;
  /** A duration such as "60s". */
  spread?: string;
  cache?: Num;
  taskSlots?: Num;
  /** Where the table or JSON goes (default stdout). */
  out?: (text: string) => void;
  /** Progress lines (default stderr). */
  log?: (line: string) => void;
}

function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    totalMemoryMB: Math.round(mb(os.totalmem())),
    loadBefore: os.loadavg()[0] ?? Number.NaN,
  };
}

function sample(at: string): MemorySample {
  const m = process.memoryUsage();
  return { at, rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed) };
}

function installRuntime() {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by the host (the CLI): keep its logger.
  }
}

type Settings = z.output<typeof BenchOptionsSchema>;

/** Round trips go to this many measures (and as many no-op workflows): a working set the cache holds. */
const UPDATE_TARGETS = 200;

async function importPhases(stack: BenchStack, s: Settings, log: (line: string) => void, samples: MemorySample[]) {
  const workers = [stack.duban.worker, stack.raw.worker];
  log('warm-up: 20 raw starts, a 20-measure plan');
  await rawImport(stack.client, rawIds('bench-warmup', 20), s.concurrency, workers);
  await dubanImport(stack.client, farPlan('bench-warmup', 20), s.concurrency, workers);
  log(`raw import: ${s.size} × client.workflow.start(noopWorkflow)`);
  const ids = rawIds('bench-raw', s.size);
  const raw = await rawImport(stack.client, ids, s.concurrency, workers);
  samples.push(sample(`${s.size} raw open`));
  log(`duban import: startPlan of ${s.size} measures`);
  const plan = farPlan('bench-import', s.size);
  const duban = await dubanImport(stack.client, plan, s.concurrency, workers);
  const atN = sample(`+${s.size} duban open`);
  samples.push(atN);
  return { raw, duban, ids, plan, atN };
}

type Log = (line: string) => void;

/** Everything one run measures, before it is judged. */
type Measurements = Omit<BenchResult, 'machine' | 'size' | 'settings' | 'targets' | 'allTargetsMet' | 'durationMs'>;

async function apiPhase(stack: BenchStack, s: Settings, log: Log, imports: Awaited<ReturnType<typeof importPhases>>) {
  const targets = Math.min(UPDATE_TARGETS, s.size);
  log(`event round trip: ${s.updates} per side over ${targets} measures at concurrency ${s.updateConcurrency}`);
  const measures = imports.plan.indicators.flatMap((i) => i.measures);
  const options = { targets, updates: s.updates, concurrency: s.updateConcurrency, rounds: 12 };
  const api = await updatePhase(stack, imports.plan.id, measures, imports.ids, options);
  await settle([stack.duban.worker, stack.raw.worker]);
  return api;
}

async function timersPhase(stack: BenchStack, s: Settings, log: Log, settledPerSecond: number) {
  // Room for the import and its backlog (first tasks plus a reminder activity each) before the first due time.
  const leadMs = Math.round((2 * s.size * 1000) / settledPerSecond) + 5_000;
  const options = { count: s.size, spreadMs: s.spread, concurrency: s.concurrency, leadMs, graceMs: 30_000 };
  const window = `due over ${s.spread / 1000} s, the first in ${Math.round(leadMs / 1000)} s`;
  // Raw first, as for the import: duban's side then meets the busier server.
  log(`raw timers: ${s.size} × timerWorkflow (a timer and one activity), ${window}`);
  const raw = await rawTimers(stack.client, stack.raw.worker, stack.outbox.raw, 'bench-raw-timer', options);
  log(`duban timers: ${s.size} measures, ${window}`);
  const duban = await dubanTimers(stack.client, stack.duban.worker, stack.outbox.duban, 'bench-timers', options);
  return { duban, raw };
}

async function measure(stack: BenchStack, s: Settings, log: Log): Promise<Measurements> {
  const samples = [sample('started')];
  const imports = await importPhases(stack, s, log, samples);
  const cachedWorkflows = {
    duban: stack.duban.worker.getStatus().numCachedWorkflows,
    raw: stack.raw.worker.getStatus().numCachedWorkflows,
  };
  const api = await apiPhase(stack, s, log, imports);
  log(`worker memory: a \`duban worker\` process with ${s.size} open measures, a raw worker with ${s.size} no-ops`);
  const worker = await workerMemoryPhase(stack.client, {
    planId: 'bench-memory',
    address: stack.server.address,
    dubanBundlePath: stack.dubanBundlePath,
    rawBundlePath: stack.rawBundlePath,
    dataDir: stack.dataDir,
    count: s.size,
    concurrency: s.concurrency,
    cache: s.cache,
  });
  const timers = await timersPhase(stack, s, log, imports.duban.settledPerSecond);
  samples.push(sample(`+${s.size} timer measures`));
  log('lifecycle: START → REPORT_PROGRESS → SUBMIT → VERIFY → CLOSE, then replay');
  const lifecycle = await lifecyclePhase(stack.client, stack.service, stack.dubanBundle, 'bench-lifecycle');
  return {
    import: { duban: imports.duban, raw: imports.raw },
    importRatio: ratio(imports.duban.perSecond, imports.raw.perSecond),
    importSettledRatio: ratio(imports.duban.settledPerSecond, imports.raw.settledPerSecond),
    api: { duban: api.api, service: api.service, raw: api.raw },
    apiP50Ratio: api.apiP50Ratio,
    apiP99Ratio: api.apiP99Ratio,
    serviceP50Ratio: ratio(api.service.p50, api.raw.p50),
    serviceP99Ratio: ratio(api.service.p99, api.raw.p99),
    timers,
    timerP50Ratio: ratio(timers.duban.lateness.p50, timers.raw.lateness.p50),
    timerP99Ratio: ratio(timers.duban.lateness.p99, timers.raw.lateness.p99),
    workerRssRatio: ratio(worker.duban.openMB, worker.raw.openMB),
    memory: { worker, rssMB: imports.atN.rssMB, heapUsedMB: imports.atN.heapUsedMB, cachedWorkflows, samples },
    lifecycle,
  };
}

function judge(host: Machine, s: Settings, m: Measurements, durationMs: number): BenchResult {
  const partial = {
    machine: { ...host, loadAfter: os.loadavg()[0] ?? Number.NaN },
    size: s.size,
    settings: {
      concurrency: s.concurrency,
      updateConcurrency: s.updateConcurrency,
      updates: s.updates,
      updateTargets: Math.min(UPDATE_TARGETS, s.size),
      timerSpreadMs: s.spread,
      tuning: { maxCachedWorkflows: s.cache, maxConcurrentWorkflowTaskExecutions: s.taskSlots },
    },
    ...m,
    durationMs,
  };
  const targets = checkTargets(partial);
  return { ...partial, targets, allTargetsMet: targets.every((t) => t.met) };
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResult> {
  const { out = (t: string) => process.stdout.write(`${t}\n`), log: givenLog, ...rest } = options;
  const s = BenchOptionsSchema.parse(rest);
  const began = performance.now();
  const host = machine();
  const log =
    givenLog ??
    ((line: string) => process.stderr.write(`[bench ${((performance.now() - began) / 1000).toFixed(1)} s] ${line}\n`));
  ensureTemporalCli(log);
  installRuntime();
  const tuning: WorkerTuning = {
    maxCachedWorkflows: s.cache,
    ...(s.taskSlots !== undefined ? { maxConcurrentWorkflowTaskExecutions: s.taskSlots } : {}),
  };
  log('starting the dev server, bundling both workflow sets, starting both workers and the API');
  const stack = await startStack(tuning);
  let measured: Measurements;
  try {
    measured = await measure(stack, s, log);
  } catch (err) {
    log(`failed; the outbox and the dev-server log are kept in ${stack.dataDir}`);
    await stack.close({ keepData: true }).catch(() => undefined);
    throw err;
  }
  log('done; stopping workers and the dev server');
  await stack.close();
  const result = judge(host, s, measured, performance.now() - began);
  out(s.json ? JSON.stringify(roundDeep(result), null, 2) : formatReport(result));
  return result;
}

/** `npx tsx bench/bench.ts --size 200 --json` */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      json: { type: 'boolean' },
      concurrency: { type: 'string' },
      'update-concurrency': { type: 'string' },
      updates: { type: 'string' },
      spread: { type: 'string' },
      cache: { type: 'string' },
      'task-slots': { type: 'string' },
    },
    strict: true,
  });
  await runBench({
    size: values.size,
    json: values.json,
    concurrency: values.concurrency,
    updateConcurrency: values['update-concurrency'],
    updates: values.updates,
    spread: values.spread,
    cache: values.cache,
    taskSlots: values['task-slots'],
  });
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof z.ZodError ? z.prettifyError(err) : err);
      process.exit(1);
    },
  );
}

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
import { DurationSchema } from '../src/domain/duration';
import { ensureTemporalCli } from '../src/temporal/binary';
import { dubanImport, farPlan, rawIds, rawImport, rawSameDataImport } from './import-phase';
import { lifecyclePhase } from './lifecycle-phase';
import { procStat, workerMemoryPhase } from './memory-phase';
import { checkTargets, formatReport, roundDeep, type BenchResult, type Machine, type MemorySample } from './report';
import { settle, startStack, type BenchStack, type WorkerTuning } from './stack';
import { mb, ratio } from './stats';
import { dueTimes, dubanTimers, rawTimers } from './timer-phase';
import { updatePhase } from './update-phase';

/**
 * Every workflow id and plan id of a run starts with this: "bench" on the bench's own dev server; on an existing
 * server (--temporal) a fresh one per run, so a second run never meets the first one's workflows.
 */
const run = { prefix: 'bench' };

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
  spread: DurationSchema.default(60_000),
  /**
   * maxCachedWorkflows for both workers. 250 holds the 200 measures the round trips go to (so both sides measure
   * cached workflows) while bounding memory; the SDK's own default here would be ~2,300 (sized from the heap limit).
   */
  cache: int(0).default(250),
  /** maxConcurrentWorkflowTaskExecutions for both workers. */
  taskSlots: int(2).optional(),
  /** An existing Temporal server (host:port) for both sides instead of the bench's own dev server. */
  temporal: z.string().min(1).optional(),
  /** Its namespace (with duban's search attributes registered). */
  namespace: z.string().min(1).default('default'),
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
  /** host:port of an existing Temporal server (the production engine) instead of a dev server. */
  temporal?: string;
  namespace?: string;
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

type Settings = z.output<typeof BenchOptionsSchema>;

/** Round trips go to this many measures (and as many no-op workflows): a working set the cache holds. */
const UPDATE_TARGETS = 200;

const faster = <T extends { perSecond: number }>(a: T, b: T): T => (b.perSecond > a.perSecond ? b : a);

/**
 * Two rounds, the second in the opposite order (raw, raw with duban's data, duban; then duban, raw with duban's
 * data, raw), each side's faster round kept: neither side always meets the emptier server, and one slow moment
 * (a GC, a checkpoint of the server's SQLite) does not decide a ratio.
 */
async function importPhases(stack: BenchStack, s: Settings, log: (line: string) => void, samples: MemorySample[]) {
  const workers = [stack.duban.worker, stack.raw.worker];
  log('warm-up: 20 raw starts, a 20-measure plan');
  await rawImport(stack.client, rawIds(`${run.prefix}-warmup`, 20), s.concurrency, workers);
  await dubanImport(stack.client, farPlan(`${run.prefix}-warmup`, 20), s.concurrency, workers);

  const ids = rawIds(`${run.prefix}-raw-1`, s.size);
  const plan = farPlan(`${run.prefix}-import-1`, s.size);
  const sides = (round: number) => ({
    raw: () =>
      rawImport(stack.client, round === 1 ? ids : rawIds(`${run.prefix}-raw-${round}`, s.size), s.concurrency, workers),
    sameData: () =>
      rawSameDataImport(stack.client, farPlan(`${run.prefix}-same-${round}`, s.size), s.concurrency, workers),
    duban: () =>
      dubanImport(
        stack.client,
        round === 1 ? plan : farPlan(`${run.prefix}-import-${round}`, s.size),
        s.concurrency,
        workers,
      ),
  });

  log(
    `import round 1: ${s.size} raw starts, ${s.size} raw starts carrying duban's data, startPlan of ${s.size} measures`,
  );
  const first = sides(1);
  const raw1 = await first.raw();
  const same1 = await first.sameData();
  const duban1 = await first.duban();
  const atN = sample(`round 1: ${3 * s.size} open`);
  samples.push(atN);

  log('import round 2, the other way round');
  const second = sides(2);
  const duban2 = await second.duban();
  const same2 = await second.sameData();
  const raw2 = await second.raw();
  samples.push(sample(`round 2: ${6 * s.size} open`));

  return {
    raw: faster(raw1, raw2),
    sameData: faster(same1, same2),
    duban: faster(duban1, duban2),
    /** For the timer phase's lead: one slow settle in either round must not stretch the whole run. */
    dubanBestSettledPerSecond: Math.max(duban1.settledPerSecond, duban2.settledPerSecond),
    ids,
    plan,
    atN,
  };
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
  return { ...api, apiMB: stack.api.placement === 'process' ? procStat(stack.api.pid).rssMB : undefined };
}

async function timersPhase(stack: BenchStack, s: Settings, log: Log, settledPerSecond: number) {
  // Room for both imports and their backlog (first tasks, and a reminder activity each on both sides): three and a
  // half times one import's settled time (the better round's), since a timer measure's start costs more than an
  // import's first task.
  // Twice (+ 10 s) left duban's worker busy into the window in one default run; three times left it 0.1 s of quiet
  // once the raw side sent its reminder too (docs/performance.md, the sixth pass).
  const leadMs = Math.round((3.5 * s.size * 1000) / settledPerSecond) + 5_000;
  const options = { count: s.size, spreadMs: s.spread, concurrency: s.concurrency, leadMs, graceMs: 30_000 };
  const times = dueTimes(options);
  log(
    `timers: ${s.size} measures and ${s.size} raw timerWorkflows (a reminder at start, then a timer and one ` +
      `activity), due at the same instants over ${s.spread / 1000} s, the first in ${Math.round(leadMs / 1000)} s`,
  );
  const raw = rawTimers(stack.client, stack.raw.worker, stack.outbox.raw, `${run.prefix}-raw-timer`, times, options);
  const duban = dubanTimers(
    stack.client,
    stack.duban.worker,
    stack.outbox.duban,
    `${run.prefix}-timers`,
    times,
    options,
  );
  const [rawResult, dubanResult] = await Promise.all([raw, duban]);
  return { duban: dubanResult, raw: rawResult };
}

async function measure(stack: BenchStack, s: Settings, log: Log): Promise<Measurements> {
  const phasesMs: Record<string, number> = {};
  const timed = async <T>(name: string, phase: () => Promise<T>): Promise<T> => {
    const began = performance.now();
    const result = await phase();
    phasesMs[name] = performance.now() - began;
    return result;
  };
  const samples = [sample('started')];
  const imports = await timed('import', () => importPhases(stack, s, log, samples));
  const cachedWorkflows = {
    duban: stack.duban.worker.getStatus().numCachedWorkflows,
    raw: stack.raw.worker.getStatus().numCachedWorkflows,
  };
  const api = await timed('round trips', () => apiPhase(stack, s, log, imports));
  log(`worker memory: a \`duban worker\` process with ${s.size} open measures, a raw worker with ${s.size} no-ops`);
  const worker = await timed('worker memory', () =>
    workerMemoryPhase(stack.client, {
      planId: `${run.prefix}-memory`,
      address: stack.server.address,
      dubanBundlePath: stack.dubanBundlePath,
      rawBundlePath: stack.rawBundlePath,
      dataDir: stack.dataDir,
      count: s.size,
      concurrency: s.concurrency,
      cache: s.cache,
    }),
  );
  const timers = await timed('timers', () => timersPhase(stack, s, log, imports.dubanBestSettledPerSecond));
  samples.push(sample(`+${s.size} timer measures`));
  log('lifecycle: START → REPORT_PROGRESS → SUBMIT → VERIFY → CLOSE, then replay');
  const lifecycle = await timed('lifecycle and replay', () =>
    lifecyclePhase(
      stack.client,
      stack.service,
      { duban: stack.dubanBundle, raw: stack.rawBundle },
      `${run.prefix}-lifecycle`,
    ),
  );
  return {
    import: { duban: imports.duban, raw: imports.raw, rawSameData: imports.sameData },
    importRatio: ratio(imports.duban.perSecond, imports.raw.perSecond),
    importSameDataRatio: ratio(imports.duban.perSecond, imports.sameData.perSecond),
    importSettledRatio: ratio(imports.duban.settledPerSecond, imports.raw.settledPerSecond),
    api: { duban: api.api, rawHttp: api.rawHttp, service: api.service, raw: api.raw, rawReply: api.rawReply },
    apiP50Ratio: api.apiP50Ratio,
    apiP99Ratio: api.apiP99Ratio,
    serviceP50Ratio: ratio(api.service.p50, api.raw.p50),
    serviceP99Ratio: ratio(api.service.p99, api.raw.p99),
    timers,
    timerP50Ratio: ratio(timers.duban.lateness.p50, timers.raw.lateness.p50),
    timerP99Ratio: ratio(timers.duban.lateness.p99, timers.raw.lateness.p99),
    workerRssRatio: ratio(worker.duban.openMB, worker.raw.openMB),
    memory: {
      worker,
      rssMB: imports.atN.rssMB,
      apiMB: api.apiMB,
      heapUsedMB: imports.atN.heapUsedMB,
      cachedWorkflows,
      samples,
    },
    lifecycle,
    phasesMs,
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
      server: s.temporal ? `${s.temporal} (namespace ${s.namespace})` : 'the bench’s own dev server (in-memory SQLite)',
      api: '`duban api` in a process of its own',
    },
    ...m,
    durationMs,
  };
  const targets = checkTargets(partial);
  return { ...partial, targets, allTargetsMet: targets.every((t) => t.met) };
}

/**
 * The SDK core prints its own log lines to stdout, where `--json` goes: a worker's benign WARN at shutdown ("rpc
 * errored during worker shutdown") once broke the JSON. The bench keeps the core to errors. Forwarding core logs to
 * the runtime logger instead (stderr) kept `duban dev` alive after Ctrl-C, so it is not done for every command.
 */
/** installLogger('warn')'s logger, with the core kept to errors; a runtime the host installed already stays. */
function quietCore(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
    });
  } catch {
    // The host installed one already.
  }
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
  quietCore();
  const tuning: WorkerTuning = {
    maxCachedWorkflows: s.cache,
    ...(s.taskSlots !== undefined ? { maxConcurrentWorkflowTaskExecutions: s.taskSlots } : {}),
  };
  log(
    `${s.temporal ? `using the Temporal server at ${s.temporal} (namespace ${s.namespace})` : 'starting the dev server'}, bundling both workflow sets, starting both workers and the API`,
  );
  run.prefix = s.temporal ? `bench${Date.now().toString(36)}` : 'bench';
  const stack = await startStack(tuning, s.temporal ? { address: s.temporal, namespace: s.namespace } : undefined);
  let measured: Measurements;
  try {
    measured = await measure(stack, s, log);
  } catch (err) {
    log(`failed; the outbox${s.temporal ? '' : ' and the dev-server log'} are kept in ${stack.dataDir}`);
    await stack.close({ keepData: true }).catch(() => undefined);
    throw err;
  }
  log(`done; stopping the workers${s.temporal ? '' : ' and the dev server'}`);
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

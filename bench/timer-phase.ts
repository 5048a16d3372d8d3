/**
 * Timer lateness: N deadlines spread evenly over a window (default one minute), each of which must produce one
 * notice at its due time. Both sides run in the same window with the same due instants, so each meets the same
 * load (2N timers) — on duban's side N measures imported through startPlan with a second-scale policy (only
 * their OVERDUE step, always at the due time, falls inside the window), on the raw side N `timerWorkflow`s (the
 * reminder's activity at start, then a timer and one activity, as the measure's REMIND and OVERDUE). Lateness is
 * read from each side's outbox: the line's `time` minus the instant that ends its idempotency key
 * `<workflowId>/overdue:<level>:<atEpochMs>`. It covers the timer, the workflow task and the activity: when a
 * person would actually see the 逾期 notice.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { resolvePolicy } from '../src/domain/policy';
import { startPlan } from '../src/importer/start';
import { measureWorkflowId } from '../src/temporal/names';
import { allMeasures } from '../src/domain/plan';
import { timerWorkflow } from './noop.workflow';
import { outboxLateness, type OutboxLateness } from './parse';
import { syntheticPlan } from './plan';
import { pool, sleep } from './pool';
import { DUBAN_QUEUE, RAW_QUEUE, settle } from './stack';
import { summarize, type LatencySummary } from './stats';

/**
 * The reminder (T − 1 h) is already due at start, so it goes out during the import, before the window; escalation
 * (T + 1 h) comes after the benchmark. Inside the window only OVERDUE fires: one timer and one delivery per measure.
 */
export const TIMER_POLICY = { remindBefore: '1h', escalateAfter: '1h', repeatEvery: '1h' } as const;

export interface TimerOptions {
  count: number;
  spreadMs: number;
  concurrency: number;
  /** From now until the first due time: long enough for the import to finish first. */
  leadMs: number;
  /** How long after the last due time to wait for stragglers. */
  graceMs: number;
}

export interface TimerResult {
  count: number;
  /** OVERDUE notices found in the outbox. */
  fired: number;
  /** Deadlines already due when the starts finished (excluded: their lateness would be the import's). */
  pastDue: number;
  spreadMs: number;
  importMs: number;
  /**
   * First due time minus the moment the worker finished the import's backlog (first tasks and reminders):
   * zero or less means that backlog was still running when the window opened, inflating the early lateness.
   */
  quietBeforeWindowMs: number;
  lateness: LatencySummary;
}

/** One side of the comparison: what it starts, where its notices land, which worker runs it. */
interface TimerSide {
  /** Workflow id → due instant (epoch ms) of every deadline this side starts. */
  dues: Map<string, number>;
  start(): Promise<void>;
  outbox: string;
  worker: Worker;
}

function overdueIn(side: TimerSide): OutboxLateness[] {
  if (!existsSync(side.outbox)) return [];
  return outboxLateness(readFileSync(side.outbox, 'utf8')).filter(
    (l) => l.kind === 'overdue' && side.dues.has(l.workflowId),
  );
}

/** Polls the outbox until every deadline's notice is there or `deadline` (epoch ms) passes. */
async function collect(side: TimerSide, deadline: number): Promise<OutboxLateness[]> {
  let fired = overdueIn(side);
  while (fired.length < side.dues.size && Date.now() < deadline) {
    await sleep(1000);
    fired = overdueIn(side);
  }
  return fired;
}

async function measureWindow(side: TimerSide, first: number, options: TimerOptions): Promise<TimerResult> {
  const started = performance.now();
  await side.start();
  const importMs = performance.now() - started;
  const importedAt = Date.now();
  const pastDue = new Set([...side.dues].filter(([, at]) => at < importedAt).map(([id]) => id));
  const quietAt = await settle([side.worker], 500, Math.max(0, first - Date.now()));
  const quietBeforeWindowMs = first - (Date.now() - (performance.now() - quietAt));
  const fired = await collect(side, first + options.spreadMs + options.graceMs);
  const onTime = fired.filter((l) => !pastDue.has(l.workflowId));
  return {
    count: options.count,
    fired: fired.length,
    pastDue: pastDue.size,
    spreadMs: options.spreadMs,
    importMs,
    quietBeforeWindowMs,
    lateness: summarize(onTime.map((l) => l.latenessMs)),
  };
}

/** Due instants: the first `leadMs` from now, the rest evenly over the spread. Both sides share one set. */
export function dueTimes(options: TimerOptions): number[] {
  const first = Date.now() + options.leadMs;
  const step = options.spreadMs / Math.max(1, options.count - 1);
  return Array.from({ length: options.count }, (_, i) => first + Math.round(i * step));
}

export async function dubanTimers(
  client: Client,
  worker: Worker,
  outbox: string,
  planId: string,
  times: number[],
  options: TimerOptions,
): Promise<TimerResult> {
  const plan = syntheticPlan({ id: planId, count: options.count, dueAt: (i) => new Date(times[i]!).toISOString() });
  const dues = new Map(
    allMeasures(plan).map(({ measure }) => [measureWorkflowId(planId, measure.id), Date.parse(measure.dueAt!)]),
  );
  const start = async () => {
    await startPlan(client, plan, resolvePolicy(TIMER_POLICY), {
      taskQueue: DUBAN_QUEUE,
      concurrency: options.concurrency,
    });
  };
  return measureWindow({ dues, start, outbox, worker }, times[0]!, options);
}

export async function rawTimers(
  client: Client,
  worker: Worker,
  outbox: string,
  prefix: string,
  times: number[],
  options: TimerOptions,
): Promise<TimerResult> {
  const dues = new Map(times.map((at, i) => [`${prefix}-${i}`, at]));
  const ids = [...dues.keys()];
  const start = () =>
    pool(ids.length, options.concurrency, async (i) => {
      await client.workflow.start(timerWorkflow, { workflowId: ids[i]!, taskQueue: RAW_QUEUE, args: [times[i]!] });
    });
  return measureWindow({ dues, start, outbox, worker }, times[0]!, options);
}

/**
 * Timer lateness: N measures whose due times are spread evenly over a window (default one minute), imported
 * through startPlan with a second-scale policy, so each one's OVERDUE step — always at the due time — fires inside
 * the window. Lateness is read from the outbox: delivery `time` minus the step's instant, which is the last part
 * of the idempotency key `<workflowId>/overdue:<level>:<atEpochMs>`. It covers the timer, the workflow task and
 * the notification activity: when a person would actually see the 逾期 notice.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { resolvePolicy } from '../src/domain/policy';
import { startPlan } from '../src/importer/start';
import { outboxLateness, type OutboxLateness } from './parse';
import { syntheticPlan } from './plan';
import { sleep } from './pool';
import { DUBAN_QUEUE, settle } from './stack';
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
  /** OVERDUE notifications found in the outbox. */
  fired: number;
  /** Measures already due when the import finished (excluded: their lateness would be the import's). */
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

function overdueOf(dataDir: string, planId: string): OutboxLateness[] {
  const file = path.join(dataDir, 'outbox.jsonl');
  if (!existsSync(file)) return [];
  const prefix = `duban/${planId}/`;
  return outboxLateness(readFileSync(file, 'utf8')).filter(
    (l) => l.kind === 'overdue' && l.workflowId.startsWith(prefix),
  );
}

/** Polls the outbox until every measure's OVERDUE notice is there or `deadline` (epoch ms) passes. */
async function collect(dataDir: string, planId: string, count: number, deadline: number): Promise<OutboxLateness[]> {
  let fired = overdueOf(dataDir, planId);
  while (fired.length < count && Date.now() < deadline) {
    await sleep(1000);
    fired = overdueOf(dataDir, planId);
  }
  return fired;
}

export async function timerPhase(
  client: Client,
  worker: Worker,
  dataDir: string,
  planId: string,
  options: TimerOptions,
): Promise<TimerResult> {
  const first = Date.now() + options.leadMs;
  const step = options.spreadMs / Math.max(1, options.count - 1);
  const plan = syntheticPlan({
    id: planId,
    count: options.count,
    dueAt: (i) => new Date(first + Math.round(i * step)).toISOString(),
  });
  const started = performance.now();
  const report = await startPlan(client, plan, resolvePolicy(TIMER_POLICY), {
    taskQueue: DUBAN_QUEUE,
    concurrency: options.concurrency,
  });
  const importMs = performance.now() - started;
  const importedAt = Date.now();
  const pastDue = new Set(
    report.measures.filter((m) => m.dueAt !== null && Date.parse(m.dueAt) < importedAt).map((m) => m.workflowId),
  );
  const quietAt = await settle([worker], 500, Math.max(0, first - Date.now()));
  const quietBeforeWindowMs = first - (Date.now() - (performance.now() - quietAt));
  const fired = await collect(dataDir, planId, options.count, first + options.spreadMs + options.graceMs);
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

/**
 * Import throughput: N synthetic measures through duban's own import path (startPlan, including its closing
 * visibility listing) against a raw loop of `client.workflow.start` of the no-op workflow, same client, same
 * concurrency. The raw side runs first, so duban's side meets the busier server (a conservative order).
 */
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Plan } from '../src/domain/plan';
import { resolvePolicy } from '../src/domain/policy';
import { measureInputs, measureStartOptions, startPlan } from '../src/importer/start';
import { NOOP_WORKFLOW_TYPE, noopWorkflow } from './noop.workflow';
import { syntheticPlan } from './plan';
import { pool } from './pool';
import { DUBAN_QUEUE, RAW_QUEUE, settle } from './stack';
import { rate } from './stats';

/** Far in the future: no timer fires while the benchmark runs. */
export const FAR_DUE = '2099-12-31T23:59:59+08:00';

export interface ImportSide {
  count: number;
  /** Wall time of the whole import. */
  ms: number;
  perSecond: number;
  /** Until the worker had also run every new workflow's first task (the backlog drained). */
  settledMs: number;
  settledPerSecond: number;
}

export interface DubanImportSide extends ImportSide {
  /** Until the last start call returned (the rest is startPlan's visibility listing of the plan). */
  startsMs: number;
}

function figures(count: number, started: number, ms: number, settledAt: number): ImportSide {
  const settledMs = Math.max(ms, settledAt - started);
  return { count, ms, perSecond: rate(count, ms), settledMs, settledPerSecond: rate(count, settledMs) };
}

/** `count` raw starts through the pool, timed until the last returns and until the workers ran them. */
async function rawStarts(
  count: number,
  concurrency: number,
  workers: Worker[],
  start: (index: number) => Promise<unknown>,
): Promise<ImportSide> {
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    await start(i);
  });
  const ms = performance.now() - started;
  return figures(count, started, ms, await settle(workers));
}

export function rawImport(client: Client, ids: string[], concurrency: number, workers: Worker[]): Promise<ImportSide> {
  return rawStarts(ids.length, concurrency, workers, (i) =>
    client.workflow.start(noopWorkflow, { workflowId: ids[i]!, taskQueue: RAW_QUEUE }),
  );
}

/**
 * The raw loop again, but each start carries exactly what duban's import sends for a measure (input, search
 * attributes, memo, summary, details) to the no-op workflow: what Temporal itself costs for duban's data.
 */
export function rawSameDataImport(
  client: Client,
  plan: Plan,
  concurrency: number,
  workers: Worker[],
): Promise<ImportSide> {
  const inputs = measureInputs(plan, resolvePolicy());
  return rawStarts(inputs.length, concurrency, workers, (i) => {
    const options = measureStartOptions(inputs[i]!, RAW_QUEUE);
    return client.workflow.start(NOOP_WORKFLOW_TYPE, { ...options, workflowId: `${options.workflowId}/raw` });
  });
}

export async function dubanImport(
  client: Client,
  plan: Plan,
  concurrency: number,
  workers: Worker[],
): Promise<DubanImportSide> {
  const started = performance.now();
  let startsMs = 0;
  const report = await startPlan(client, plan, resolvePolicy(), {
    taskQueue: DUBAN_QUEUE,
    concurrency,
    onProgress: (done, total) => {
      if (done === total) startsMs = performance.now() - started;
    },
  });
  const ms = performance.now() - started;
  if (report.started !== report.measures.length) {
    throw new Error(`startPlan started ${report.started} of ${report.measures.length} measures (ids reused?)`);
  }
  return { ...figures(report.started, started, ms, await settle(workers)), startsMs };
}

export function rawIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

export function farPlan(id: string, count: number): Plan {
  return syntheticPlan({ id, count, dueAt: () => FAR_DUE });
}

/**
 * One full lifecycle — START → REPORT_PROGRESS → SUBMIT → VERIFY → CLOSE on a far-future due date with the
 * default policy — through the measure service (the layer the API and CLI use): how many history events it
 * leaves, which kinds, and how long replaying it with duban's bundle takes: per replay in one replay worker
 * (`Worker.runReplayHistories` over copies of the history — what a replay costs) and cold, a replay worker created
 * for the one history (`Worker.runReplayHistory`: mostly creating the worker and loading the bundle) — and, beside
 * it, the raw no-op workflow's history after the same five updates replayed the same way.
 */
import type { Client, HistoryAndWorkflowId } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import type { PersonEventBody } from '../src/domain/events';
import { resolvePolicy } from '../src/domain/policy';
import { startPlan } from '../src/importer/start';
import type { MeasureService } from '../src/service/measures';
import { measureWorkflowId } from '../src/temporal/names';
import { farPlan } from './import-phase';
import { countByType } from './parse';
import { leadActor } from './plan';
import { noopWorkflow } from './noop.workflow';
import { rawUpdate } from './raw-update';
import { DUBAN_QUEUE, RAW_QUEUE } from './stack';
import { percentile } from './stats';

export interface LifecycleResult {
  historyEvents: number;
  /** Event type → count (EVENT_TYPE_ prefix dropped). */
  eventsByType: Record<string, number>;
  /** Per replay, `replays` copies replayed by one replay worker (its creation excluded): the median of three runs. */
  replayMs: number;
  /** Median of three Worker.runReplayHistory calls, each creating its own replay worker. */
  coldReplayMs: number;
  /**
   * The same for the no-op workflow's history after the same five updates (raw executeUpdate): what a replay costs
   * Temporal itself — creating the workflow's context, decoding the history, one activation per task.
   */
  rawReplayMs: number;
  rawHistoryEvents: number;
  replays: number;
}

/** Milliseconds per replay when one replay worker replays `count` copies of `history` (creation not counted). */
async function warmReplayMs(bundleCode: string, history: HistoryAndWorkflowId, count: number): Promise<number> {
  let first = 0;
  let done = 0;
  const began = performance.now();
  // The first result marks the worker created and the bundle loaded; the rest are replays alone.
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { code: bundleCode } },
    Array.from({ length: count + 1 }, () => history),
  )) {
    if (result.error) throw result.error;
    if (done++ === 0) first = performance.now();
  }
  return (performance.now() - (first || began)) / count;
}

/** The same five updates on a raw no-op workflow, and its history. */
async function rawLifecycle(client: Client, workflowId: string, steps: Array<[string, PersonEventBody]>) {
  const handle = await client.workflow.start(noopWorkflow, { workflowId, taskQueue: RAW_QUEUE });
  for (const [actor, event] of steps) await rawUpdate(client, workflowId, actor, event);
  return handle.fetchHistory();
}

export async function lifecyclePhase(
  client: Client,
  service: MeasureService,
  bundles: { duban: string; raw: string },
  planId: string,
  replays = 20,
): Promise<LifecycleResult> {
  const bundleCode = bundles.duban;
  const plan = farPlan(planId, 1);
  const measure = plan.indicators[0]!.measures[0]!;
  await startPlan(client, plan, resolvePolicy(), { taskQueue: DUBAN_QUEUE });
  const workflowId = measureWorkflowId(planId, measure.id);
  const lead = leadActor(measure);
  const steps: Array<[string, PersonEventBody]> = [
    [lead, { type: 'START' }],
    [lead, { type: 'REPORT_PROGRESS', percent: 50, note: '已完成流程梳理' }],
    [lead, { type: 'SUBMIT', note: '整改完成' }],
    ['supervisor', { type: 'VERIFY' }],
    ['supervisor', { type: 'CLOSE' }],
  ];
  for (const [actor, event] of steps) await service.send(workflowId, actor, event);
  const handle = client.workflow.getHandle(workflowId);
  await handle.result();
  const history = await handle.fetchHistory();
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    await Worker.runReplayHistory({ workflowBundle: { code: bundleCode } }, history, workflowId);
    cold.push(performance.now() - started);
  }
  const rawId = `${planId}-raw`;
  const rawHistory = await rawLifecycle(client, rawId, steps);
  // Each side's median of three, the sides taking turns so both meet the same machine.
  const warm: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < 3; i++) {
    warm.push(await warmReplayMs(bundleCode, { workflowId, history }, replays));
    raw.push(await warmReplayMs(bundles.raw, { workflowId: rawId, history: rawHistory }, replays));
  }
  return {
    historyEvents: history.events?.length ?? 0,
    eventsByType: countByType(historyToJSON(history)),
    replayMs: percentile(warm, 50),
    coldReplayMs: percentile(cold, 50),
    rawReplayMs: percentile(raw, 50),
    rawHistoryEvents: rawHistory.events?.length ?? 0,
    replays,
  };
}

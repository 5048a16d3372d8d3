/**
 * One full lifecycle — START → REPORT_PROGRESS → SUBMIT → VERIFY → CLOSE on a far-future due date with the
 * default policy — through the measure service (the layer the API and CLI use): how many history events it
 * leaves, which kinds, and how long `Worker.runReplayHistory` takes to replay it with duban's bundle.
 */
import type { Client } from '@temporalio/client';
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
import { DUBAN_QUEUE } from './stack';
import { percentile } from './stats';

export interface LifecycleResult {
  historyEvents: number;
  /** Event type → count (EVENT_TYPE_ prefix dropped). */
  eventsByType: Record<string, number>;
  /** Median of `replays` runs of Worker.runReplayHistory (each creates its own replay worker). */
  replayMs: number;
  replays: number;
}

export async function lifecyclePhase(
  client: Client,
  service: MeasureService,
  bundleCode: string,
  planId: string,
  replays = 3,
): Promise<LifecycleResult> {
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
  const durations: number[] = [];
  for (let i = 0; i < replays; i++) {
    const started = performance.now();
    await Worker.runReplayHistory({ workflowBundle: { code: bundleCode } }, history, workflowId);
    durations.push(performance.now() - started);
  }
  return {
    historyEvents: history.events?.length ?? 0,
    eventsByType: countByType(historyToJSON(history)),
    replayMs: percentile(durations, 50),
    replays,
  };
}

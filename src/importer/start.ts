/**
 * Starts a validated plan's measures as workflows: one `measureWorkflow` per measure with the id
 * `duban/<planId>/<measureId>`, so re-importing starts nothing twice (a closed measure is never reopened either).
 * The plan must already be valid: this module never sees a half-parsed plan.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { allMeasures, type Plan } from '../domain/plan';
import type { EscalationPolicy } from '../domain/policy';
import {
  measureMemo,
  measureSummary,
  openingSnapshot,
  policyCalendar,
  SA,
  startSearchAttributes,
  staticDetails,
  type SearchPair,
} from '../measure';
import { DubanError, unavailableAs503 } from '../service/errors';
import { MEASURE_WORKFLOW_TYPE, measureWorkflowId } from '../temporal/names';
import { listWorkflowIds } from '../temporal/visibility';
import { measureQuery } from '../temporal/visibility-query';
import type { MeasureWorkflowInput } from '../../workflows/measure.messages';
import type { measureWorkflow } from '../../workflows/measure.workflow';

export interface StartedMeasure {
  workflowId: string;
  indicator: string;
  measureId: string;
  title: string;
  lead: string[];
  leaders: string[];
  dueAt: string | null;
  outcome: 'started' | 'existing';
}

export interface StartReport {
  planId: string;
  measures: StartedMeasure[];
  started: number;
  existing: number;
  /** Workflows of this plan whose measure is no longer in the plan (left alone; cancel them deliberately). */
  removed: string[];
  /** Measures whose due time had already passed at import: they start red and escalate at once. */
  pastDue: string[];
}

export interface StartOptions {
  taskQueue: string;
  /** Concurrent start calls. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  now?: Date;
}

export function measureInputs(plan: Plan, policy: EscalationPolicy): MeasureWorkflowInput[] {
  return allMeasures(plan).map(({ indicator, measure }) => ({
    planId: plan.id,
    planTitle: plan.title,
    indicator: { code: indicator.code, name: indicator.name },
    measure,
    supervisors: plan.supervisors,
    ...(plan.coordinator ? { coordinator: plan.coordinator } : {}),
    policy,
  }));
}

export async function startPlan(
  client: Client,
  plan: Plan,
  policy: EscalationPolicy,
  options: StartOptions,
): Promise<StartReport> {
  const inputs = measureInputs(plan, policy);
  const now = (options.now ?? new Date()).getTime();
  const measures: StartedMeasure[] = new Array<StartedMeasure>(inputs.length);
  let done = 0;
  let cursor = 0;
  let failure: unknown;
  const worker = async () => {
    while (cursor < inputs.length && failure === undefined) {
      const index = cursor++;
      const input = inputs[index]!;
      let outcome: StartedMeasure['outcome'];
      try {
        outcome = await startOne(client, input, options.taskQueue);
      } catch (err) {
        failure ??= err; // no new starts; those under way finish, so the report below is exact
        return;
      }
      const m = input.measure;
      measures[index] = {
        workflowId: measureWorkflowId(plan.id, m.id),
        indicator: input.indicator.code,
        measureId: m.id,
        title: m.title,
        lead: m.lead,
        leaders: m.leaders,
        dueAt: m.dueAt,
        outcome,
      };
      options.onProgress?.(++done, inputs.length);
    }
  };
  // What this plan already had, listed while the starts run (only measures no longer in the plan matter here).
  const listing = unavailableAs503(() => listWorkflowIds(client, measureQuery({ plan: plan.id })));
  listing.catch(() => undefined); // a failed start must not leave this rejection unhandled; it is awaited below
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 32, inputs.length) }, worker));
  if (failure !== undefined) throw interrupted(failure, measures.filter(Boolean), inputs.length);

  const inPlan = new Set(measures.map((m) => m.workflowId));
  const listed = await listing;
  const removed = listed.filter((id) => !inPlan.has(id));
  return {
    planId: plan.id,
    measures,
    started: measures.filter((m) => m.outcome === 'started').length,
    existing: measures.filter((m) => m.outcome === 'existing').length,
    removed: [...new Set(removed)],
    pastDue: measures.filter((m) => m.dueAt !== null && new Date(m.dueAt).getTime() < now).map((m) => m.workflowId),
  };
}

/**
 * Everything a measure's workflow is started with: its id, input, the search attributes a list can filter on at
 * once, and what Temporal UI shows (memo, summary, details) — all built by the measure core, which the workflow
 * uses for the values it keeps current. The benchmark starts raw workflows with the same data.
 */
export function measureStartOptions(input: MeasureWorkflowInput, taskQueue: string, now = Date.now()) {
  const m = input.measure;
  return {
    workflowId: measureWorkflowId(input.planId, m.id),
    taskQueue,
    args: [input] as [MeasureWorkflowInput],
    // A measure that already ran (even to 已销号) is never started again by a re-import.
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    typedSearchAttributes: [...startSearchAttributes(input), startLight(input, now)],
    memo: measureMemo(input),
    staticSummary: measureSummary(m),
    staticDetails: staticDetails(input),
  };
}

/**
 * DubanLight as the measure's workflow will first judge it (the same opening snapshot): a list finds the measure by
 * its light at once, and the workflow's first task has nothing to upsert (it compares with what the start set).
 */
function startLight(input: MeasureWorkflowInput, now: number): SearchPair {
  const calendar = input.policy.workdays ? policyCalendar(input.policy) : undefined;
  const opening = openingSnapshot(input, input.policy, new Date(now).toISOString(), calendar);
  return { key: SA.light, value: opening.context.light };
}

export async function startOne(
  client: Client,
  input: MeasureWorkflowInput,
  taskQueue: string,
): Promise<'started' | 'existing'> {
  try {
    // By its type name: the client process never loads workflow code (the worker's bundle does).
    await client.workflow.start<typeof measureWorkflow>(MEASURE_WORKFLOW_TYPE, measureStartOptions(input, taskQueue));
    return 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'existing';
    throw err;
  }
}

/**
 * An import cut off part-way (Temporal lost, the caller stopped) says exactly what it did: how many measures were
 * started, and that the same import again starts the rest — starts are idempotent by workflow id.
 */
function interrupted(cause: unknown, done: StartedMeasure[], total: number): DubanError {
  const started = done.filter((m) => m.outcome === 'started').length;
  const existing = done.length - started;
  const kind = cause instanceof DubanError ? cause.kind : ('unavailable' as const);
  return new DubanError(
    kind,
    `the import stopped after ${started} measure(s) were started and ${existing} found existing, of ${total}: ` +
      `${cause instanceof Error ? cause.message : String(cause)}. Run the same import again to start the rest ` +
      '(measures already started are found, not started twice).',
    { started, existing, total, workflowIds: done.map((m) => m.workflowId) },
  );
}

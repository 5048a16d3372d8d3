/**
 * planWorkflow: a rectification plan as a durable record (`plan:<planId>`): what was imported and every revision
 * since. It holds no timers and starts nothing: the importer diffs, amends the measures, then records the revision
 * here. The rules are the core's (src/measure/plan-record.ts); this file wires the Update and the Query.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  makeContinueAsNewFunc,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import { reviseRecord, revisionProblem, type PlanRecord, type RevisionRequest } from '../src/measure';
import { planMemo, planQuery, reviseUpdate, STALE_REVISION, type PlanWorkflowInput } from './plan.messages';

/**
 * History bound: each revision adds about six events (the update's acceptance and completion, a workflow task)
 * carrying the plan's measure facts, so a run continues as new after 20 revisions (or when Temporal suggests it,
 * e.g. past its size limits), carrying only the record.
 */
const MAX_REVISIONS_PER_RUN = 20;

export async function planWorkflow(input: PlanWorkflowInput): Promise<PlanRecord> {
  let record: PlanRecord | undefined = input.record;
  if (!record && input.first) record = reviseRecord(undefined, input.first, new Date().toISOString());
  if (!record) throw ApplicationFailure.nonRetryable('planWorkflow needs its first revision or a record');
  let current: PlanRecord = record;
  let revisions = 0;

  setHandler(planQuery, () => current);
  setHandler(
    reviseUpdate,
    (request) => {
      current = reviseRecord(current, request, new Date().toISOString());
      upsertMemo(planMemo(current));
      revisions++;
      return current;
    },
    {
      validator: (request: RevisionRequest) => {
        const problem = revisionProblem(current, request);
        if (problem) throw ApplicationFailure.create({ type: STALE_REVISION, message: problem, nonRetryable: true });
      },
    },
  );

  const bound = input.maxRevisionsPerRun ?? MAX_REVISIONS_PER_RUN;
  await condition(() => revisions >= bound || workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  // The memo goes along explicitly: the importer reads its baseline there.
  return makeContinueAsNewFunc<typeof planWorkflow>({ memo: planMemo(current) })({
    record: current,
    maxRevisionsPerRun: input.maxRevisionsPerRun,
  });
}

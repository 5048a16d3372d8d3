/**
 * The plan workflow's public surface: its id scheme, input, the `revise` Update and the `plan` Query. Shared by the
 * workflow, the importer and the service so names cannot drift; the record itself is the core's
 * (src/measure/plan-record.ts).
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { MeasureFacts, PlanRecord, RevisionRequest } from '../src/measure';

export const PLAN_WORKFLOW_TYPE = 'planWorkflow';

/** One record per plan: `plan:<planId>` (apart from the measures' `duban/<planId>/<measureId>`). */
export const planWorkflowId = (planId: string) => `plan:${planId}`;

export interface PlanWorkflowInput {
  /** The first import, recorded as revision 1 (a new record). */
  first?: RevisionRequest;
  /** The record carried over by continue-as-new. */
  record?: PlanRecord;
  /** Continue as new after this many revisions in one run (default 20); tests set it low. */
  maxRevisionsPerRun?: number;
}

/** Updates, not Signals: the importer learns at once whether its revision was recorded or refused (stale base). */
export const reviseUpdate = defineUpdate<PlanRecord, [RevisionRequest]>('revise');
export const planQuery = defineQuery<PlanRecord>('plan');

/** The ApplicationFailure type of a revision made against an older record. */
export const STALE_REVISION = 'StaleRevision';

/**
 * The memo an import reads its baseline from (the record's revision and measures), set at start and upserted by
 * every revision: describing a workflow needs no worker, a query does.
 */
export function planMemo(record: Pick<PlanRecord, 'revision' | 'measures'>): {
  revision: number;
  measures: MeasureFacts[];
} {
  return { revision: record.revision, measures: record.measures };
}

/**
 * The plan records (`plan:<planId>`, workflows/plan.workflow.ts) as the importer, the API and the CLI see them:
 * read one, create one with its first revision, record a revision. Errors come out as DubanError kinds.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { MeasureFacts, PlanRecord, RevisionRequest } from '../measure';
import {
  PLAN_WORKFLOW_TYPE,
  planMemo,
  planQuery,
  planWorkflowId,
  reviseUpdate,
  STALE_REVISION,
} from '../../workflows/plan.messages';
import type { planWorkflow } from '../../workflows/plan.workflow';
import { DubanError, unavailableAs503 } from './errors';

export class PlanService {
  constructor(readonly client: Client) {}

  private handle(planId: string) {
    return this.client.workflow.getHandle<typeof planWorkflow>(planWorkflowId(planId));
  }

  /** The plan's record, or undefined when it has none (never imported, or imported before plans had records). */
  async record(planId: string): Promise<PlanRecord | undefined> {
    try {
      return await unavailableAs503(() => this.handle(planId).query(planQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * What an import compares a revised plan with — the record's revision and measures — from the workflow's memo,
   * so an import needs Temporal but no worker (as starting measures never did). undefined: no record.
   */
  async baseline(planId: string): Promise<{ revision: number; measures: MeasureFacts[] } | undefined> {
    try {
      const { memo } = await unavailableAs503(() => this.handle(planId).describe());
      const { revision, measures } = (memo ?? {}) as Partial<ReturnType<typeof planMemo>>;
      if (typeof revision !== 'number' || !Array.isArray(measures)) {
        throw new DubanError('unavailable', `plan ${planId}'s record has no baseline in its memo`);
      }
      return { revision, measures };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /** The plan's record, or a 404 that says why there is none. */
  async show(planId: string): Promise<PlanRecord> {
    const record = await this.record(planId);
    if (!record) {
      throw new DubanError(
        'not_found',
        `plan ${planId} has no record (never imported, or imported before plans had records: import it again)`,
      );
    }
    return record;
  }

  /**
   * Starts the plan's record with its first revision. Start-if-absent: when another import created it first, the
   * request is recorded on it as a revision instead (or refused as stale, like any revision).
   */
  async create(request: RevisionRequest, taskQueue: string): Promise<void> {
    const { planId } = request.header;
    try {
      await unavailableAs503(() =>
        this.client.workflow.start<typeof planWorkflow>(PLAN_WORKFLOW_TYPE, {
          workflowId: planWorkflowId(planId),
          taskQueue,
          args: [{ first: request }],
          memo: planMemo({ revision: 1, measures: request.measures }),
          staticSummary: `方案 ${planId} ${request.header.title}`,
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await this.revise(request);
    }
  }

  /**
   * Records a revision. The update id is the plan and the revision it makes, so a retry of the same revision
   * attaches to the first attempt instead of recording it twice.
   */
  async revise(request: RevisionRequest): Promise<PlanRecord> {
    const { planId } = request.header;
    try {
      return await unavailableAs503(() =>
        this.handle(planId).executeUpdate(reviseUpdate, {
          args: [request],
          updateId: `${planWorkflowId(planId)}/r${request.baseRevision + 1}`,
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        if (err.cause.type === STALE_REVISION) throw new DubanError('conflict', err.cause.message);
      }
      if (err instanceof WorkflowNotFoundError) throw new DubanError('not_found', `plan ${planId} has no record`);
      throw err;
    }
  }
}

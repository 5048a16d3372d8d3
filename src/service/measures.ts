/**
 * The measure service: the one layer through which the CLI and the HTTP API talk to Temporal — read a measure,
 * send it an event (the workflow Update), list measures through visibility. Errors come out as typed
 * DubanError kinds the API maps to status codes and the CLI to exit codes.
 */
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import type { Actor, EventType, PersonEventBody } from '../domain/events';
import {
  allowedFor,
  decideOnView,
  FINAL_STATES,
  SA,
  unknownUnits,
  type MeasureMemo,
  type MeasureState,
  type MeasureView,
  type TimelineEntry,
} from '../measure';
import { decodeSearchAttributes } from '../temporal/search-attributes';
import { measureWorkflowId, parseMeasureRef, parseMeasureWorkflowId } from '../temporal/names';
import { eventUpdate, REFUSAL, snapshotQuery, timelineQuery } from '../../workflows/measure.messages';
import type { measureWorkflow } from '../../workflows/measure.workflow';
import { measureQuery, type MeasureFilter } from '../temporal/visibility-query';
import { DubanError, unavailableAs503 } from './errors';
import type { EvidenceStore } from '../evidence/store';
import { resolveAttachments } from './evidence';
import { FirstReceived } from './first-received';

/**
 * Which measure: its plan and measure ids (the API's validated path parameters), or a string as people and tools
 * write it — the workflow id `duban/<planId>/<measureId>` or `<planId>/<measureId>` (the CLI, tests).
 */
export type MeasureRef = { planId: string; measureId: string } | string;

/** A view with the events the reading actor may send now. */
export type MeasureViewFor = MeasureView & { allowed: EventType[] };

/** One row of a listing, from visibility alone (no query to the workflow). */
export interface MeasureSummary {
  workflowId: string;
  planId: string;
  measureId: string;
  title?: string;
  planTitle?: string;
  indicator?: string;
  state?: MeasureState;
  light?: string;
  escalation?: number;
  dueAt?: string;
  /** Submitted after the due time (set at SUBMIT). */
  late?: boolean;
  /** The last 质量评定 (DubanGrade); absent: not graded yet. */
  grade?: string;
  /** Times sent back (DubanRejections); absent: never. */
  rejections?: number;
  /** 分解: the parent measure's workflow id (DubanParent), when this measure is a part. */
  parent?: string;
  lead: string[];
  support: string[];
  leaders: string[];
  status: string;
  startedAt?: string;
  closedAt?: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken?: string;
}

/** How `views` runs its calls. */
export interface ViewsOptions {
  concurrency?: number;
  /** Wraps each Temporal call (the listing, each query): e.g. the API's deadline per call. */
  bound?: <T>(call: () => Promise<T>) => Promise<T>;
}
const same = <T>(call: () => Promise<T>): Promise<T> => call();

export class MeasureService {
  /** When each keyed event first arrived: a retry of an update Temporal dropped unaccepted keeps the first `sentAt`. */
  private readonly received = new FirstReceived();

  constructor(
    readonly client: Client,
    readonly namespace: string = client.options.namespace,
    /** Where 佐证材料 are kept; without one, events naming uploaded files are refused. */
    readonly evidence?: EvidenceStore,
  ) {}

  /** The workflow id of a measure. */
  resolveId(ref: MeasureRef): string {
    if (typeof ref !== 'string') return measureWorkflowId(ref.planId, ref.measureId);
    const ids = parseMeasureRef(ref);
    if (ids) return measureWorkflowId(ids.planId, ids.measureId);
    throw new DubanError(
      'bad_request',
      `"${ref}" is not a measure: use duban/<planId>/<measureId> or <planId>/<measureId>`,
    );
  }

  private handle(workflowId: string): WorkflowHandle<typeof measureWorkflow> {
    return this.client.workflow.getHandle<typeof measureWorkflow>(workflowId);
  }

  /** The measure's view. `deadlineMs` bounds the query (a workflow whose worker is gone never answers). */
  async get(ref: MeasureRef, opts: { deadlineMs?: number } = {}): Promise<MeasureView> {
    const workflowId = this.resolveId(ref);
    const query = () => this.handle(workflowId).query(snapshotQuery);
    return this.call(workflowId, () =>
      opts.deadlineMs ? this.client.withDeadline(Date.now() + opts.deadlineMs, query) : query(),
    );
  }

  /** The view as `actor` reads it: with the events they may send now (the machine's answer, no extra call). */
  async getFor(ref: MeasureRef, actor: Actor, opts: { deadlineMs?: number } = {}): Promise<MeasureViewFor> {
    return withAllowed(await this.get(ref, opts), actor);
  }

  async timeline(ref: MeasureRef): Promise<TimelineEntry[]> {
    const workflowId = this.resolveId(ref);
    return this.call(workflowId, () => this.handle(workflowId).query(timelineQuery));
  }

  /**
   * Sends an event as `actor` and answers with the new view and what `actor` may send next; a refusal (the
   * update's validator) becomes a DubanError and leaves history untouched.
   */
  /**
   * Sends one event as `actor`. `updateId` makes it idempotent: the same id attaches to the same Temporal update, so
   * a caller who heard nothing (a worker down, a deadline passed) asks again and learns the one outcome — never a
   * second application. When the workflow has not answered by the deadline the event is `pending` (it may still be
   * applied once a worker takes it), said with the id to ask again with.
   */
  async send(
    ref: MeasureRef,
    actor: Actor,
    event: PersonEventBody,
    opts: { updateId?: string; deadlineMs?: number } = {},
  ): Promise<MeasureViewFor> {
    const workflowId = this.resolveId(ref);
    const now = Date.now();
    const sentAt = new Date(
      opts.updateId ? this.received.at(`${workflowId}\n${opts.updateId}`, now) : now,
    ).toISOString();
    // An unknown or foreign evidence id is refused here, before anything reaches the workflow.
    const checked = await resolveAttachments(this.evidence, workflowId, event);
    if (event.type === 'SPLIT') await this.checkSplitUnits(workflowId, event.parts);
    const execute = () =>
      this.handle(workflowId).executeUpdate(eventUpdate, {
        // sentAt: this process's clock when the event first arrived; a retry with the same update id keeps it, both
        // when Temporal still holds the first update (its arguments win) and when it dropped it unaccepted.
        args: [{ actor, event: checked, sentAt }],
        updateId: opts.updateId,
      });
    return this.call(workflowId, async () => {
      try {
        const view = await (opts.deadlineMs
          ? this.client.withDeadline(Date.now() + opts.deadlineMs, execute)
          : execute());
        return withAllowed(view, actor);
      } catch (err) {
        if (isPending(err)) {
          // Not answered: a worker down (the update waits in Temporal), or Temporal itself unreachable (it never
          // arrived). Only the first is "pending"; the second is a plain 503, and a retry with the key is safe.
          if (!(await this.reachable())) {
            throw new DubanError('unavailable', `Temporal is unreachable: ${(err as Error).message}`);
          }
          throw new DubanError(
            'pending',
            `${event.type} was sent but the measure's workflow has not answered yet (is a worker running?): it may ` +
              `still be applied. Ask again with the same idempotency key (${opts.updateId ?? 'none given'}) to learn its outcome`,
            { updateId: opts.updateId },
          );
        }
        if (err instanceof WorkflowNotFoundError) await this.explainFinished(workflowId, actor, event);
        if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
          const { type, message, details } = err.cause;
          const extra = (details?.[0] ?? {}) as { state?: MeasureState; allowed?: EventType[] };
          if (type === REFUSAL.forbidden) throw new DubanError('forbidden', message, extra);
          if (type === REFUSAL.conflict) throw new DubanError('conflict', message, extra);
          if (type === REFUSAL.badRequest) throw new DubanError('bad_request', message);
        }
        throw err;
      }
    });
  }

  /**
   * 分解: every unit a split names must be a department the plan knows (a 牵头部门 or 配合部门 of one of its measures,
   * from visibility); the split itself is the workflow's to judge.
   */
  private async checkSplitUnits(workflowId: string, parts: ReadonlyArray<{ unit: string }>): Promise<void> {
    const planId = parseMeasureWorkflowId(workflowId)?.planId;
    if (!planId) return;
    const rows = await this.listAll({ plan: planId });
    const unknown = unknownUnits(parts, [...new Set(rows.flatMap((row) => [...row.lead, ...row.support]))]);
    if (!unknown.length) return;
    const i = parts.findIndex((p) => p.unit === unknown[0]);
    throw new DubanError(
      'bad_request',
      `event.parts[${i}].unit: ${unknown.join('、')} is not a department of plan ${planId} (a 牵头部门 or 配合部门 of one of its measures)`,
      { errors: [{ path: `event.parts[${i}].unit`, message: `${unknown[0]} is not a department of plan ${planId}` }] },
    );
  }

  /** Whether the Temporal frontend answers at all, within 2 s. */
  private async reachable(): Promise<boolean> {
    try {
      await this.client.withDeadline(Date.now() + 2_000, () => this.client.workflowService.getSystemInfo({}));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * A closed or cancelled measure's workflow has completed, so Temporal answers an update with "not found". The
   * measure exists, though: refuse the event with the machine's own reason (409, or 403 when it was never the
   * actor's to send). Returns when the workflow really is unknown, so the not-found stands.
   */
  private async explainFinished(workflowId: string, actor: Actor, event: PersonEventBody): Promise<void> {
    let view: MeasureView;
    try {
      view = await this.handle(workflowId).query(snapshotQuery);
    } catch {
      return;
    }
    if (!FINAL_STATES.includes(view.state)) return;
    const verdict = decideOnView(view, { ...event, actor, at: new Date().toISOString() });
    if (!verdict.ok)
      throw new DubanError(verdict.code, verdict.reason, { state: view.state, allowed: verdict.allowed });
  }

  /** Lists measures through visibility, one page at a time. */
  async list(
    filter: MeasureFilter,
    page: { pageSize?: number; nextPageToken?: string } = {},
  ): Promise<Page<MeasureSummary>> {
    const query = measureQuery(filter);
    const response = await unavailableAs503(() =>
      this.client.workflowService.listWorkflowExecutions({
        namespace: this.namespace,
        query,
        pageSize: page.pageSize ?? 100,
        nextPageToken: page.nextPageToken ? Buffer.from(page.nextPageToken, 'base64url') : undefined,
      }),
    );
    const items = (response.executions ?? []).map((raw) => {
      const sa = decodeSearchAttributes(raw.searchAttributes?.indexedFields);
      const workflowId = raw.execution?.workflowId ?? '';
      const ids = parseMeasureWorkflowId(workflowId);
      const memo = raw.memo?.fields ?? {};
      const memoText = (key: keyof MeasureMemo) =>
        memo[key] ? defaultPayloadConverter.fromPayload<string>(memo[key]) : undefined;
      const dueAt = sa.get(SA.dueAt);
      return {
        workflowId,
        planId: ids?.planId ?? sa.get(SA.plan) ?? '',
        measureId: ids?.measureId ?? '',
        title: memoText('title'),
        planTitle: memoText('planTitle'),
        indicator: sa.get(SA.indicator),
        state: sa.get(SA.state) as MeasureState | undefined,
        light: sa.get(SA.light),
        escalation: sa.get(SA.escalation),
        dueAt: dueAt?.toISOString(),
        late: sa.get(SA.late),
        grade: sa.get(SA.grade),
        rejections: sa.get(SA.rejections),
        ...(sa.get(SA.parent) ? { parent: sa.get(SA.parent) } : {}),
        lead: sa.get(SA.lead) ?? [],
        support: sa.get(SA.support) ?? [],
        leaders: sa.get(SA.leaders) ?? [],
        status: statusName(raw.status),
        startedAt: timestamp(raw.startTime),
        closedAt: timestamp(raw.closeTime),
      } satisfies MeasureSummary;
    });
    const token = response.nextPageToken?.length
      ? Buffer.from(response.nextPageToken).toString('base64url')
      : undefined;
    return { items, ...(token ? { nextPageToken: token } : {}) };
  }

  /** How many measures match `filter` (visibility's count: one call, however many measures; the board's tallies). */
  async count(filter: MeasureFilter): Promise<number> {
    const response = await unavailableAs503(() =>
      this.client.workflowService.countWorkflowExecutions({ namespace: this.namespace, query: measureQuery(filter) }),
    );
    return Number(response.count ?? 0);
  }

  /** Every page of a listing (reports, the CLI). */
  async listAll(filter: MeasureFilter): Promise<MeasureSummary[]> {
    const all: MeasureSummary[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = await this.list(filter, { pageSize: 1000, nextPageToken });
      all.push(...page.items);
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
    return all;
  }

  /** The full view of every listed measure (the 台账 needs more than visibility holds): queries, a few at a time. */
  /**
   * Every listed measure's view, `concurrency` queries at a time. `bound` wraps the listing and each query on its
   * own (the API's per-call deadline): a report's time grows with its size, while each call stays bounded.
   */
  async views(filter: MeasureFilter, { concurrency = 16, bound = same }: ViewsOptions = {}): Promise<MeasureView[]> {
    const ids = (await bound(() => this.listAll(filter))).map((m) => m.workflowId);
    const views: MeasureView[] = [];
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        views.push(await bound(() => this.get(id)));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    return views;
  }

  async historyLength(ref: MeasureRef): Promise<number> {
    const workflowId = this.resolveId(ref);
    const description = await this.call(workflowId, () => this.handle(workflowId).describe());
    return description.historyLength;
  }

  private async call<T>(workflowId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await unavailableAs503(fn);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw new DubanError(
          'not_found',
          `measure ${workflowId} not found (no such workflow in namespace ${this.namespace})`,
        );
      }
      throw err;
    }
  }
}

function withAllowed(view: MeasureView, actor: Actor, now = new Date()): MeasureViewFor {
  return { ...view, allowed: allowedFor(view, actor, now.toISOString()) };
}

const STATUS_NAMES = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];
function statusName(status: number | null | undefined): string {
  return STATUS_NAMES[status ?? 0] ?? 'UNSPECIFIED';
}

function timestamp(t: { seconds?: { toString(): string } | null; nanos?: number | null } | null | undefined) {
  if (!t?.seconds) return undefined;
  return new Date(Number(t.seconds.toString()) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}

/** The update was sent but its outcome did not arrive in time (the SDK's timeout, or the gRPC deadline). */
function isPending(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 4 || (err instanceof Error && err.cause !== undefined && err.cause !== err && isPending(err.cause));
}

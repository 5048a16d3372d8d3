/**
 * The measure workflow's public surface: its input, the `event` Update, the `snapshot` and `timeline` Queries
 * and the refusal types. Shared by workflow, importer, service layer, API and CLI so names cannot drift; the view
 * these messages carry is the core's (src/measure/view.ts).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EventRequest } from '../src/domain/events';
import type { EscalationPolicy } from '../src/domain/policy';
import type {
  MeasureContext,
  MeasureState,
  MeasureView,
  PartReport,
  PlannedMeasure,
  TimelineEntry,
} from '../src/measure';

export interface MeasureWorkflowInput extends PlannedMeasure {
  /** 联合督导组 departments and the coordinating office, who receive escalations. */
  supervisors: string[];
  coordinator?: string;
  policy: EscalationPolicy;
  /** Continue as new once history is longer than this (default 2,000 events); tests set it low. */
  maxHistoryEvents?: number;
  /** State carried over by continue-as-new. */
  carry?: { snapshot: { value: MeasureState; context: MeasureContext }; timeline: TimelineEntry[]; fired: string[] };
}

/**
 * Transitions are Updates, not Signals: the caller learns at once whether the event was accepted (with the new
 * view) or refused (with a reason), and the validator keeps refused events out of history.
 */
export const eventUpdate = defineUpdate<MeasureView, [EventRequest]>('event');
export const snapshotQuery = defineQuery<MeasureView>('snapshot');
export const timelineQuery = defineQuery<TimelineEntry[]>('timeline');
/**
 * 分解: a part tells its parent its state, light and level after each change. A Signal, not an Update: the part
 * cannot act on a refusal (a parent already finished keeps what it had), and it must not wait on the parent.
 * Sent by workflow id, so it reaches the parent's current run after a continue-as-new.
 */
export const partSignal = defineSignal<[PartReport]>('part');

/** 分解: a parent tells its open parts its new 牵头部门 (their escalations reach it). A Signal, for the same reasons. */
export const parentLeadSignal = defineSignal<[{ lead: string[] }]>('parent-lead');

/** ApplicationFailure types a refused event carries; the API maps them to 400, 403 and 409. */
export const REFUSAL = { badRequest: 'BadRequest', forbidden: 'Forbidden', conflict: 'Conflict' } as const;
export type RefusalType = (typeof REFUSAL)[keyof typeof REFUSAL];

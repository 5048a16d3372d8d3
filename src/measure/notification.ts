/**
 * The notification activity's input, built by the workflow from a timer step (docs/domain.md "Notifications"):
 * deterministic (no clock), so the workflow sandbox may build it; src/notify/ renders it and the activity
 * validates it with NotificationSchema (src/notify/notification-schema.ts, checked against this interface).
 */
import type { Light } from '../domain/events';
import type { Recipient, Step, StepKind } from './schedule';

/** The activity input for one timer step. Validated by NotificationSchema (notification-schema.ts) in the activity. */
export interface Notification {
  /** `<workflowId>/<step key>`: the same step of the same workflow always carries the same key. */
  idempotencyKey: string;
  workflowId: string;
  planId: string;
  measureId: string;
  /** The measure's title (its first sentence). */
  title: string;
  kind: StepKind;
  level: number;
  light: Light;
  /** ISO instant, or null for 持续推进 (ongoing). */
  dueAt: string | null;
  recipients: Recipient[];
  /** Free text added by the workflow (e.g. the last progress note). */
  summary?: string;
}

export interface MeasureRef {
  workflowId: string;
  planId: string;
  measureId: string;
  title: string;
  /** Epoch ms or null (ongoing). */
  dueAt: number | null;
  summary?: string;
}

/** Builds the activity input for a step. Deterministic (no clock), so the workflow can call it. */
export function notificationFromStep(step: Step, measure: MeasureRef): Notification {
  return {
    idempotencyKey: `${measure.workflowId}/${step.key}`,
    workflowId: measure.workflowId,
    planId: measure.planId,
    measureId: measure.measureId,
    title: measure.title,
    kind: step.kind,
    level: step.level,
    light: step.light,
    dueAt: measure.dueAt === null ? null : new Date(measure.dueAt).toISOString(),
    recipients: step.recipients,
    ...(measure.summary ? { summary: measure.summary } : {}),
  };
}

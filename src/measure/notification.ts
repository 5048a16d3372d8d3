/**
 * The notification activity's input, built by the workflow from a timer step (docs/domain.md "Notifications"):
 * deterministic (no clock), so the workflow sandbox may build it; src/notify/ renders it and the activity
 * validates it with NotificationSchema (src/notify/notification-schema.ts, checked against this interface).
 */
import type { Light } from '../domain/events';
import type { UnitChangeKind } from './assignment';
import type { MeasureContext } from './machine';
import type { Recipient, Step } from './schedule';
import type { NoticeKind } from './words';

export { NOTICE_KINDS, type NoticeKind } from './words';

/** The activity input for one timer step. Validated by NotificationSchema (notification-schema.ts) in the activity. */
export interface Notification {
  /** `<workflowId>/<step key>`: the same step of the same workflow always carries the same key. */
  idempotencyKey: string;
  workflowId: string;
  planId: string;
  measureId: string;
  /** The measure's title (its first sentence). */
  title: string;
  kind: NoticeKind;
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

/** What a notice says of whom: the parts that differ between a step, a 催办 and a change of units. */
type NoticeBody = Pick<Notification, 'kind' | 'level' | 'light' | 'recipients' | 'summary'>;

/** The activity input for one notice of `measure`, under its `fired` key. Deterministic (no clock). */
function noticeOf(measure: MeasureRef, key: string, body: NoticeBody): Notification {
  const { summary, ...rest } = body;
  return {
    idempotencyKey: `${measure.workflowId}/${key}`,
    workflowId: measure.workflowId,
    planId: measure.planId,
    measureId: measure.measureId,
    title: measure.title,
    kind: rest.kind,
    level: rest.level,
    light: rest.light,
    dueAt: measure.dueAt === null ? null : new Date(measure.dueAt).toISOString(),
    recipients: rest.recipients,
    ...(summary ? { summary } : {}),
  };
}

/** Builds the activity input for a step. Deterministic (no clock), so the workflow can call it. */
export function notificationFromStep(step: Step, measure: MeasureRef): Notification {
  const { kind, level, light, recipients } = step;
  return noticeOf(measure, step.key, { kind, level, light, recipients, summary: measure.summary });
}

/** The `fired` key of the n-th (0-based) URGE of a measure: the workflow sends each once, the activity dedups. */
export const urgeKey = (index: number) => `urge:${index + 1}`;

/**
 * The notice of the n-th 催办 (URGE) the supervision group sent: to the lead departments as they are now, with
 * the sender's note. Deterministic, like notificationFromStep.
 */
export function notificationFromUrge(
  index: number,
  ctx: Pick<MeasureContext, 'lead' | 'light' | 'escalation' | 'urges'>,
  measure: MeasureRef,
): Notification {
  const note = ctx.urges?.[index]?.note;
  return noticeOf(measure, urgeKey(index), {
    kind: 'urge',
    level: ctx.escalation,
    light: ctx.light,
    recipients: ctx.lead.map((name) => ({ role: 'dept' as const, name })),
    summary: note ? `督导组意见：${note}` : measure.summary,
  });
}

const UNIT_NOTICE_KIND: Record<UnitChangeKind, NoticeKind> = {
  reassign: 'reassigned',
  transfer: 'transferred',
  amend: 'amended',
};

/** A notice the workflow sends once, under its `fired` key. */
export interface KeyedNotice {
  key: string;
  notification: Notification;
}

/**
 * The notices owed for changes of who carries the measure made at or after `since` (epoch ms): each change of the
 * units tells the units it newly gives the measure (lead or support) what they now carry and why; a pending 转办
 * asks its receiving unit to accept or refuse. Keys are stable (`units:<n>`, `transfer:<requested at>`), so the
 * workflow sends each once. Deterministic, like notificationFromStep.
 */
export function unitNotices(
  ctx: Pick<MeasureContext, 'unitChanges' | 'pendingTransfer' | 'light' | 'escalation'>,
  measure: MeasureRef,
  since: number,
): KeyedNotice[] {
  const notice = (key: string, kind: NoticeKind, names: string[], summary: string): KeyedNotice => ({
    key,
    notification: noticeOf(measure, key, {
      kind,
      level: ctx.escalation,
      light: ctx.light,
      recipients: names.map((name) => ({ role: 'dept' as const, name })),
      summary,
    }),
  });
  const out: KeyedNotice[] = [];
  (ctx.unitChanges ?? []).forEach((change, i) => {
    if (Date.parse(change.at) < since) return;
    const before = new Set([...change.from.lead, ...change.from.support]);
    const lead = change.to.lead.filter((name) => !change.from.lead.includes(name));
    const support = change.to.support.filter((name) => !before.has(name));
    if (!lead.length && !support.length) return;
    const parts = [
      ...(lead.length ? [`牵头部门：${lead.join('、')}`] : []),
      ...(support.length ? [`配合部门：${support.join('、')}`] : []),
    ];
    out.push(
      notice(
        `units:${i + 1}`,
        UNIT_NOTICE_KIND[change.kind],
        [...lead, ...support],
        `${parts.join('；')}。理由：${change.reason}`,
      ),
    );
  });
  const transfer = ctx.pendingTransfer;
  if (transfer && Date.parse(transfer.at) >= since) {
    const from = transfer.by.replace(/^dept:/, '');
    out.push(
      notice(
        `transfer:${transfer.at}`,
        'transfer_request',
        [transfer.to],
        `${from}申请转办至${transfer.to}。理由：${transfer.reason}`,
      ),
    );
  }
  return out;
}

/**
 * measureWorkflow: one rectification measure (整改措施) as a durable workflow. Thin by design — the XState
 * machine decides what may happen, the pure schedule decides when timers fire; this file only wires Temporal
 * messages to them, keeps search attributes and Temporal UI details in sync, and sends notifications.
 */
import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { checkEventRequest } from '../src/domain/event-check';
import type { MeasureEvent } from '../src/domain/events';
import { planSteps, type ScheduleFacts, type Step } from '../src/domain/schedule';
import { notificationFromStep } from '../src/notify/message';
import { SA } from '../src/temporal/names';
import type { createNotifyActivities } from '../activities/notify.activities';
import {
  applyEvent,
  createSnapshot,
  decide,
  FINAL_STATES,
  persistSnapshot,
  restoreSnapshot,
  STATE_LABELS,
  stateOf,
  type MeasureSnapshot,
  type TimelineEntry,
} from './measure.machine';
import {
  eventUpdate,
  REFUSAL,
  snapshotQuery,
  timelineQuery,
  type MeasureView,
  type MeasureWorkflowInput,
} from './measure.messages';

const { deliverNotification } = proxyActivities<ReturnType<typeof createNotifyActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 12 },
});

/** Patch: keep an earlier timer when the next step moves later (see arm()). Histories before it re-arm at once. */
const LAZY_REARM = 'lazy-timer-rearm';

/** History stays small for plans that live for months: start afresh well before Temporal would suggest it. */
const MAX_HISTORY_EVENTS = 2_000;

const STEP_EVENT = {
  remind: 'REMIND',
  overdue: 'OVERDUE',
  escalate: 'ESCALATE',
  verify_remind: 'REMIND',
  verify_escalate: 'ESCALATE',
  progress_remind: 'REMIND',
} as const;

const iso = (ms: number) => new Date(ms).toISOString();
const epoch = (value: string | undefined | null) => (value ? new Date(value).getTime() : undefined);

export async function measureWorkflow(input: MeasureWorkflowInput): Promise<MeasureView> {
  const { workflowId } = workflowInfo();
  const { measure, policy } = input;
  let snapshot: MeasureSnapshot = input.carry
    ? restoreSnapshot(input.carry.snapshot)
    : createSnapshot({
        measureId: measure.id,
        lead: measure.lead,
        support: measure.support,
        leaders: measure.leaders,
        dueAt: measure.dueAt,
        yellowWithinMs: policy.remindBeforeMs,
        at: iso(Date.now()),
      });
  const timeline: TimelineEntry[] = input.carry?.timeline ?? [];
  const fired = new Set(input.carry?.fired ?? []);
  let changes = 0;
  let nextStep: Step | undefined;

  const facts = (): ScheduleFacts => {
    const ctx = snapshot.context;
    return {
      state: stateOf(snapshot),
      dueAt: epoch(ctx.dueAt) ?? null,
      submittedAt: epoch(ctx.submitted?.at),
      verifiedAt: epoch(ctx.verified?.at),
      startedAt: epoch(ctx.started?.at),
      lastProgressAt: epoch(ctx.progress?.at),
      lead: ctx.lead,
      leaders: ctx.leaders,
      supervisors: input.supervisors,
      coordinator: input.coordinator,
      // Steps due before assignment (a late import) or while the work sat submitted collapse; missed ones do not.
      watchedSince: Math.max(epoch(ctx.assignedAt) ?? 0, epoch(ctx.lastRejection?.at) ?? 0),
    };
  };

  const view = (): MeasureView => {
    const state = stateOf(snapshot);
    return {
      ...snapshot.context,
      workflowId,
      planId: input.planId,
      planTitle: input.planTitle,
      indicator: input.indicator,
      title: measure.title,
      text: measure.text,
      state,
      stateLabel: STATE_LABELS[state],
      ...(nextStep ? { nextStep: { kind: nextStep.kind, at: iso(nextStep.at) } } : {}),
    };
  };

  // Search attributes and Temporal UI details follow every change; unchanged values are not re-upserted so
  // history only grows when something a user can filter on actually changed.
  const searchAttributes = (): SearchAttributeUpdatePair[] => {
    const ctx = snapshot.context;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: SA.state, value: stateOf(snapshot) },
      { key: SA.light, value: ctx.light },
      { key: SA.escalation, value: ctx.escalation },
    ];
    if (ctx.dueAt) pairs.push({ key: SA.dueAt, value: new Date(ctx.dueAt) });
    // Lateness is judged at SUBMIT (and forgotten when the submission is rejected): the reports count it.
    pairs.push({ key: SA.late, value: ctx.submitted ? ctx.submitted.lateMs > 0 : null });
    return pairs;
  };
  const signatureOf = (pairs: SearchAttributeUpdatePair[]) =>
    JSON.stringify(pairs.map(({ key, value }) => [key.name, value instanceof Date ? value.getTime() : value]));
  // What the starter already set (import sets the initial values), so the first publish writes nothing.
  const initial = workflowInfo().typedSearchAttributes;
  let published = signatureOf(
    searchAttributes().map(({ key }) => ({ key, value: initial.get(key) ?? null }) as SearchAttributeUpdatePair),
  );
  let shownDetails = '';
  const publish = () => {
    const pairs = searchAttributes();
    const signature = signatureOf(pairs);
    if (signature !== published) {
      upsertSearchAttributes(pairs);
      published = signature;
    }
    const text = details();
    if (text !== shownDetails) setCurrentDetails((shownDetails = text));
  };

  const details = () => {
    const ctx = snapshot.context;
    const state = stateOf(snapshot);
    const lines = [
      `**${measure.id} ${measure.title}**`,
      `状态 state: ${STATE_LABELS[state]} (${state}) · 灯 light: ${ctx.light} · 督办级别 escalation: ${ctx.escalation}`,
      `截止 due: ${ctx.dueAt ?? '持续推进 (ongoing)'}${ctx.originalDueAt !== ctx.dueAt ? ` (原 ${ctx.originalDueAt})` : ''}`,
      `牵头部门: ${ctx.lead.join('、')}${ctx.support.length ? ` · 配合部门: ${ctx.support.join('、')}` : ''}`,
      `责任领导: ${ctx.leaders.join('、') || '—'}`,
    ];
    if (ctx.progress)
      lines.push(
        `进展 progress: ${ctx.progress.percent}% (${ctx.progress.by}, ${ctx.progress.at}) ${ctx.progress.note ?? ''}`,
      );
    if (ctx.pendingExtension)
      lines.push(`延期申请 pending extension → ${ctx.pendingExtension.newDueAt}: ${ctx.pendingExtension.reason}`);
    if (ctx.rejections)
      lines.push(`退回整改 rejections: ${ctx.rejections}${ctx.lastRejection ? ` — ${ctx.lastRejection.reason}` : ''}`);
    if (nextStep) lines.push(`下一步 next: ${nextStep.kind} at ${iso(nextStep.at)}`);
    return lines.join('\n');
  };

  const apply = (event: MeasureEvent) => {
    const result = applyEvent(snapshot, event);
    snapshot = result.snapshot;
    timeline.push(result.entry);
    changes++;
    publish();
  };

  setHandler(snapshotQuery, view);
  setHandler(timelineQuery, () => timeline);
  setHandler(
    eventUpdate,
    // The validator has parsed this request (and replay re-runs handlers only on requests accepted then), so the
    // handler does not parse it a second time.
    ({ actor, event }) => {
      apply({ ...event, actor, at: iso(Date.now()) });
      return view();
    },
    {
      // Refusals happen here, before anything is written to history; the machine is the only judge.
      validator: (request) => {
        const parsed = checkEventRequest(request);
        if (!parsed.ok) {
          throw ApplicationFailure.create({
            type: REFUSAL.badRequest,
            message: parsed.problems.join('; '),
            nonRetryable: true,
          });
        }
        const { actor, event } = parsed.value;
        const verdict = decide(snapshot, { ...event, actor, at: iso(Date.now()) });
        if (!verdict.ok) {
          throw ApplicationFailure.create({
            type: verdict.code === 'forbidden' ? REFUSAL.forbidden : REFUSAL.conflict,
            message: verdict.reason,
            details: [{ state: stateOf(snapshot), allowed: verdict.allowed }],
            nonRetryable: true,
          });
        }
      },
    },
  );

  const fire = async (step: Step) => {
    fired.add(step.key);
    const event = {
      type: STEP_EVENT[step.kind],
      actor: 'system',
      at: iso(Date.now()),
      level: step.level,
      light: step.light,
      step: step.key,
    } as MeasureEvent;
    if (!decide(snapshot, event).ok) return; // the state moved on while this step was being computed
    apply(event);
    try {
      const ctx = snapshot.context;
      await deliverNotification(
        notificationFromStep(step, {
          workflowId,
          planId: input.planId,
          measureId: measure.id,
          title: measure.title,
          dueAt: epoch(ctx.dueAt) ?? null,
          summary: ctx.progress ? `最新进展 ${ctx.progress.percent}%: ${ctx.progress.note ?? ''}` : undefined,
        }),
      );
    } catch (err) {
      // A channel that stays broken after every retry must not stop the ladder: the step stays recorded.
      log.error('notification failed after retries', { step: step.key, error: String(err) });
    }
  };

  // One durable timer for the next step, kept while its time stays the same: updates that do not move the next
  // step then add no TimerStarted/TimerCanceled pair to history. Since LAZY_REARM it is also kept when the step
  // moves later (every progress report pushes the next 进展 reminder back): it then wakes the loop early once, the
  // schedule finds nothing due, and the loop arms the real time — one wake-up instead of a pair per report.
  let timer: { at: number; scope: CancellationScope; fired: boolean } | undefined;
  const arm = (at: number | undefined) => {
    if (timer && !timer.fired) {
      if (timer.at === at) return;
      if (at !== undefined && timer.at < at && patched(LAZY_REARM)) return;
      timer.scope.cancel();
    }
    timer = undefined;
    if (at === undefined) return;
    const armed = { at, scope: new CancellationScope(), fired: false };
    armed.scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => (armed.fired = true),
        () => undefined, // cancelled: the step moved
      );
    timer = armed;
  };

  publish();
  while (!FINAL_STATES.includes(stateOf(snapshot))) {
    const plan = planSteps(policy, facts(), Date.now(), fired);
    for (const key of plan.skipped) fired.add(key);
    nextStep = plan.next;
    if (plan.fireNow.length) {
      for (const step of plan.fireNow) await fire(step);
      continue;
    }
    publish();
    if (
      workflowInfo().continueAsNewSuggested ||
      workflowInfo().historyLength > (input.maxHistoryEvents ?? MAX_HISTORY_EVENTS)
    ) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof measureWorkflow>({
        ...input,
        carry: { snapshot: persistSnapshot(snapshot), timeline, fired: [...fired] },
      });
    }
    arm(nextStep?.at);
    const seen = changes;
    await condition(() => changes !== seen || timer?.fired === true);
  }
  arm(undefined);
  nextStep = undefined;
  publish();
  await condition(allHandlersFinished);
  return view();
}

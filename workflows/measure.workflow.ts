/**
 * measureWorkflow: one rectification measure (整改措施) as a durable workflow. Thin by design — the measure core
 * (src/measure) decides what may happen, when timers fire, what the view, the search attributes and the Temporal
 * UI details say; this file only wires Temporal messages, timers and the notification activity to it.
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
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { MeasureEvent } from '../src/domain/events';
import type { EscalationPolicy } from '../src/domain/policy';
import {
  applyEvent,
  checkEventRequest,
  currentDetails,
  currentSearchAttributes,
  decide,
  FINAL_STATES,
  hasAppraisal,
  HOLIDAY_DATA_BASE_YEAR,
  measureView,
  notificationFromStep,
  notificationFromUrge,
  openingSnapshot,
  persistSnapshot,
  planSteps,
  policyCalendar,
  restoreSnapshot,
  scheduleFacts,
  shanghaiDate,
  stateOf,
  type MeasureSnapshot,
  type PartReport,
  type MeasureView,
  type ScheduleFacts,
  type Step,
  type TimelineEntry,
  type WorkCalendar,
  unitNotices,
  urgeKey,
  type Notification,
} from '../src/measure';
import type { createNotifyActivities } from '../activities/notify.activities';
import {
  eventUpdate,
  parentLeadSignal,
  partSignal,
  REFUSAL,
  snapshotQuery,
  timelineQuery,
  type MeasureWorkflowInput,
} from './measure.messages';
import { hasPartsToStart, partReporter, startParts, tellPartsOfLead, untoldLeadChanges } from './measure.parts';

const { deliverNotification } = proxyActivities<ReturnType<typeof createNotifyActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 12 },
});

/** Patch: keep an earlier timer when the next step moves later (see arm()). Histories before it re-arm at once. */
const LAZY_REARM = 'lazy-timer-rearm';

/**
 * Patch: DubanGrade and DubanRejections are upserted once a measure is graded or sent back. Asked only then, so
 * measures never graded or sent back record no marker; histories before it publish neither attribute.
 */
const APPRAISAL_SEARCH_ATTRIBUTES = 'appraisal-search-attributes';

/**
 * Patch per holiday-data year added after the calendar shipped (`cn-holidays-<year>`): a running workflow counts
 * such a year as weekends only up to the point its history first ran code that knew it, so it keeps replaying.
 */
const HOLIDAY_YEAR_PATCH = (year: number) => `cn-holidays-${year}`;

/**
 * Patch: a plan's graded lights (policy.lights) — orange, the grade-timed reminder and the 预警 step. A workflow
 * whose first run predates it keeps the reminder-window light even if its input carries the setting.
 */
const GRADED_LIGHTS = 'graded-lights';

/** Patch: a plan's 定期报送 cadence (policy.reports) and its 漏报 steps, likewise. */
const PERIODIC_REPORTS = 'periodic-reports';

/**
 * Patch: 改派 / 转办 / plan-revision notices to the units newly given a measure, and 转办 requests to their receiver.
 * Asked once, at the top of each run: a run that began before it sends none (a workflow already running when it is
 * deployed starts sending after its next continue-as-new), so no old change is announced late.
 */
const UNIT_NOTICES = 'unit-change-notices';

/**
 * Patch: the loop awaits its notices, parts and reports only when one has something to send. The SDK captures a
 * stack trace for every promise made in workflow code, and those five awaits were most of an event's promises
 * (docs/performance.md). Fewer awaits can reorder an update's completion and the loop's commands in one task, so
 * this is asked once, at the top of each run: a run that began before it keeps awaiting all five. It implies
 * UNIT_NOTICES (a newer run), which such a run then does not ask.
 */
const LEAN_LOOP = 'lean-loop';

/**
 * Patch: the loop hands its notices to an ordered queue and goes on, instead of awaiting each delivery. A channel
 * that stays down (a department's robot, a mail server) retried a notice for up to twenty minutes, and the ladder
 * waited with it: the next rung, its light and level, a 催办, a part's start. The notices still go out one after
 * another in the order they were made (a 逾期 never before its 提醒); the run awaits the queue before it continues as
 * new or ends. Asked where a notice is made, so a history that awaited its notices keeps replaying that way.
 */
const QUEUED_NOTICES = 'queued-notices';

/** History stays small for plans that live for months: start afresh well before Temporal would suggest it. */
const MAX_HISTORY_EVENTS = 2_000;

const STEP_EVENT = {
  remind: 'REMIND',
  overdue: 'OVERDUE',
  escalate: 'ESCALATE',
  verify_remind: 'REMIND',
  verify_escalate: 'ESCALATE',
  progress_remind: 'REMIND',
  acknowledge_remind: 'REMIND',
  warn: 'REMIND',
  report_missed: 'MISSED_REPORT',
} as const;

const iso = (ms: number) => new Date(ms).toISOString();
const epoch = (value: string | undefined | null) => (value ? new Date(value).getTime() : undefined);

export async function measureWorkflow(input: MeasureWorkflowInput): Promise<MeasureView> {
  const { workflowId } = workflowInfo();
  const { measure } = input;
  // Graded lights and 定期报送 only where the plan asks for them (no patch marker otherwise) and the code knew them
  // from the start.
  const { lights, reports, ...rules } = input.policy;
  const policy: EscalationPolicy = {
    ...rules,
    ...(lights && patched(GRADED_LIGHTS) ? { lights } : {}),
    ...(reports && patched(PERIODIC_REPORTS) ? { reports } : {}),
  };
  // The working-day calendar, only for a policy that counts in working days (every other policy never consults
  // it, and so records no patch marker). Rebuilt per pass so a data year deployed later is admitted from then on.
  const calendar = (): WorkCalendar | undefined =>
    policy.workdays
      ? policyCalendar(policy, (year) => year <= HOLIDAY_DATA_BASE_YEAR || patched(HOLIDAY_YEAR_PATCH(year)))
      : undefined;
  let snapshot: MeasureSnapshot = input.carry
    ? restoreSnapshot(input.carry.snapshot)
    : openingSnapshot(input, policy, iso(Date.now()), calendar());
  const timeline: TimelineEntry[] = input.carry?.timeline ?? [];
  const fired = new Set(input.carry?.fired ?? []);
  /** Bumped to wake the loop (an event or a signal it must act on). */
  let changes = 0;
  /** LEAN_LOOP, asked once per run below (before any handler can run). */
  let lean = false;
  let nextStep: Step | undefined;

  const facts = (): ScheduleFacts => scheduleFacts(snapshot, input);

  const view = (): MeasureView => measureView(snapshot, { ...input, workflowId }, nextStep);

  // Search attributes and Temporal UI details follow every change; unchanged values are not re-upserted so
  // history only grows when something a user can filter on actually changed.
  const searchAttributes = (): SearchAttributeUpdatePair[] =>
    currentSearchAttributes(snapshot, hasAppraisal(snapshot) && patched(APPRAISAL_SEARCH_ATTRIBUTES));
  const signatureOf = (pairs: SearchAttributeUpdatePair[]) =>
    JSON.stringify(pairs.map(({ key, value }) => [key.name, value instanceof Date ? value.getTime() : value]));
  // What the starter already set (import sets the initial values), so the first publish writes nothing.
  const initial = workflowInfo().typedSearchAttributes;
  let published = signatureOf(
    searchAttributes().map(({ key }) => ({ key, value: initial.get(key) ?? null }) as SearchAttributeUpdatePair),
  );
  let shownDetails = '';
  // The memo's title changes only when a plan revision renamed the measure (never in an unamended history).
  let memoTitle = (workflowInfo().memo as { title?: unknown } | undefined)?.title;
  const publish = () => {
    const pairs = searchAttributes();
    const signature = signatureOf(pairs);
    if (signature !== published) {
      upsertSearchAttributes(pairs);
      published = signature;
    }
    const text = details();
    if (text !== shownDetails) setCurrentDetails((shownDetails = text));
    const amendedTitle = snapshot.context.title;
    if (amendedTitle !== undefined && amendedTitle !== memoTitle) upsertMemo({ title: (memoTitle = amendedTitle) });
  };

  /** The title as the plan now says it (a revision may have changed it). */
  const title = () => snapshot.context.title ?? measure.title;
  const details = () => currentDetails(snapshot, title(), nextStep);

  const apply = (event: MeasureEvent) => {
    const result = applyEvent(snapshot, event);
    snapshot = result.snapshot;
    timeline.push(result.entry);
    publish();
  };

  // A signal becomes a system event, kept when the machine accepts it.
  const applySystem = (body: Record<string, unknown>) => {
    const event = { ...body, actor: 'system', at: iso(Date.now()) } as MeasureEvent;
    if (!decide(snapshot, event).ok) return;
    apply(event);
    changes++;
  };
  // 分解: a part reports (kept for a part it has, while the parent is not finished).
  setHandler(partSignal, (report: PartReport) => applySystem({ type: 'PART_UPDATE', ...report }));
  // 分解: the parent's lead changed; a part keeps it for its escalations (no patch: no history has this signal).
  setHandler(parentLeadSignal, ({ lead }) => applySystem({ type: 'PARENT_LEAD', lead }));

  setHandler(snapshotQuery, view);
  setHandler(timelineQuery, () => timeline);
  setHandler(
    eventUpdate,
    // The validator has parsed this request (and replay re-runs handlers only on requests accepted then), so the
    // handler does not parse it a second time.
    // `sentAt` (when the API received it) rides along: a worker that was down must not make an event late.
    ({ actor, event, sentAt }) => {
      apply({ ...event, actor, at: iso(Date.now()), ...(sentAt !== undefined ? { sentAt } : {}) });
      if (!lean || !settledInHandler()) changes++;
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
        const { actor, event, sentAt } = parsed.value;
        const verdict = decide(snapshot, { ...event, actor, at: iso(Date.now()), ...(sentAt ? { sentAt } : {}) });
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
    changes++;
    await send(notificationFromStep(step, measureRef()), step.key);
  };

  const measureRef = () => {
    const ctx = snapshot.context;
    return {
      workflowId,
      planId: input.planId,
      measureId: measure.id,
      title: title(),
      dueAt: epoch(ctx.dueAt) ?? null,
      summary: ctx.progress ? `最新进展 ${ctx.progress.percent}%: ${ctx.progress.note ?? ''}` : undefined,
    };
  };

  const notify = async (notification: Notification, key: string) => {
    try {
      await deliverNotification(notification);
    } catch (err) {
      // A channel that stays broken after every retry must not stop the ladder: the step stays recorded.
      log.error('notification failed after retries', { step: key, error: String(err) });
    }
  };

  // QUEUED_NOTICES: each delivery waits for the one before it; `queued` counts those not finished.
  let queue: Promise<void> = Promise.resolve();
  let queued = 0;
  /** Sends a notice: queued behind the earlier ones (QUEUED_NOTICES), or awaited here in a history from before it. */
  const send = async (notification: Notification, key: string) => {
    if (!patched(QUEUED_NOTICES)) return notify(notification, key);
    queued++;
    queue = queue.then(() => notify(notification, key)).finally(() => void queued--);
  };
  /** Before the run ends or continues as new: every queued notice delivered (or given up). */
  const noticesDelivered = () => condition(() => queued === 0);

  // A notice not tied to a timer step: marked in `fired` (carried over continue-as-new) before it is sent, so it goes
  // out exactly once (the activity's idempotency key covers its retries).
  const sendOnce = async (key: string, build: () => Notification) => {
    if (fired.has(key)) return;
    fired.add(key);
    await send(build(), key);
  };

  // 催办 (URGE) by the supervision group: one notice per URGE. No patch: only histories with an URGE schedule these,
  // and no history before the event existed has one.
  const sendUrges = async () => {
    const urges = snapshot.context.urges ?? [];
    for (let i = 0; i < urges.length; i++) {
      await sendOnce(urgeKey(i), () => notificationFromUrge(i, snapshot.context, measureRef()));
    }
  };

  // 分解: a part reports to its parent after each change (measure.parts.ts).
  const reporter = partReporter(input);

  // One durable timer for the next step, kept while its time stays the same: updates that do not move the next
  // step then add no TimerStarted/TimerCanceled pair to history. Since LAZY_REARM it is also kept when the step
  // moves later (every progress report pushes the next 进展 reminder back): it then wakes the loop early once, the
  // schedule finds nothing due, and the loop arms the real time — one wake-up instead of a pair per report.
  let timer: { at: number; scope: CancellationScope; fired: boolean } | undefined;
  /** Whether arm(at) leaves the timer as it is (no command). */
  const keepsTimer = (at: number | undefined) =>
    timer && !timer.fired
      ? timer.at === at || (at !== undefined && timer.at < at && patched(LAZY_REARM))
      : at === undefined;
  const arm = (at: number | undefined) => {
    if (timer && !timer.fired) {
      if (keepsTimer(at)) return;
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

  // Asked once per run, the newest first: a run that begins with LEAN_LOOP began with code that announces unit
  // changes too, so it records one marker, not two. Changes of who carries the measure from this run's start on
  // are announced (see UNIT_NOTICES).
  lean = patched(LEAN_LOOP);
  const unitNoticesSince = lean || patched(UNIT_NOTICES) ? workflowInfo().runStartTime.getTime() : undefined;
  const sendUnitNotices = async () => {
    if (unitNoticesSince === undefined) return;
    for (const { key, notification } of unitNotices(snapshot.context, measureRef(), unitNoticesSince)) {
      await sendOnce(key, () => notification);
    }
  };

  // What each of the loop's sends would find to do, judged without a promise (see LEAN_LOOP).
  const urgesDue = () => (snapshot.context.urges ?? []).some((_, i) => !fired.has(urgeKey(i)));
  const unitNoticesDue = () =>
    unitNoticesSince !== undefined &&
    unitNotices(snapshot.context, measureRef(), unitNoticesSince).some(({ key }) => !fired.has(key));

  let warnedUncovered = false;
  /** The schedule pass: the next step and the steps due now; skipped steps are marked done. */
  const replan = () => {
    const cal = calendar();
    const plan = planSteps(policy, facts(), Date.now(), fired, cal);
    for (const key of plan.skipped) fired.add(key);
    nextStep = plan.next;
    if (cal && nextStep && !warnedUncovered && !cal.covers(shanghaiDate(nextStep.at))) {
      // Once per run: the step is counted on weekends only until the holiday data covers its year.
      warnedUncovered = true;
      log.warn('no PRC holiday data for this year: working days count weekends only (and the plan’s extra days)', {
        step: nextStep.key,
        dataYears: `${cal.years[0]}–${cal.years.at(-1)}`,
      });
    }
    return plan;
  };
  const historyFull = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength > (input.maxHistoryEvents ?? MAX_HISTORY_EVENTS);

  /**
   * LEAN_LOOP: after an event, when the loop would only sleep again — nothing to send, no step due now, no fresh
   * run due, the same timer — the handler makes the schedule pass itself and the loop is not woken (most progress
   * reports). Whatever would make the loop act wakes it instead, so the commands are the loop's as before.
   */
  const settledInHandler = (): boolean => {
    if (FINAL_STATES.includes(stateOf(snapshot)) || urgesDue() || unitNoticesDue()) return false;
    if (hasPartsToStart(snapshot, fired) || untoldLeadChanges(snapshot, fired).length || reporter.stale(snapshot))
      return false;
    if (replan().fireNow.length || historyFull() || !keepsTimer(nextStep?.at)) return false;
    publish();
    return true;
  };

  publish();
  while (!FINAL_STATES.includes(stateOf(snapshot))) {
    if (lean) {
      if (urgesDue()) await sendUrges();
      if (unitNoticesDue()) await sendUnitNotices();
      if (hasPartsToStart(snapshot, fired)) await startParts(input, workflowId, snapshot, fired);
      if (untoldLeadChanges(snapshot, fired).length) await tellPartsOfLead(workflowId, snapshot, fired);
      if (reporter.stale(snapshot)) await reporter.report(snapshot);
    } else {
      await sendUrges();
      await sendUnitNotices();
      await startParts(input, workflowId, snapshot, fired);
      await tellPartsOfLead(workflowId, snapshot, fired);
      await reporter.report(snapshot);
    }
    const plan = replan();
    if (plan.fireNow.length) {
      for (const step of plan.fireNow) await fire(step);
      continue;
    }
    publish();
    if (historyFull()) {
      await noticesDelivered();
      await condition(allHandlersFinished);
      await continueAsNew<typeof measureWorkflow>({
        ...input,
        carry: { snapshot: persistSnapshot(snapshot), timeline, fired: [...fired] },
      });
    }
    arm(nextStep?.at);
    const seen = changes;
    await condition(() => changes !== seen || timer?.fired === true || reporter.stale(snapshot));
  }
  arm(undefined);
  nextStep = undefined;
  publish();
  await reporter.report(snapshot);
  await noticesDelivered();
  await condition(allHandlersFinished);
  return view();
}

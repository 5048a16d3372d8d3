/**
 * The measure's timetable (docs/domain.md "Time, lights and escalation"), as pure functions of (policy, facts, now):
 * which reminders, 催办 and 督办升级 steps are due, which one comes next, and the traffic light. No clock and no I/O
 * here, so the workflow calls it with workflow time and unit tests call it with any instant.
 *
 * Three independent ladders, each existing only while it makes sense:
 * - deadline ladder (assigned / in_progress, with a due time): remind → overdue → escalate → weekly repeats;
 * - verification SLA (submitted): remind the supervision group, then the coordinator;
 * - progress cadence (in_progress): remind the lead department after each silent period.
 * Anything that changes the facts (submit, extension, progress report, reject) simply changes what this returns;
 * the caller keeps only the set of step keys it has fired.
 *
 * A rule the policy counts in working days is laid on the working-day calendar (calendar.ts) at the same Beijing
 * wall-clock time; a policy without working days never consults the calendar and keeps its instants to the ms.
 */
import type { Light } from '../domain/events';
import type { EscalationPolicy, PolicyRule } from '../domain/policy';
import { addWorkdaysAt, shanghaiDate, workCalendar, type WorkCalendar } from './calendar';
import { gradedLight, gradeStart, lateBy, lightAt as measureLight } from './light';
import { reportPeriods } from './reports';
import type { MeasureState } from './states';
import type { RECIPIENT_ROLES, StepKind } from './words';

export interface ScheduleFacts {
  state: MeasureState;
  /** Epoch ms; null = 持续推进 (ongoing): no deadline ladder, always green. */
  dueAt: number | null;
  submittedAt?: number;
  verifiedAt?: number;
  startedAt?: number;
  lastProgressAt?: number;
  /** 交办: when the measure was assigned (the 签收 deadline counts from it). */
  assignedAt?: number;
  /** 牵头部门. */
  lead: string[];
  /** 责任领导. */
  leaders: string[];
  /** The joint supervision group's departments (联合督导组). */
  supervisors: string[];
  /** The coordinating office (统筹协调). */
  coordinator?: string;
  /** 分解: the parent measure's 牵头部门, when this measure is a part (its level-2 escalation reaches them). */
  parentLead?: string[];
  /**
   * Since when duban has been running this measure's ladders without a break (assignment, or the last rejection):
   * steps due before it collapse into one, steps due after it are each delivered (see planSteps).
   */
  watchedSince?: number;
  /**
   * The end of the last 缓办 (RESUME): steps of the moved ladders due by then stand for steps already handled before
   * the pause, so they are marked done without sending; the progress cadence counts afresh from it.
   */
  resumedAt?: number;
}

export { RECIPIENT_ROLES, STEP_KINDS, type StepKind } from './words';

export interface Recipient {
  role: (typeof RECIPIENT_ROLES)[number];
  name: string;
}

export interface Step {
  /**
   * Stable identity `<kind>:<rung>:<at>`. On the deadline ladder the rung is the level; on the verification and
   * progress ladders it is the step's position (1, 2, …), so a key never changes when only the level would.
   * `at` makes it move with the facts: an extension or a new progress report yields new keys.
   */
  key: string;
  kind: StepKind;
  /** Epoch ms when the step is due. */
  at: number;
  /**
   * DubanEscalation after this step: remind 0, overdue 1 (催办 the leaders), escalate 2 (督办 by the supervision group).
   * Weekly repeats stay at 2 — the level says who is involved, not how many reminders went out; other ladders keep
   * the current level.
   */
  level: number;
  light: Light;
  recipients: Recipient[];
}

export interface PlannedSteps {
  /** Due at or before `now` and not yet fired, oldest first. */
  fireNow: Step[];
  /** Keys of due steps superseded by a later step of the same ladder: mark them done without sending. */
  skipped: string[];
  /** The earliest future step: sleep until `next.at` or until the facts change. */
  next?: Step;
}

const ACTIVE: ReadonlySet<MeasureState> = new Set(['assigned', 'in_progress']);
const FINISHED: ReadonlySet<MeasureState> = new Set(['submitted', 'verified', 'closed']);

/**
 * What to send now, what to mark done silently, and what comes next.
 *
 * Steps that fell due before duban started watching the ladder (`facts.watchedSince`: a plan imported long after
 * its deadline, or a submission that sat for weeks before it was rejected) are collapsed: only the latest of each ladder is fired, so nobody receives a burst of stale messages,
 * and its recipients are widened to everyone the superseded steps would have told, each once. Steps that fell due
 * while duban was watching but could not act (a worker outage) each still go out, late and in order: every
 * rung of the ladder tells different people something different. Without `watchedSince`, everything collapses.
 */
export function planSteps(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  now: number,
  fired: ReadonlySet<string>,
  calendar: WorkCalendar = policyCalendar(policy),
): PlannedSteps {
  const { watchedSince } = facts;
  const fireNow: Step[] = [];
  const skipped: string[] = [];
  let next: Step | undefined;

  for (const ladder of ladders(policy, facts, calendar)) {
    const due: Step[] = [];
    let upcoming: Step | undefined;
    for (const s of ladder) {
      if (s.at <= now && facts.resumedAt !== undefined && s.at <= facts.resumedAt) {
        // Due by the end of the last 缓办: it stands for a step handled before the pause (see ScheduleFacts).
        if (!fired.has(s.key)) skipped.push(s.key);
      } else if (s.at <= now) {
        due.push(s);
      } else if (!fired.has(s.key)) {
        upcoming = s;
        break;
      }
    }
    const pending = due.filter((s) => !fired.has(s.key));
    const missed = watchedSince === undefined ? [] : pending.filter((s) => s.at >= watchedSince);
    const latest = due.at(-1);
    if (missed.length) {
      fireNow.push(...missed);
      skipped.push(...pending.filter((s) => s.at < watchedSince!).map((s) => s.key));
    } else if (latest && !fired.has(latest.key)) {
      fireNow.push({ ...latest, recipients: unique(pending.toReversed().flatMap((s) => s.recipients)) });
      skipped.push(...pending.filter((s) => s !== latest).map((s) => s.key));
    } else {
      // The latest due step already went out: anything older still unmarked is stale.
      skipped.push(...pending.map((s) => s.key));
    }
    if (upcoming && (!next || upcoming.at < next.at)) next = upcoming;
  }

  fireNow.sort((a, b) => a.at - b.at);
  return { fireNow, skipped, ...(next ? { next } : {}) };
}

/** The working-day calendar a policy's rules are laid on: the PRC data plus the plan's and deployment's extra days. */
export function policyCalendar(
  policy: Pick<EscalationPolicy, 'calendar'>,
  useYear?: (year: number) => boolean,
): WorkCalendar {
  return workCalendar(policy.calendar, useYear);
}

/** `at` moved by `times` lengths of `rule` (negative: back), in calendar time or in the policy's working days. */
function shift(policy: EscalationPolicy, calendar: WorkCalendar, rule: PolicyRule, at: number, times: number): number {
  const workdays = policy.workdays?.[rule];
  if (workdays !== undefined) return addWorkdaysAt(calendar, at, times * workdays);
  return at + times * (policy[`${rule}Ms`] ?? 0);
}

/** What the reminder's instant depends on (the machine keeps it to judge the light when the due time moves). */
export type ReminderPolicy = Pick<EscalationPolicy, 'remindBeforeMs' | 'workdays' | 'calendar'>;

/** A reminder window in working days as the machine keeps it: the rule, and the data years admitted at creation. */
export interface YellowRule {
  policy: ReminderPolicy;
  dataThrough: number;
}

/**
 * The machine's reminder window for a new measure: its length for this due time and, when the policy counts in
 * working days (`calendar` given), the rule to judge it again when the due time moves.
 */
export function yellowWindow(
  policy: EscalationPolicy,
  dueAt: number | null,
  calendar?: WorkCalendar,
): { yellowWithinMs: number; yellowRule?: YellowRule } {
  if (!calendar || !policy.workdays) return { yellowWithinMs: policy.remindBeforeMs };
  const { remindBeforeMs, workdays, calendar: extras } = policy;
  return {
    yellowWithinMs: dueAt === null ? remindBeforeMs : dueAt - remindAt(policy, dueAt, calendar),
    yellowRule: {
      policy: { remindBeforeMs, workdays, ...(extras ? { calendar: extras } : {}) },
      dataThrough: calendar.years.at(-1) ?? 0,
    },
  };
}

/**
 * When the deadline REMIND goes out (and the light turns yellow) for a measure due at `dueAt`. In a policy that
 * counts in working days, a reminder that calendar time would put on a day off moves back to the working day before.
 */
export function remindAt(policy: ReminderPolicy, dueAt: number, calendar = policyCalendar(policy)): number {
  const workdays = policy.workdays?.remindBefore;
  const at = workdays === undefined ? dueAt - policy.remindBeforeMs : addWorkdaysAt(calendar, dueAt, -workdays);
  const date = shanghaiDate(at);
  if (!policy.workdays || calendar.isWorkday(date)) return at;
  return addWorkdaysAt(calendar, at, -1);
}

/** When the deadline ladder escalates (level 2) for a measure due at `dueAt`. */
function escalateAt(policy: EscalationPolicy, dueAt: number, calendar: WorkCalendar): number {
  return shift(policy, calendar, 'escalateAfter', dueAt, 1);
}

/** The traffic light at `now` under `policy` (the rule is light.ts's; the reminder window is the yellow one). */
export function lightAt(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  now: number,
  calendar: WorkCalendar = policyCalendar(policy),
): Light {
  const grades = policy.lights;
  if (grades && facts.assignedAt !== undefined && ACTIVE.has(facts.state)) {
    return gradedLight(facts.dueAt, now, facts.assignedAt, grades);
  }
  const window = facts.dueAt === null ? policy.remindBeforeMs : facts.dueAt - remindAt(policy, facts.dueAt, calendar);
  return measureLight(facts.state, facts.dueAt, now, window);
}

/** How late a submission was, in ms (0 when on time or when the measure has no deadline). */
export function lateness(facts: Pick<ScheduleFacts, 'dueAt'>, submittedAt: number): number {
  return lateBy(facts.dueAt, submittedAt);
}

/**
 * DubanEscalation at `now`: the deadline ladder's level reached so far. Once submitted it stays where it was at
 * SUBMIT; a measure without a deadline stays at 0.
 */
export function escalationLevel(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  now: number,
  calendar: WorkCalendar = policyCalendar(policy),
): number {
  if (facts.dueAt === null) return 0;
  const t = FINISHED.has(facts.state) && facts.submittedAt !== undefined ? Math.min(now, facts.submittedAt) : now;
  if (t < facts.dueAt) return 0;
  if (t < escalateAt(policy, facts.dueAt, calendar)) return 1;
  return 2;
}

/** The ladders that exist in the current state, each as a (possibly infinite) time-ordered sequence. */
function ladders(policy: EscalationPolicy, facts: ScheduleFacts, calendar: WorkCalendar): Array<Iterable<Step>> {
  const out: Array<Iterable<Step>> = [];
  if (ACTIVE.has(facts.state) && facts.dueAt !== null) {
    out.push(deadlineLadder(policy, facts, facts.dueAt, calendar));
  }
  if (facts.state === 'submitted' && facts.submittedAt !== undefined) {
    out.push(verificationLadder(policy, facts, facts.submittedAt, calendar));
  }
  if (facts.state === 'assigned' && facts.assignedAt !== undefined && hasRule(policy, 'acknowledgeWithin')) {
    out.push(acknowledgeLadder(policy, facts, facts.assignedAt, calendar));
  }
  const lastWord = facts.lastProgressAt ?? facts.startedAt;
  const quietSince =
    lastWord === undefined || facts.resumedAt === undefined ? lastWord : Math.max(lastWord, facts.resumedAt);
  if (facts.state === 'in_progress' && quietSince !== undefined) {
    out.push(progressLadder(policy, facts, quietSince, calendar));
  }
  if (facts.state === 'in_progress' && facts.startedAt !== undefined && policy.reports) {
    out.push(reportLadder(policy, facts, facts.startedAt, calendar));
  }
  return out;
}

function* deadlineLadder(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  dueAt: number,
  calendar: WorkCalendar,
): Generator<Step> {
  const lead = people('dept', facts.lead);
  const leaders = people('leader', facts.leaders);
  const supervisors = people('supervisor', facts.supervisors);
  const coordinator = facts.coordinator ? people('coordinator', [facts.coordinator]) : [];
  const grades = facts.assignedAt !== undefined ? policy.lights : undefined;
  if (grades) {
    // Graded lights: the reminder goes out when the light turns yellow, the 预警 to the leaders when it turns orange.
    yield step('remind', 0, gradeStart(dueAt, facts.assignedAt!, grades.yellow), 0, 'yellow', lead);
    if (grades.orange !== undefined) {
      yield step('warn', 0, gradeStart(dueAt, facts.assignedAt!, grades.orange), 0, 'orange', [...lead, ...leaders]);
    }
  } else {
    yield step('remind', 0, remindAt(policy, dueAt, calendar), 0, 'yellow', lead);
  }
  // OVERDUE is the due instant itself, working days or not: the deadline is what the plan wrote.
  yield step('overdue', 1, dueAt, 1, 'red', [...lead, ...leaders]);
  const escalated = escalateAt(policy, dueAt, calendar);
  // A part's escalation reaches its parent's lead department before the supervision group (分解).
  const parentLead = people('dept', facts.parentLead ?? []);
  yield step('escalate', 2, escalated, 2, 'red', [...parentLead, ...supervisors, ...coordinator]);
  // Weekly repeats never end by themselves; the generator is consumed only up to the first future step.
  // Each repeat one period after the one before (the same instants as escalated + n periods, without recounting).
  for (let n = 1, at = escalated; ; n++) {
    // The rung (2 + n) keeps each repeat's key distinct; the level stays 2.
    at = shift(policy, calendar, 'repeatEvery', at, 1);
    yield step('escalate', 2 + n, at, 2, 'red', [...leaders, ...supervisors]);
  }
}

function* verificationLadder(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  submittedAt: number,
  calendar: WorkCalendar,
): Generator<Step> {
  const level = escalationLevel(policy, facts, submittedAt, calendar);
  const remindAt = shift(policy, calendar, 'verifyRemindAfter', submittedAt, 1);
  const supervisors = people('supervisor', facts.supervisors);
  yield step('verify_remind', 1, remindAt, level, 'green', supervisors);
  // Without a coordinator the supervision group stays responsible, so the second step goes to it again.
  const escalateTo = facts.coordinator ? people('coordinator', [facts.coordinator]) : supervisors;
  const escalateAt = shift(policy, calendar, 'verifyEscalateAfter', remindAt, 1);
  yield step('verify_escalate', 2, escalateAt, level, 'green', escalateTo);
}

function* progressLadder(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  quietSince: number,
  calendar: WorkCalendar,
): Generator<Step> {
  const lead = people('dept', facts.lead);
  for (let n = 1, at = quietSince; ; n++) {
    at = shift(policy, calendar, 'progressEvery', at, 1);
    const level = escalationLevel(policy, facts, at, calendar);
    yield step('progress_remind', n, at, level, lightAt(policy, facts, at, calendar), lead);
  }
}

/**
 * 漏报: each reporting period (reports.ts) that ends without a progress report in it is one step, to the lead
 * department. Reporting owes nothing while the work sat submitted or paused, so periods count from the latest of
 * 签收, the last rejection and the last resume. Only the latest report is known: one made after a period's end
 * (an update that waited for a worker) counts for it — the lenient reading.
 */
function* reportLadder(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  startedAt: number,
  calendar: WorkCalendar,
): Generator<Step> {
  const lead = people('dept', facts.lead);
  const base = Math.max(startedAt, facts.watchedSince ?? 0, facts.resumedAt ?? 0);
  let n = 0;
  for (const period of reportPeriods(policy.reports!, base)) {
    n++;
    if (facts.lastProgressAt !== undefined && facts.lastProgressAt >= period.start) continue;
    const level = escalationLevel(policy, facts, period.end, calendar);
    yield step('report_missed', n, period.end, level, lightAt(policy, facts, period.end, calendar), lead);
  }
}

/** Whether the policy sets a rule that has no default (签收). */
function hasRule(policy: EscalationPolicy, rule: PolicyRule): boolean {
  return policy.workdays?.[rule] !== undefined || policy[`${rule}Ms`] !== undefined;
}

/**
 * 签收 (acknowledge = START) within the policy's time of 交办: when missed, 催办 the lead department; each period
 * after that, the lead department and the responsible leaders. Ends with START (the state leaves `assigned`).
 */
function* acknowledgeLadder(
  policy: EscalationPolicy,
  facts: ScheduleFacts,
  assignedAt: number,
  calendar: WorkCalendar,
): Generator<Step> {
  const lead = people('dept', facts.lead);
  const leaders = people('leader', facts.leaders);
  for (let n = 1, at = assignedAt; ; n++) {
    at = shift(policy, calendar, 'acknowledgeWithin', at, 1);
    const level = escalationLevel(policy, facts, at, calendar);
    const to = n === 1 ? lead : [...lead, ...leaders];
    yield step('acknowledge_remind', n, at, level, lightAt(policy, facts, at, calendar), to);
  }
}

function step(kind: StepKind, rung: number, at: number, level: number, light: Light, recipients: Recipient[]): Step {
  return { key: `${kind}:${rung}:${at}`, kind, at, level, light, recipients: unique(recipients) };
}

function people(role: Recipient['role'], names: readonly string[]): Recipient[] {
  return names.map((name) => ({ role, name }));
}

function unique(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((r) => {
    const id = `${r.role}:${r.name}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

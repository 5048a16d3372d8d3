/**
 * The measure lifecycle as a pure XState v5 machine (docs/domain.md "Lifecycle"): its context, its events' effects
 * and its guards. No Temporal import: the workflow feeds it events stamped with workflow time and keeps its
 * snapshot. Who may send what is permissions.ts's table; the light is light.ts's rule; callers judge events with
 * decide.ts and apply them with snapshot.ts, never with the machine directly.
 */
import { and, setup, assign, type SnapshotFrom } from 'xstate';
import type { Actor, Attachment, EventType, Light, MeasureEvent } from '../domain/events';
import {
  changedUnits,
  changeUnits,
  reassignProblem,
  sameUnits,
  transferProblem,
  transferredUnits,
  type TransferRequest,
  type UnitChange,
} from './assignment';
import type { LightGrades } from '../domain/policy';
import { gradedLight, lateBy, openLight } from './light';
import { appraisalDue, pauseProblem, resumedDue, type ActivePause, type PauseRecord, type PauseRequest } from './pause';
import { isPermitted } from './permissions';
import { DEFAULT_GRADE, FAIL_GRADE, type Grading } from './quality';
import { policyCalendar, remindAt, type YellowRule } from './schedule';
import {
  closeSplitProblem,
  isKnownPart,
  reported,
  splitOf,
  splitProblem,
  submitProblem,
  type ParentRef,
  type PartReport,
  type Split,
} from './split';
import { STATES } from './states';
import type { MeasureState } from './states';

export interface Stamp {
  by: Actor;
  at: string;
}
export interface Progress extends Stamp {
  percent: number;
  note?: string;
  attachments: Attachment[];
}
export interface ExtensionRequest extends Stamp {
  newDueAt: string;
  reason: string;
}
export interface TimelineEntry {
  at: string;
  type: EventType;
  actor: Actor;
  from: MeasureState;
  to: MeasureState;
  detail?: string;
  /** When the API received the event, when the workflow took it a second or more later (a worker was down). */
  sentAt?: string;
  /** The event's 佐证材料 (REPORT_PROGRESS, SUBMIT), when it named any. */
  attachments?: Attachment[];
}

export interface MeasureInput {
  measureId: string;
  lead: string[];
  support: string[];
  leaders: string[];
  /** null: 持续推进, no deadline. */
  dueAt: string | null;
  /** How long before the due time the light turns yellow (the policy's reminder window). */
  yellowWithinMs: number;
  /**
   * A reminder window in working days: the light turns yellow at the schedule's REMIND instant for whatever due
   * time the measure has (an extension, a rejection), laid on the calendar with the data years the workflow had
   * admitted at creation (`dataThrough`), so a later data release never changes a recorded light.
   */
  yellowRule?: YellowRule;
  /** The plan's graded lights (policy.lights): yellow and orange by the share of the span 交办 → due time left. */
  lights?: LightGrades;
  /** Workflow time at creation. */
  at: string;
  /** 分解: this measure is a part of another (its escalations reach the parent's lead too). */
  parent?: ParentRef;
}

export interface MeasureContext extends Omit<MeasureInput, 'at'> {
  assignedAt: string;
  originalDueAt: string | null;
  light: Light;
  escalation: number;
  rejections: number;
  lastRejection?: Stamp & { reason: string };
  progress?: Progress;
  pendingExtension?: ExtensionRequest;
  /** Approved extensions: requests approved, and new due times the supervision group set itself (with a reason). */
  extensions: Array<Stamp & { from: string | null; to: string; reason?: string }>;
  started?: Stamp;
  submitted?: Stamp & { lateMs: number; note?: string };
  verified?: Stamp;
  /** The last quality judgment (验收 grade, or 不合格); absent until the first VERIFY or FAIL_QUALITY. */
  quality?: Grading;
  closed?: Stamp;
  cancelled?: Stamp & { reason: string };
  /** The last timer step that notified someone. */
  lastNotice?: { step: string; at: string };
  /** The title as a plan revision changed it (absent: the imported one). */
  title?: string;
  /** The last plan revision applied to this measure (AMEND). */
  lastAmendment?: Stamp & { revision: number; reason: string };
  /** 改派 / 转办: every change of the units, oldest first (absent until the first; see assignment.ts). */
  unitChanges?: UnitChange[];
  /** 转办: waiting for the receiving unit to accept or refuse. */
  pendingTransfer?: TransferRequest;
  /** 催办 by the supervision group (URGE), oldest first: the workflow sends one notice for each. */
  urges?: Array<Stamp & { note?: string }>;
  /** 缓办: a request awaiting a 责任领导 or the supervision group, the pause in force, and finished pauses. */
  pendingPause?: PauseRequest;
  paused?: ActivePause;
  pauses?: PauseRecord[];
  /** 漏报: reporting periods that ended without a progress report (policy.reports), counted for the appraisal. */
  missedReports?: number;
  /** 分解: the parts this measure was split into, as they last reported (split.ts). */
  split?: Split;
}

/** What an AMEND can change on a measure. */
export type AmendField = 'title' | 'lead' | 'support' | 'leaders' | 'dueAt';

const ms = (iso: string) => new Date(iso).getTime();

/** What the light is judged by when the due time moves: the reminder window or the graded lights. */
type LightRule = Pick<MeasureInput, 'yellowWithinMs' | 'yellowRule' | 'lights'> & { assignedAt: string };

/** The light right after the due time moved (an approved extension, a rejection): the timers take over from there. */
function lightForDue(dueAt: string | null, at: string, window: LightRule) {
  const due = dueAt === null ? null : ms(dueAt);
  if (window.lights) return gradedLight(due, ms(at), ms(window.assignedAt), window.lights);
  const rule = window.yellowRule;
  if (due === null || !rule) return openLight(due, ms(at), window.yellowWithinMs);
  const calendar = policyCalendar(rule.policy, (year) => year <= rule.dataThrough);
  return openLight(due, ms(at), due - remindAt(rule.policy, due, calendar));
}

type Ev<T extends EventType> = Extract<MeasureEvent, { type: T }>;

/**
 * The due time moves to `to` (an approved extension, a plan amendment): the light is judged afresh for the new
 * due time and the ladder starts again from level 0; the timers follow from the schedule. Work already handed in
 * keeps its light and level (finished work is green).
 */
function moveDue(context: MeasureContext, to: string | null, at: string) {
  // Finished work keeps its light; paused work stays grey until RESUME lays the new due time on the calendar.
  if (context.submitted || context.paused) return { dueAt: to };
  return { dueAt: to, light: lightForDue(to, at, context), escalation: 0 };
}

/** The context once the due time moved to `to` (an approved request or a directly granted extension). */
function extendedTo(context: MeasureContext, to: string, record: Stamp & { reason?: string }) {
  return {
    ...moveDue(context, to, record.at),
    // A request still pending is superseded by the new due time.
    pendingExtension: undefined,
    extensions: [...context.extensions, { ...record, from: context.dueAt, to }],
  };
}

const sameInstant = (a: string | null, b: string | null) => (a === null || b === null ? a === b : ms(a) === ms(b));

/** The fields an AMEND really changes on this measure (empty: it would change nothing). */
export function amendedFields(ctx: MeasureContext, event: MeasureEvent): AmendField[] {
  if (event.type !== 'AMEND') return [];
  const fields: AmendField[] = [];
  // The imported title is the view's, not the machine's: the caller sends a title only when it differs from it.
  if (event.title !== undefined && event.title !== ctx.title) fields.push('title');
  fields.push(...changedUnits(ctx, event));
  if (event.dueAt !== undefined && !sameInstant(event.dueAt, ctx.dueAt)) fields.push('dueAt');
  return fields;
}
export const measureMachine = setup({
  types: {
    context: {} as MeasureContext,
    events: {} as MeasureEvent,
    input: {} as MeasureInput,
  },
  guards: {
    permitted: ({ context, event }) => isPermitted(event.actor, event.type, context),
    extensionAllowed: ({ context, event }) => extensionProblem(context, event) === undefined,
    hasPendingExtension: ({ context }) => context.pendingExtension !== undefined,
    amendsSomething: ({ context, event }) => amendedFields(context, event).length > 0,
    reassignAllowed: ({ context, event }) => reassignProblem(context, event) === undefined,
    transferAllowed: ({ context, event }) => transferProblem(context, event) === undefined,
    hasPendingTransfer: ({ context }) => context.pendingTransfer !== undefined,
    pauseAllowed: ({ context, event }) => pauseProblem(context, event) === undefined,
    hasPendingPause: ({ context }) => context.pendingPause !== undefined,
    pausedWhileAssigned: ({ context }) => context.paused?.from === 'assigned',
    splitAllowed: ({ context, event }) => splitProblem(context, event) === undefined,
    closeSplitAllowed: ({ context, event }) => closeSplitProblem(context, event) === undefined,
    submitAllowed: ({ context, event }) => submitProblem(context, event) === undefined,
    knownPart: ({ context, event }) =>
      event.type === 'PART_UPDATE' &&
      isKnownPart(context.split, event.part) &&
      (STATES as readonly string[]).includes(event.state),
    // Only a part hears of its parent's lead, and only a change is recorded.
    newParentLead: ({ context, event }) =>
      event.type === 'PARENT_LEAD' && context.parent !== undefined && !sameUnits(context.parent.lead, event.lead),
  },
  actions: {
    start: assign({ started: ({ event }) => ({ by: event.actor, at: event.at }) }),
    progress: assign({
      progress: ({ event }) => {
        const e = event as Ev<'REPORT_PROGRESS'>;
        return { by: e.actor, at: e.at, percent: e.percent, note: e.note, attachments: e.attachments ?? [] };
      },
    }),
    submit: assign(({ context, event }) => {
      const e = event as Ev<'SUBMIT'>;
      // Judged against the original (or extended) due time: a 缓办 moves the timers, not the appraisal.
      const due = appraisalDue(context);
      const lateMs = lateBy(due === null ? null : ms(due), madeAt(e));
      // Lateness is judged at SUBMIT; finished work is green (docs/domain.md), the lateness stays on record.
      // Handing the work in withdraws a 转办 still waiting for its receiver: the lead did the work itself.
      return { submitted: { by: e.actor, at: e.at, lateMs, note: e.note }, light: 'green', pendingTransfer: undefined };
    }),
    // FAIL_QUALITY sends the work back exactly as REJECT does (counted as a rejection), graded 不合格.
    reject: assign(({ context, event }) => {
      const e = event as Ev<'REJECT' | 'FAIL_QUALITY'>;
      return {
        rejections: context.rejections + 1,
        lastRejection: { by: e.actor, at: e.at, reason: e.reason },
        submitted: undefined,
        light: lightForDue(context.dueAt, e.at, context),
      };
    }),
    verify: assign(({ event }) => {
      const e = event as Ev<'VERIFY'>;
      const quality: Grading = { grade: e.grade ?? DEFAULT_GRADE, by: e.actor, at: e.at };
      if (e.note !== undefined) quality.note = e.note;
      if (e.grade === undefined) quality.defaulted = true;
      return { verified: { by: e.actor, at: e.at }, quality };
    }),
    failQuality: assign({
      quality: ({ event }) => {
        const e = event as Ev<'FAIL_QUALITY'>;
        return { grade: FAIL_GRADE, by: e.actor, at: e.at, note: e.reason };
      },
    }),
    close: assign({ closed: ({ event }) => ({ by: event.actor, at: event.at }) }),
    cancel: assign({
      cancelled: ({ event }) => ({ by: event.actor, at: event.at, reason: (event as Ev<'CANCEL'>).reason }),
    }),
    requestExtension: assign({
      pendingExtension: ({ event }) => {
        const e = event as Ev<'REQUEST_EXTENSION'>;
        return { by: e.actor, at: e.at, newDueAt: e.newDueAt, reason: e.reason };
      },
    }),
    approveExtension: assign(({ context, event }) =>
      extendedTo(context, context.pendingExtension!.newDueAt, { by: event.actor, at: event.at }),
    ),
    extend: assign(({ context, event }) => {
      const e = event as Ev<'EXTEND'>;
      return extendedTo(context, e.newDueAt, { by: e.actor, at: e.at, reason: e.reason });
    }),
    urge: assign({
      urges: ({ context, event }) => [
        ...(context.urges ?? []),
        { by: event.actor, at: event.at, ...((event as Ev<'URGE'>).note ? { note: (event as Ev<'URGE'>).note } : {}) },
      ],
    }),
    amend: assign(({ context, event }) => {
      const e = event as Ev<'AMEND'>;
      const fields = amendedFields(context, e);
      const due = fields.includes('dueAt') ? e.dueAt! : context.dueAt;
      const pending = context.pendingExtension;
      const units = fields.includes('lead') || fields.includes('support');
      return {
        ...(units
          ? changeUnits(
              context,
              { ...(e.lead ? { lead: e.lead } : {}), ...(e.support ? { support: e.support } : {}) },
              { by: e.actor, at: e.at, kind: 'amend', reason: e.reason },
            )
          : {}),
        ...(fields.includes('leaders') ? { leaders: [...e.leaders!] } : {}),
        ...(fields.includes('title') ? { title: e.title } : {}),
        // The plan's own deadline moved: it is the measure's deadline now (earlier extensions stay on record).
        ...(fields.includes('dueAt') ? { ...moveDue(context, due, e.at), originalDueAt: due } : {}),
        // A pending request for a due time no later than the new one has nothing left to ask for.
        ...(pending && (due === null || ms(pending.newDueAt) <= ms(due)) ? { pendingExtension: undefined } : {}),
        lastAmendment: { by: e.actor, at: e.at, revision: e.revision, reason: e.reason },
      };
    }),
    denyExtension: assign({ pendingExtension: undefined }),
    reassign: assign(({ context, event }) => {
      const e = event as Ev<'REASSIGN'>;
      const to = { ...(e.lead ? { lead: e.lead } : {}), ...(e.support ? { support: e.support } : {}) };
      // The supervision group's decision supersedes a 转办 still waiting for its receiver.
      return {
        ...changeUnits(context, to, { by: e.actor, at: e.at, kind: 'reassign', reason: e.reason }),
        pendingTransfer: undefined,
      };
    }),
    requestTransfer: assign(({ context, event }) => {
      const e = event as Ev<'TRANSFER_REQUEST'>;
      // unitChanges present from here on: the receiver is published in DubanSupport while it is pending.
      return {
        pendingTransfer: { by: e.actor, at: e.at, to: e.to, reason: e.reason },
        unitChanges: context.unitChanges ?? [],
      };
    }),
    acceptTransfer: assign(({ context, event }) => {
      const transfer = context.pendingTransfer!;
      const record = { by: event.actor, at: event.at, kind: 'transfer' as const, reason: transfer.reason };
      return { ...changeUnits(context, transferredUnits(context, transfer), record), pendingTransfer: undefined };
    }),
    refuseTransfer: assign({ pendingTransfer: undefined }),
    requestPause: assign({
      pendingPause: ({ event }) => {
        const e = event as Ev<'REQUEST_PAUSE'>;
        return {
          by: e.actor,
          at: e.at,
          reason: e.reason,
          ...(e.expectedResumeAt ? { expectedResumeAt: e.expectedResumeAt } : {}),
        };
      },
    }),
    approvePause: assign(({ context, event }) => ({
      pendingPause: undefined,
      // Only 签收 (START) leaves `assigned`, and nothing returns to it.
      paused: {
        ...context.pendingPause!,
        approvedBy: event.actor,
        pausedAt: event.at,
        from: context.started ? 'in_progress' : 'assigned',
      } as const,
      light: 'grey' as const,
    })),
    denyPause: assign({ pendingPause: undefined }),
    resume: assign(({ context, event }) => {
      const pause = context.paused!;
      const { dueTo, shift } = resumedDue(context.dueAt, pause.pausedAt, event.at, context.yellowRule);
      const record: PauseRecord = {
        ...pause,
        resumedBy: event.actor,
        resumedAt: event.at,
        dueFrom: context.dueAt,
        dueTo,
        shift,
      };
      // An extension asked for before the pause that the move has overtaken would bring the due time forward.
      const overtaken =
        context.pendingExtension && dueTo !== null && ms(context.pendingExtension.newDueAt) <= ms(dueTo);
      return {
        dueAt: dueTo,
        ...(overtaken ? { pendingExtension: undefined } : {}),
        paused: undefined,
        pauses: [...(context.pauses ?? []), record],
        light: lightForDue(dueTo, event.at, context),
        // Like an extension: a due time ahead again starts the ladder afresh; still overdue keeps the level reached.
        escalation: dueTo !== null && ms(dueTo) > ms(event.at) ? 0 : context.escalation,
      };
    }),
    step: assign(({ event }) => {
      const e = event as Ev<'REMIND' | 'OVERDUE' | 'ESCALATE'>;
      return { light: e.light, escalation: e.level, lastNotice: { step: e.step, at: e.at } };
    }),
    missedReport: assign(({ context, event }) => {
      const e = event as Ev<'MISSED_REPORT'>;
      return {
        light: e.light,
        escalation: e.level,
        lastNotice: { step: e.step, at: e.at },
        missedReports: (context.missedReports ?? 0) + 1,
      };
    }),
    split: assign({ split: ({ context, event }) => splitOf(context, event as Ev<'SPLIT'>) }),
    closeSplit: assign({
      split: ({ context, event }) => ({
        ...context.split!,
        closed: { by: event.actor, at: event.at, reason: (event as Ev<'CLOSE_SPLIT'>).reason },
      }),
    }),
    partUpdate: assign({
      split: ({ context, event }) => {
        const { part, state, light, escalation } = event as Ev<'PART_UPDATE'>;
        return reported(context.split!, { part, state, light, escalation } as PartReport, event.at);
      },
    }),
    parentLead: assign({
      parent: ({ context, event }) => ({ ...context.parent!, lead: [...(event as Ev<'PARENT_LEAD'>).lead] }),
    }),
    notice: assign({
      lastNotice: ({ event }) => ({ step: (event as Ev<'REMIND' | 'ESCALATE'>).step, at: event.at }),
    }),
  },
}).createMachine({
  id: 'measure',
  initial: 'open',
  context: ({ input }) => ({
    measureId: input.measureId,
    lead: input.lead,
    support: input.support,
    leaders: input.leaders,
    dueAt: input.dueAt,
    yellowWithinMs: input.yellowWithinMs,
    ...(input.yellowRule ? { yellowRule: input.yellowRule } : {}),
    ...(input.lights ? { lights: input.lights } : {}),
    assignedAt: input.at,
    originalDueAt: input.dueAt,
    light: lightForDue(input.dueAt, input.at, { ...input, assignedAt: input.at }),
    escalation: 0,
    rejections: 0,
    extensions: [],
    ...(input.parent ? { parent: input.parent } : {}),
  }),
  states: {
    // 已交办 and 办理中 share what can happen before the work is handed in: extensions, timer steps, cancellation.
    // The parent is an implementation detail; stateOf() reports the leaf ('assigned' / 'in_progress').
    open: {
      initial: 'assigned',
      on: {
        REQUEST_EXTENSION: { guard: and(['permitted', 'extensionAllowed']), actions: 'requestExtension' },
        APPROVE_EXTENSION: { guard: and(['permitted', 'hasPendingExtension']), actions: 'approveExtension' },
        DENY_EXTENSION: { guard: and(['permitted', 'hasPendingExtension']), actions: 'denyExtension' },
        REQUEST_PAUSE: { guard: and(['permitted', 'pauseAllowed']), actions: 'requestPause' },
        APPROVE_PAUSE: {
          guard: and(['permitted', 'hasPendingPause']),
          target: '#measure.paused',
          actions: 'approvePause',
        },
        DENY_PAUSE: { guard: and(['permitted', 'hasPendingPause']), actions: 'denyPause' },
        REMIND: { guard: 'permitted', actions: 'step' },
        OVERDUE: { guard: 'permitted', actions: 'step' },
        ESCALATE: { guard: 'permitted', actions: 'step' },
        MISSED_REPORT: { guard: 'permitted', actions: 'missedReport' },
        CANCEL: { guard: 'permitted', target: 'cancelled', actions: 'cancel' },
        AMEND: { guard: and(['permitted', 'amendsSomething']), actions: 'amend' },
        REASSIGN: { guard: and(['permitted', 'reassignAllowed']), actions: 'reassign' },
        TRANSFER_REQUEST: { guard: and(['permitted', 'transferAllowed']), actions: 'requestTransfer' },
        TRANSFER_ACCEPT: { guard: and(['permitted', 'hasPendingTransfer']), actions: 'acceptTransfer' },
        TRANSFER_REFUSE: { guard: and(['permitted', 'hasPendingTransfer']), actions: 'refuseTransfer' },
        EXTEND: { guard: and(['permitted', 'extensionAllowed']), actions: 'extend' },
        URGE: { guard: 'permitted', actions: 'urge' },
        SPLIT: { guard: and(['permitted', 'splitAllowed']), actions: 'split' },
        CLOSE_SPLIT: { guard: and(['permitted', 'closeSplitAllowed']), actions: 'closeSplit' },
        PART_UPDATE: { guard: and(['permitted', 'knownPart']), actions: 'partUpdate' },
        PARENT_LEAD: { guard: and(['permitted', 'newParentLead']), actions: 'parentLead' },
      },
      states: {
        assigned: {
          on: { START: { guard: 'permitted', target: 'in_progress', actions: 'start' } },
        },
        in_progress: {
          on: {
            REPORT_PROGRESS: { guard: 'permitted', actions: 'progress' },
            SUBMIT: { guard: and(['permitted', 'submitAllowed']), target: '#measure.submitted', actions: 'submit' },
          },
        },
      },
    },
    // 缓办中: the clock stops — no timer step is accepted, nothing is worked on — until RESUME returns to where it was.
    paused: {
      on: {
        RESUME: [
          { guard: and(['permitted', 'pausedWhileAssigned']), target: '#measure.open.assigned', actions: 'resume' },
          { guard: 'permitted', target: '#measure.open.in_progress', actions: 'resume' },
        ],
        CANCEL: { guard: 'permitted', target: 'cancelled', actions: 'cancel' },
        // A 改派 changes who carries the work, not its clock: it may happen while the clock stands still; so may a
        // plan revision (RESUME then moves the amended due time by the paused working days).
        REASSIGN: { guard: and(['permitted', 'reassignAllowed']), actions: 'reassign' },
        AMEND: { guard: and(['permitted', 'amendsSomething']), actions: 'amend' },
        // Parts run on their own clocks: their reports are kept whatever the parent does.
        PART_UPDATE: { guard: and(['permitted', 'knownPart']), actions: 'partUpdate' },
        PARENT_LEAD: { guard: and(['permitted', 'newParentLead']), actions: 'parentLead' },
      },
    },
    submitted: {
      on: {
        VERIFY: { guard: 'permitted', target: 'verified', actions: 'verify' },
        REJECT: { guard: 'permitted', target: '#measure.open.in_progress', actions: 'reject' },
        FAIL_QUALITY: { guard: 'permitted', target: '#measure.open.in_progress', actions: ['reject', 'failQuality'] },
        // Verification-SLA reminders notify; the light stays (finished work is green).
        REMIND: { guard: 'permitted', actions: 'notice' },
        ESCALATE: { guard: 'permitted', actions: 'notice' },
        CANCEL: { guard: 'permitted', target: 'cancelled', actions: 'cancel' },
        AMEND: { guard: and(['permitted', 'amendsSomething']), actions: 'amend' },
        // 改派 while awaiting verification: the submission stays the old lead's; a rejection goes to the new one.
        REASSIGN: { guard: and(['permitted', 'reassignAllowed']), actions: 'reassign' },
        PART_UPDATE: { guard: and(['permitted', 'knownPart']), actions: 'partUpdate' },
        PARENT_LEAD: { guard: and(['permitted', 'newParentLead']), actions: 'parentLead' },
      },
    },
    verified: {
      on: {
        PART_UPDATE: { guard: and(['permitted', 'knownPart']), actions: 'partUpdate' },
        PARENT_LEAD: { guard: and(['permitted', 'newParentLead']), actions: 'parentLead' },
        CLOSE: { guard: 'permitted', target: 'closed', actions: 'close' },
        CANCEL: { guard: 'permitted', target: 'cancelled', actions: 'cancel' },
        AMEND: { guard: and(['permitted', 'amendsSomething']), actions: 'amend' },
      },
    },
    closed: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

const DAY_MS = 24 * 3600 * 1000;

/**
 * When a person's event counts as made (epoch ms), for deadlines: when the API received it (`sentAt`) if the
 * workflow took it later — a worker was down, the event waited in Temporal — but never after the workflow's own
 * time, nor more than a day before it (a clock that far off is not believed).
 */
export function madeAt(event: MeasureEvent): number {
  const at = ms(event.at);
  if (event.sentAt === undefined) return at;
  const sent = ms(event.sentAt);
  return sent <= at && at - sent <= DAY_MS ? sent : at;
}

/** Why an extension request cannot be accepted right now, or undefined when it can. */
export function extensionProblem(ctx: MeasureContext, event: MeasureEvent): string | undefined {
  if (event.type !== 'REQUEST_EXTENSION' && event.type !== 'EXTEND') return undefined;
  if (ctx.dueAt === null) return 'this measure is 持续推进 (ongoing) and has no deadline to extend';
  // The supervision group may extend an overdue measure directly; a department must ask in time, once at a time.
  if (event.type === 'REQUEST_EXTENSION' && ctx.pendingExtension)
    return `an extension request (to ${ctx.pendingExtension.newDueAt}) is already pending`;
  if (event.type === 'REQUEST_EXTENSION' && madeAt(event) >= ms(ctx.dueAt))
    return `an extension must be requested before the due time ${ctx.dueAt}`;
  if (ms(event.newDueAt) <= ms(ctx.dueAt)) return `the new due time must be later than the current one (${ctx.dueAt})`;
  return undefined;
}

export type MeasureSnapshot = SnapshotFrom<typeof measureMachine>;

export function stateOf(snapshot: MeasureSnapshot): MeasureState {
  const value = snapshot.value;
  return typeof value === 'string' ? value : value.open;
}

/**
 * The measure lifecycle as a pure XState v5 machine (docs/domain.md "Lifecycle"): its context, its events' effects
 * and its guards. No Temporal import: the workflow feeds it events stamped with workflow time and keeps its
 * snapshot. Who may send what is permissions.ts's table; the light is light.ts's rule; callers judge events with
 * decide.ts and apply them with snapshot.ts, never with the machine directly.
 */
import { and, setup, assign, type SnapshotFrom } from 'xstate';
import type { Actor, Attachment, EventType, Light, MeasureEvent } from '../domain/events';
import { lateBy, openLight } from './light';
import { isPermitted } from './permissions';
import { policyCalendar, remindAt, type YellowRule } from './schedule';
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
  /** Workflow time at creation. */
  at: string;
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
  extensions: Array<Stamp & { from: string | null; to: string }>;
  started?: Stamp;
  submitted?: Stamp & { lateMs: number; note?: string };
  verified?: Stamp;
  closed?: Stamp;
  cancelled?: Stamp & { reason: string };
  /** The last timer step that notified someone. */
  lastNotice?: { step: string; at: string };
}

const ms = (iso: string) => new Date(iso).getTime();

/** The light right after the due time moved (an approved extension, a rejection): the timers take over from there. */
function lightForDue(dueAt: string | null, at: string, window: Pick<MeasureInput, 'yellowWithinMs' | 'yellowRule'>) {
  const due = dueAt === null ? null : ms(dueAt);
  const rule = window.yellowRule;
  if (due === null || !rule) return openLight(due, ms(at), window.yellowWithinMs);
  const calendar = policyCalendar(rule.policy, (year) => year <= rule.dataThrough);
  return openLight(due, ms(at), due - remindAt(rule.policy, due, calendar));
}

type Ev<T extends EventType> = Extract<MeasureEvent, { type: T }>;

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
      const lateMs = lateBy(context.dueAt === null ? null : ms(context.dueAt), ms(e.at));
      // Lateness is judged at SUBMIT; finished work is green (docs/domain.md), the lateness stays on record.
      return { submitted: { by: e.actor, at: e.at, lateMs, note: e.note }, light: 'green' };
    }),
    reject: assign(({ context, event }) => {
      const e = event as Ev<'REJECT'>;
      return {
        rejections: context.rejections + 1,
        lastRejection: { by: e.actor, at: e.at, reason: e.reason },
        submitted: undefined,
        light: lightForDue(context.dueAt, e.at, context),
      };
    }),
    verify: assign({ verified: ({ event }) => ({ by: event.actor, at: event.at }) }),
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
    approveExtension: assign(({ context, event }) => {
      const to = context.pendingExtension!.newDueAt;
      return {
        dueAt: to,
        pendingExtension: undefined,
        extensions: [...context.extensions, { by: event.actor, at: event.at, from: context.dueAt, to }],
        light: lightForDue(to, event.at, context),
        escalation: 0,
      };
    }),
    denyExtension: assign({ pendingExtension: undefined }),
    step: assign(({ event }) => {
      const e = event as Ev<'REMIND' | 'OVERDUE' | 'ESCALATE'>;
      return { light: e.light, escalation: e.level, lastNotice: { step: e.step, at: e.at } };
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
    assignedAt: input.at,
    originalDueAt: input.dueAt,
    light: lightForDue(input.dueAt, input.at, input),
    escalation: 0,
    rejections: 0,
    extensions: [],
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
        REMIND: { guard: 'permitted', actions: 'step' },
        OVERDUE: { guard: 'permitted', actions: 'step' },
        ESCALATE: { guard: 'permitted', actions: 'step' },
        CANCEL: { guard: 'permitted', target: 'cancelled', actions: 'cancel' },
      },
      states: {
        assigned: {
          on: { START: { guard: 'permitted', target: 'in_progress', actions: 'start' } },
        },
        in_progress: {
          on: {
            REPORT_PROGRESS: { guard: 'permitted', actions: 'progress' },
            SUBMIT: { guard: 'permitted', target: '#measure.submitted', actions: 'submit' },
          },
        },
      },
    },
    submitted: {
      on: {
        VERIFY: { guard: 'permitted', target: 'verified', actions: 'verify' },
        REJECT: { guard: 'permitted', target: '#measure.open.in_progress', actions: 'reject' },
        // Verification-SLA reminders notify; the light stays (finished work is green).
        REMIND: { guard: 'permitted', actions: 'notice' },
        ESCALATE: { guard: 'permitted', actions: 'notice' },
        CANCEL: { guard: 'permitted', target: 'cancelled', actions: 'cancel' },
      },
    },
    verified: {
      on: {
        CLOSE: { guard: 'permitted', target: 'closed', actions: 'close' },
        CANCEL: { guard: 'permitted', target: 'cancelled', actions: 'cancel' },
      },
    },
    closed: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

/** Why an extension request cannot be accepted right now, or undefined when it can. */
export function extensionProblem(ctx: MeasureContext, event: MeasureEvent): string | undefined {
  if (event.type !== 'REQUEST_EXTENSION') return undefined;
  if (ctx.dueAt === null) return 'this measure is 持续推进 (ongoing) and has no deadline to extend';
  if (ctx.pendingExtension) return `an extension request (to ${ctx.pendingExtension.newDueAt}) is already pending`;
  if (ms(event.at) >= ms(ctx.dueAt)) return `an extension must be requested before the due time ${ctx.dueAt}`;
  if (ms(event.newDueAt) <= ms(ctx.dueAt)) return `the new due time must be later than the current one (${ctx.dueAt})`;
  return undefined;
}

export type MeasureSnapshot = SnapshotFrom<typeof measureMachine>;

export function stateOf(snapshot: MeasureSnapshot): MeasureState {
  const value = snapshot.value;
  return typeof value === 'string' ? value : value.open;
}

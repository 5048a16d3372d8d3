/**
 * The measure lifecycle as a pure XState v5 machine (DOMAIN.md "Lifecycle" and "Actors and permissions").
 * No Temporal import: the workflow feeds it events stamped with workflow time and keeps its snapshot; the
 * API, the CLI and the update validator all ask `decide()` here, so nobody re-implements a guard.
 */
import { and, setup, assign, initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { Actor, EventType, Light, MeasureEvent } from '../src/domain/events';
import type { MeasureState } from '../src/domain/states';

export { STATES, type MeasureState } from '../src/domain/states';
export const FINAL_STATES: readonly MeasureState[] = ['closed', 'cancelled'];

/** The document's own words for each state, for people reading the CLI, the API and Temporal UI. */
export const STATE_LABELS: Record<MeasureState, string> = {
  assigned: '已交办',
  in_progress: '办理中',
  submitted: '已报结，待验收',
  verified: '已验收',
  closed: '已销号',
  cancelled: '已撤销',
};

/** The relation an actor has to one measure. */
export type Role = 'lead' | 'support' | 'leader' | 'supervisor' | 'coordinator' | 'system';

/** The permission table: which relation may send which event. The only place it is written down. */
export const PERMISSIONS: Record<EventType, readonly Role[]> = {
  START: ['lead'],
  REPORT_PROGRESS: ['lead', 'support'],
  SUBMIT: ['lead'],
  REQUEST_EXTENSION: ['lead'],
  APPROVE_EXTENSION: ['leader', 'supervisor'],
  DENY_EXTENSION: ['leader', 'supervisor'],
  VERIFY: ['supervisor'],
  REJECT: ['supervisor'],
  CLOSE: ['supervisor'],
  CANCEL: ['coordinator'],
  REMIND: ['system'],
  OVERDUE: ['system'],
  ESCALATE: ['system'],
};

const ROLE_LABELS: Record<Role, string> = {
  lead: 'the 牵头部门 (lead department)',
  support: 'a 配合部门 (supporting department)',
  leader: 'a 责任领导 (responsible leader) of this measure',
  supervisor: 'the 联合督导组 (supervision group)',
  coordinator: 'the coordinating office (统筹协调)',
  system: 'duban’s timers',
};

export interface Stamp {
  by: Actor;
  at: string;
}
export interface Progress extends Stamp {
  percent: number;
  note?: string;
  attachments: string[];
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

export function rolesOf(actor: Actor, ctx: Pick<MeasureContext, 'lead' | 'support' | 'leaders'>): Role[] {
  if (actor === 'system') return ['system'];
  if (actor === 'supervisor') return ['supervisor'];
  // "coordinator: everything a supervisor may" (DOMAIN.md).
  if (actor === 'coordinator') return ['coordinator', 'supervisor'];
  const roles: Role[] = [];
  if (actor.startsWith('dept:')) {
    const dept = actor.slice('dept:'.length);
    if (ctx.lead.includes(dept)) roles.push('lead');
    if (ctx.support.includes(dept)) roles.push('support');
  } else if (actor.startsWith('leader:') && ctx.leaders.includes(actor.slice('leader:'.length))) {
    roles.push('leader');
  }
  return roles;
}

export function isPermitted(actor: Actor, type: EventType, ctx: Pick<MeasureContext, 'lead' | 'support' | 'leaders'>) {
  const roles = rolesOf(actor, ctx);
  return PERMISSIONS[type].some((role) => roles.includes(role));
}

const ms = (iso: string) => new Date(iso).getTime();

/** The light right after the due time moved (an approved extension): the timers take over from there. */
function lightForDue(dueAt: string | null, at: string, yellowWithinMs: number): Light {
  if (dueAt === null) return 'green';
  const left = ms(dueAt) - ms(at);
  return left < 0 ? 'red' : left <= yellowWithinMs ? 'yellow' : 'green';
}

type Ev<T extends EventType> = Extract<MeasureEvent, { type: T }>;

function describe(event: MeasureEvent): string | undefined {
  switch (event.type) {
    case 'REPORT_PROGRESS':
      return `${event.percent}%${event.note ? ` ${event.note}` : ''}`;
    case 'REJECT':
    case 'CANCEL':
      return event.reason;
    case 'DENY_EXTENSION':
      return event.reason;
    case 'REQUEST_EXTENSION':
      return `→ ${event.newDueAt}: ${event.reason}`;
    case 'REMIND':
    case 'OVERDUE':
    case 'ESCALATE':
      return `${event.step} (level ${event.level}, ${event.light})`;
    default:
      return 'note' in event ? event.note : undefined;
  }
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
      const lateMs = context.dueAt === null ? 0 : Math.max(0, ms(e.at) - ms(context.dueAt));
      // Lateness is judged at SUBMIT; finished work is green (DOMAIN.md), the lateness stays on record.
      return { submitted: { by: e.actor, at: e.at, lateMs, note: e.note }, light: 'green' };
    }),
    reject: assign(({ context, event }) => {
      const e = event as Ev<'REJECT'>;
      return {
        rejections: context.rejections + 1,
        lastRejection: { by: e.actor, at: e.at, reason: e.reason },
        submitted: undefined,
        light: lightForDue(context.dueAt, e.at, context.yellowWithinMs),
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
        light: lightForDue(to, event.at, context.yellowWithinMs),
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
    assignedAt: input.at,
    originalDueAt: input.dueAt,
    light: lightForDue(input.dueAt, input.at, input.yellowWithinMs),
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
function extensionProblem(ctx: MeasureContext, event: MeasureEvent): string | undefined {
  if (event.type !== 'REQUEST_EXTENSION') return undefined;
  if (ctx.dueAt === null) return 'this measure is 持续推进 (ongoing) and has no deadline to extend';
  if (ctx.pendingExtension) return `an extension request (to ${ctx.pendingExtension.newDueAt}) is already pending`;
  if (ms(event.at) >= ms(ctx.dueAt)) return `an extension must be requested before the due time ${ctx.dueAt}`;
  if (ms(event.newDueAt) <= ms(ctx.dueAt)) return `the new due time must be later than the current one (${ctx.dueAt})`;
  return undefined;
}

export type MeasureSnapshot = SnapshotFrom<typeof measureMachine>;

/** What a caller learns about an event before it is applied. */
export type Verdict =
  { ok: true } | { ok: false; code: 'forbidden' | 'conflict'; reason: string; allowed: EventType[] };

export function stateOf(snapshot: MeasureSnapshot): MeasureState {
  const value = snapshot.value;
  return typeof value === 'string' ? value : value.open;
}

/** The person events this actor may send right now (for "what is allowed" in refusals and UIs). */
export function allowedEvents(snapshot: MeasureSnapshot, actor: Actor, at: string): EventType[] {
  const probes: MeasureEvent[] = [
    { type: 'START', actor, at },
    { type: 'REPORT_PROGRESS', actor, at, percent: 0 },
    { type: 'SUBMIT', actor, at },
    { type: 'VERIFY', actor, at },
    { type: 'REJECT', actor, at, reason: '-' },
    { type: 'CLOSE', actor, at },
    // A request one day after the current due time stands for "a valid request" in the probe.
    {
      type: 'REQUEST_EXTENSION',
      actor,
      at,
      reason: '-',
      newDueAt: new Date(ms(snapshot.context.dueAt ?? at) + 86_400_000).toISOString(),
    },
    { type: 'APPROVE_EXTENSION', actor, at },
    { type: 'DENY_EXTENSION', actor, at },
    { type: 'CANCEL', actor, at, reason: '-' },
  ];
  return probes.filter((probe) => snapshot.can(probe)).map((probe) => probe.type);
}

/**
 * Whether `event` may be applied to `snapshot`, and if not, why — "forbidden" when the actor's relation to the
 * measure never allows it (HTTP 403), "conflict" when it is not allowed now (HTTP 409). The answer is the
 * machine's own `can()`; the reasons only explain it.
 */
export function decide(snapshot: MeasureSnapshot, event: MeasureEvent): Verdict {
  if (snapshot.can(event)) return { ok: true };
  const ctx = snapshot.context;
  const state = stateOf(snapshot);
  const allowed = allowedEvents(snapshot, event.actor, event.at);
  if (!isPermitted(event.actor, event.type, ctx)) {
    const who = PERMISSIONS[event.type].map((role) => ROLE_LABELS[role]).join(' or ');
    return {
      ok: false,
      code: 'forbidden',
      reason: `${event.actor} may not send ${event.type} on measure ${ctx.measureId}: only ${who} may (牵头部门: ${ctx.lead.join('、')})`,
      allowed,
    };
  }
  const problem = extensionProblem(ctx, event);
  let reason: string;
  if (FINAL_STATES.includes(state)) {
    reason = `measure ${ctx.measureId} is ${state} (${STATE_LABELS[state]}); nothing more can happen to it`;
  } else if (problem && (state === 'assigned' || state === 'in_progress')) {
    reason = problem;
  } else if ((event.type === 'APPROVE_EXTENSION' || event.type === 'DENY_EXTENSION') && !ctx.pendingExtension) {
    reason = `there is no pending extension request on measure ${ctx.measureId}`;
  } else {
    const hint = state === 'assigned' && event.type !== 'START' ? ' (签收 with START first)' : '';
    reason = `${event.type} is not allowed while measure ${ctx.measureId} is ${state} (${STATE_LABELS[state]})${hint}`;
  }
  return {
    ok: false,
    code: 'conflict',
    reason: allowed.length ? `${reason}; allowed now for ${event.actor}: ${allowed.join(', ')}` : reason,
    allowed,
  };
}

/** A new measure's snapshot (pure). */
export function createSnapshot(input: MeasureInput): MeasureSnapshot {
  const [snapshot] = initialTransition(measureMachine, input);
  return snapshot;
}

/**
 * Applies an event (pure) and returns the timeline entry it makes. Refused events throw, so a caller that
 * skipped `decide` cannot corrupt the state.
 */
export function applyEvent(
  snapshot: MeasureSnapshot,
  event: MeasureEvent,
): { snapshot: MeasureSnapshot; entry: TimelineEntry } {
  const verdict = decide(snapshot, event);
  if (!verdict.ok) throw new Error(verdict.reason);
  const [next] = transition(measureMachine, snapshot, event);
  const entry: TimelineEntry = {
    at: event.at,
    type: event.type,
    actor: event.actor,
    from: stateOf(snapshot),
    to: stateOf(next),
    detail: describe(event),
  };
  return { snapshot: next, entry };
}

/** Plain JSON for continue-as-new and the `snapshot` query. */
export function persistSnapshot(snapshot: MeasureSnapshot): { value: MeasureState; context: MeasureContext } {
  return { value: stateOf(snapshot), context: snapshot.context };
}

/** Restores a snapshot persisted with `getPersistedSnapshot()` (continue-as-new, tests). */
export function restoreSnapshot(persisted: unknown): MeasureSnapshot {
  const { value, context } = persisted as { value: MeasureState; context: MeasureContext };
  const nested = value === 'assigned' || value === 'in_progress' ? { open: value } : value;
  return measureMachine.resolveState({ value: nested, context });
}

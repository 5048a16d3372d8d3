/**
 * The machine's snapshot as plain operations: create one for a new measure, apply an accepted event (with the
 * timeline entry it makes), persist it to JSON (continue-as-new, the `snapshot` query) and restore it. Pure.
 */
import { createActor, type ActorScope } from 'xstate';
import type { MeasureEvent } from '../domain/events';
import { describeUnitChange } from './assignment';
import { decide } from './decide';
import {
  measureMachine,
  stateOf,
  type MeasureContext,
  type MeasureInput,
  type MeasureSnapshot,
  type TimelineEntry,
} from './machine';
import type { EscalationPolicy } from '../domain/policy';
import type { WorkCalendar } from './calendar';
import { yellowWindow, type ScheduleFacts } from './schedule';
import type { Measure } from '../domain/plan';
import type { ParentRef } from './split';
import { describeSplit } from './split';
import type { MeasureState } from './states';

/** The timeline's one-line detail of an event (`after`: the context it left, for changes of units). */
function describe(event: MeasureEvent, after: MeasureContext): string | undefined {
  switch (event.type) {
    case 'TRANSFER_REQUEST':
      return `→ ${event.to}: ${event.reason}`;
    case 'TRANSFER_REFUSE':
      return event.reason;
    case 'REASSIGN':
    case 'TRANSFER_ACCEPT': {
      const change = after.unitChanges?.at(-1);
      return change && describeUnitChange(change);
    }
    case 'REPORT_PROGRESS':
      return `${event.percent}%${event.note ? ` ${event.note}` : ''}`;
    case 'REJECT':
    case 'FAIL_QUALITY': // the event itself says 验收不合格; its detail is the reason, as for REJECT
    case 'CANCEL':
      return event.reason;
    case 'VERIFY':
      // A VERIFY without a grade reads as it always did (its note); a graded one leads with the grade.
      return event.grade ? `质量评定 ${event.grade}${event.note ? `: ${event.note}` : ''}` : event.note;
    case 'DENY_EXTENSION':
    case 'DENY_PAUSE':
      return event.reason;
    case 'REQUEST_PAUSE':
      return `${event.reason}${event.expectedResumeAt ? ` (预计恢复 expected resume ${event.expectedResumeAt})` : ''}`;
    case 'REQUEST_EXTENSION':
    case 'EXTEND':
      return `→ ${event.newDueAt}: ${event.reason}`;
    case 'AMEND':
      return amendDetail(event);
    case 'SPLIT':
      return after.split && describeSplit(after.split);
    case 'CLOSE_SPLIT':
      return event.reason;
    case 'PARENT_LEAD':
      return `母任务牵头部门 → ${event.lead.join('、')}`;
    case 'PART_UPDATE': {
      const part = after.split?.parts.find((p) => p.n === event.part);
      return part && `${part.measureId} ${part.title}（${part.unit}）→ ${event.state} (${event.light})`;
    }
    case 'REMIND':
    case 'OVERDUE':
    case 'ESCALATE':
    case 'MISSED_REPORT':
      return `${event.step} (level ${event.level}, ${event.light})`;
    default:
      return 'note' in event ? event.note : undefined;
  }
}

/** "方案修订 r2 (reason): 牵头部门 → A、B; 截止 → …" — the values the revision gave, for the timeline. */
function amendDetail(event: Extract<MeasureEvent, { type: 'AMEND' }>): string {
  const parts: string[] = [];
  if (event.title !== undefined) parts.push(`标题 → ${event.title}`);
  if (event.lead) parts.push(`牵头部门 → ${event.lead.join('、')}`);
  if (event.support) parts.push(`配合部门 → ${event.support.join('、') || '—'}`);
  if (event.leaders) parts.push(`责任领导 → ${event.leaders.join('、') || '—'}`);
  if (event.dueAt !== undefined) parts.push(`截止 → ${event.dueAt ?? '持续推进'}`);
  return `方案修订 r${event.revision} (${event.reason}): ${parts.join('; ')}`;
}

/** RESUME's detail: how far the due time moved, in the pause's own unit (working days or time). */
function resumeDetail(snapshot: MeasureSnapshot): string | undefined {
  const pause = snapshot.context.pauses?.at(-1);
  if (!pause || pause.dueTo === null) return undefined;
  const by = 'workdays' in pause.shift ? `${pause.shift.workdays} 个工作日` : `${Math.round(pause.shift.ms / 1000)} s`;
  return `截止 due ${pause.dueFrom} → ${pause.dueTo} (缓办顺延 ${by})`;
}

/**
 * The actor scope every transition runs in. XState's `transition()` and `initialTransition()` build a new inert
 * actor for each call, and that actor computes an initial snapshot only to discard it: half of a measure's event
 * in its workflow (docs/performance.md). This machine's actions are all `assign` (nothing to execute, spawn, schedule or emit), so
 * one inert scope serves every transition, with the same fields XState's own inert scope has.
 */
const EPOCH = new Date(0).toISOString();
let inert: ActorScope<MeasureSnapshot, MeasureEvent> | undefined;
function inertScope(): ActorScope<MeasureSnapshot, MeasureEvent> {
  if (inert) return inert;
  // The actor only lends the scope its identity and system; its own (blank) measure is never used.
  const blank = { measureId: '', lead: [], support: [], leaders: [], dueAt: null, yellowWithinMs: 0, at: EPOCH };
  const self = createActor(measureMachine, { input: blank });
  const none = () => undefined;
  inert = {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    defer: none,
    logger: none,
    stopChild: none,
    emit: none,
    actionExecutor: none,
  };
  return inert;
}

/** A new measure's snapshot (pure). */
export function createSnapshot(input: MeasureInput): MeasureSnapshot {
  return measureMachine.getInitialSnapshot(inertScope(), input);
}

/**
 * A planned measure's first snapshot at `at` under `policy`: what its workflow starts from, and what the import
 * publishes as its first light. `calendar` only for a policy counting in working days (yellowWindow).
 */
export function openingSnapshot(
  planned: { measure: Measure; parent?: ParentRef },
  policy: EscalationPolicy,
  at: string,
  calendar?: WorkCalendar,
): MeasureSnapshot {
  const { measure, parent } = planned;
  return createSnapshot({
    measureId: measure.id,
    lead: measure.lead,
    support: measure.support,
    leaders: measure.leaders,
    dueAt: measure.dueAt,
    // In working days the window is as long as the calendar makes it for this due date.
    ...yellowWindow(policy, measure.dueAt === null ? null : Date.parse(measure.dueAt), calendar),
    ...(policy.lights ? { lights: policy.lights } : {}),
    ...(parent ? { parent } : {}),
    at,
  });
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
  const next = measureMachine.transition(snapshot, event, inertScope());
  const entry: TimelineEntry = {
    at: event.at,
    type: event.type,
    actor: event.actor,
    from: stateOf(snapshot),
    to: stateOf(next),
    detail: event.type === 'RESUME' ? (resumeDetail(next) ?? event.note) : describe(event, next.context),
    ...(event.sentAt !== undefined && Date.parse(event.at) - Date.parse(event.sentAt) >= 1000
      ? { sentAt: event.sentAt }
      : {}),
    // Only when there are some: entries of events without attachments keep the shape they always had.
    ...('attachments' in event && event.attachments?.length ? { attachments: event.attachments } : {}),
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

const epoch = (value: string | undefined | null) => (value ? new Date(value).getTime() : undefined);

/** What the schedule needs to know about a measure now: its state, due time, milestones and who to tell. */
export function scheduleFacts(
  snapshot: MeasureSnapshot,
  recipients: { supervisors: string[]; coordinator?: string },
): ScheduleFacts {
  const ctx = snapshot.context;
  return {
    state: stateOf(snapshot),
    dueAt: epoch(ctx.dueAt) ?? null,
    submittedAt: epoch(ctx.submitted?.at),
    verifiedAt: epoch(ctx.verified?.at),
    startedAt: epoch(ctx.started?.at),
    lastProgressAt: epoch(ctx.progress?.at),
    assignedAt: epoch(ctx.assignedAt),
    lead: ctx.lead,
    leaders: ctx.leaders,
    supervisors: recipients.supervisors,
    coordinator: recipients.coordinator,
    resumedAt: epoch(ctx.pauses?.at(-1)?.resumedAt),
    ...(ctx.parent ? { parentLead: ctx.parent.lead } : {}),
    // Steps due before assignment (a late import) or while the work sat submitted collapse; missed ones do not.
    watchedSince: Math.max(epoch(ctx.assignedAt) ?? 0, epoch(ctx.lastRejection?.at) ?? 0),
  };
}

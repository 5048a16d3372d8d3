/**
 * 缓办 (pause) rules (docs/domain.md "缓办"): when a pause may be asked for, and how far RESUME moves the due time —
 * by the paused working days on the policy's calendar when the plan counts in working days, else by the paused
 * calendar time. Pure; the machine (machine.ts) keeps the records, the schedule stops while the state is `paused`.
 */
import type { Actor } from '../domain/events';
import { addWorkdaysAt, shanghaiDate } from './calendar';
import { policyCalendar, type YellowRule } from './schedule';

/** A 缓办 request as the lead department made it. */
export interface PauseRequest {
  by: Actor;
  at: string;
  reason: string;
  /** The resume date the lead department expects (shown only: nothing fires on it). */
  expectedResumeAt?: string;
}

/** The pause in force: the request, who approved it and when the clock stopped. */
export interface ActivePause extends PauseRequest {
  approvedBy: Actor;
  pausedAt: string;
  /** The state to return to on RESUME (the snapshot keeps no XState history across continue-as-new). */
  from: 'assigned' | 'in_progress';
}

/** How far a pause moved the due time: working days on the calendar, or calendar time. */
export type PauseShift = { workdays: number } | { ms: number };

/** A finished pause, kept apart from extensions so reports tell a 缓办 shift from an approved 延期. */
export interface PauseRecord extends ActivePause {
  resumedBy: Actor;
  resumedAt: string;
  dueFrom: string | null;
  dueTo: string | null;
  shift: PauseShift;
}

const ms = (iso: string) => new Date(iso).getTime();

/**
 * The due time after a pause from `pausedAt` to `resumedAt`. With a working-day rule (the machine's `yellowRule`,
 * present exactly when the plan counts in working days) the due time moves by the working days in (paused, resumed]
 * at its own Beijing wall-clock time; otherwise by the paused time itself. No due time (持续推进): nothing moves.
 */
export function resumedDue(
  dueAt: string | null,
  pausedAt: string,
  resumedAt: string,
  rule?: YellowRule,
): { dueTo: string | null; shift: PauseShift } {
  if (rule) {
    const calendar = policyCalendar(rule.policy, (year) => year <= rule.dataThrough);
    const workdays = Math.max(0, calendar.workdaysBetween(shanghaiDate(ms(pausedAt)), shanghaiDate(ms(resumedAt))));
    const dueTo = dueAt === null ? null : new Date(addWorkdaysAt(calendar, ms(dueAt), workdays)).toISOString();
    return { dueTo, shift: { workdays } };
  }
  const paused = Math.max(0, ms(resumedAt) - ms(pausedAt));
  return { dueTo: dueAt === null ? null : new Date(ms(dueAt) + paused).toISOString(), shift: { ms: paused } };
}

/** Why a 缓办 request cannot be accepted right now, or undefined when it can. */
export function pauseProblem(
  ctx: { pendingPause?: PauseRequest },
  event: { type: string; at: string; expectedResumeAt?: string },
): string | undefined {
  if (event.type !== 'REQUEST_PAUSE') return undefined;
  if (ctx.pendingPause) return `a 缓办 (pause) request of ${ctx.pendingPause.at} is already pending`;
  if (event.expectedResumeAt !== undefined && ms(event.expectedResumeAt) <= ms(event.at)) {
    return `expectedResumeAt must be later than now (${event.at})`;
  }
  return undefined;
}

/**
 * The due time the appraisal (考核: lateness at SUBMIT) judges against: the last approved extension's, else the
 * original one. A 缓办 moves the working due time for the timers, never the appraisal's.
 */
export function appraisalDue(ctx: { originalDueAt: string | null; extensions: ReadonlyArray<{ to: string }> }) {
  return ctx.extensions.at(-1)?.to ?? ctx.originalDueAt;
}

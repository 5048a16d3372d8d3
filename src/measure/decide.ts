/**
 * Judging an event before it is applied: `decide()` says yes, or no with a reason a person can act on — 403
 * "forbidden" when the actor's relation to the measure never allows it, 409 "conflict" when not now — and what the
 * actor may send instead. The answer is always the machine's own `can()`; the reasons only explain it. The update
 * validator, the service (for finished measures and for `allowed`) and the tests all ask here.
 */
import type { Actor, EventType, MeasureEvent } from '../domain/events';
import { reassignProblem, transferProblem } from './assignment';
import { extensionProblem, stateOf, type MeasureSnapshot } from './machine';
import { pauseProblem } from './pause';
import { isPermitted, PERMISSIONS, ROLE_LABELS } from './permissions';
import { closeSplitProblem, splitProblem, submitProblem } from './split';
import { FINAL_STATES, STATE_LABELS } from './states';

const ms = (iso: string) => new Date(iso).getTime();

/** What a caller learns about an event before it is applied. */
export type Verdict =
  { ok: true } | { ok: false; code: 'forbidden' | 'conflict'; reason: string; allowed: EventType[] };

/** The person events this actor may send right now (for "what is allowed" in refusals and UIs). */
export function allowedEvents(snapshot: MeasureSnapshot, actor: Actor, at: string): EventType[] {
  const later = new Date(ms(snapshot.context.dueAt ?? at) + 86_400_000).toISOString();
  const probes: MeasureEvent[] = [
    { type: 'START', actor, at },
    { type: 'REPORT_PROGRESS', actor, at, percent: 0 },
    { type: 'SUBMIT', actor, at },
    { type: 'VERIFY', actor, at },
    { type: 'REJECT', actor, at, reason: '-' },
    { type: 'FAIL_QUALITY', actor, at, reason: '-' },
    { type: 'CLOSE', actor, at },
    // A request one day after the current due time stands for "a valid request" in the probe.
    { type: 'REQUEST_EXTENSION', actor, at, reason: '-', newDueAt: later },
    { type: 'APPROVE_EXTENSION', actor, at },
    { type: 'DENY_EXTENSION', actor, at },
    { type: 'CANCEL', actor, at, reason: '-' },
    // A new lead no measure has stands for "a 改派 that changes something".
    { type: 'REASSIGN', actor, at, reason: '-', lead: ['（改派）'] },
    { type: 'TRANSFER_REQUEST', actor, at, reason: '-', to: '（转办）' },
    { type: 'TRANSFER_ACCEPT', actor, at },
    { type: 'TRANSFER_REFUSE', actor, at, reason: '-' },
    { type: 'EXTEND', actor, at, reason: '-', newDueAt: later },
    { type: 'URGE', actor, at },
    { type: 'REQUEST_PAUSE', actor, at, reason: '-' },
    { type: 'APPROVE_PAUSE', actor, at },
    { type: 'DENY_PAUSE', actor, at },
    { type: 'RESUME', actor, at },
    // One part for a unit no measure has stands for "a valid split" (due with the measure).
    { type: 'SPLIT', actor, at, parts: [{ title: '（分解）', unit: '（分解）' }] },
    { type: 'CLOSE_SPLIT', actor, at, reason: '-' },
  ];
  // Every transition of the machine is guarded by `permitted` (tests/unit/machine-guards.test.ts), so an event the
  // actor may never send is not put to the machine: that leaves a few probes of the 23 for most actors.
  const ctx = snapshot.context;
  return probes.filter((p) => isPermitted(actor, p.type, ctx) && snapshot.can(p)).map((probe) => probe.type);
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
    const transfer = event.type === 'TRANSFER_ACCEPT' || event.type === 'TRANSFER_REFUSE';
    const pending = ctx.pendingTransfer ? `; the pending 转办 names ${ctx.pendingTransfer.to}` : '; no 转办 is pending';
    return {
      ok: false,
      code: 'forbidden',
      reason: `${event.actor} may not send ${event.type} on measure ${ctx.measureId}: only ${who} may (牵头部门: ${ctx.lead.join('、')}${transfer ? pending : ''})`,
      allowed,
    };
  }
  const problem =
    extensionProblem(ctx, event) ??
    reassignProblem(ctx, event) ??
    transferProblem(ctx, event) ??
    pauseProblem(ctx, event) ??
    splitProblem(ctx, event) ??
    closeSplitProblem(ctx, event) ??
    submitProblem(ctx, event);
  // Where the event with a payload problem would otherwise be accepted (else the state is the reason).
  const open =
    state === 'assigned' ||
    state === 'in_progress' ||
    (event.type === 'REASSIGN' && (state === 'submitted' || state === 'paused'));
  let reason: string;
  if (FINAL_STATES.includes(state)) {
    reason = `measure ${ctx.measureId} is ${state} (${STATE_LABELS[state]}); nothing more can happen to it`;
  } else if (problem && open) {
    reason = problem;
  } else if (event.type === 'AMEND') {
    reason = `AMEND (revision ${event.revision}) changes nothing on measure ${ctx.measureId}: it already has those values`;
  } else if ((event.type === 'APPROVE_EXTENSION' || event.type === 'DENY_EXTENSION') && !ctx.pendingExtension) {
    reason = `there is no pending extension request on measure ${ctx.measureId}`;
  } else if ((event.type === 'APPROVE_PAUSE' || event.type === 'DENY_PAUSE') && !ctx.pendingPause && !ctx.paused) {
    reason = `there is no pending 缓办 (pause) request on measure ${ctx.measureId}`;
  } else if (event.type === 'RESUME' && state !== 'paused') {
    reason = `measure ${ctx.measureId} is not paused (缓办): it is ${state} (${STATE_LABELS[state]})`;
  } else if (state === 'paused') {
    reason = `${event.type} is not allowed while measure ${ctx.measureId} is paused (缓办中); RESUME it first`;
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

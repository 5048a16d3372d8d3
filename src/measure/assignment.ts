/**
 * Who carries a measure, and how that changes (docs/domain.md "改派 and 转办"): one pure function moves the
 * 牵头部门 / 配合部门 lists and records the change (who, when, why, from → to), so every event that changes units —
 * 改派 (REASSIGN), 转办 (TRANSFER_ACCEPT) and a plan revision (AMEND) — changes them the same way. The machine's actions
 * and guards call these; permissions follow at once because permissions.ts reads the lists the machine keeps.
 */
import type { Actor, MeasureEvent } from '../domain/events';

/** A measure's units: 牵头部门 and 配合部门. */
export interface Units {
  lead: string[];
  support: string[];
}

/** Which event changed the units: 改派, 转办 or a plan revision (方案修订, AMEND). */
export type UnitChangeKind = 'reassign' | 'transfer' | 'amend';

/** One change of a measure's units, as the 流转记录 and the view show it. */
export interface UnitChange {
  by: Actor;
  at: string;
  kind: UnitChangeKind;
  reason: string;
  from: Units;
  to: Units;
}

/** What holds units and their record: the machine's context. */
export interface UnitHolder extends Units {
  /**
   * Every change of the units, oldest first. Absent until the first change (or a 转办 request): from then on the
   * workflow keeps DubanLead/DubanSupport current too (temporal-ui.ts).
   */
  unitChanges?: UnitChange[];
}

const unique = (names: readonly string[]) => [...new Set(names)];

/** The units after `to` is applied: a list not given stays, names appear once, and a lead is never also support. */
export function nextUnits(current: Units, to: Partial<Units>): Units {
  const lead = unique(to.lead ?? current.lead);
  return { lead, support: unique(to.support ?? current.support).filter((name) => !lead.includes(name)) };
}

/** Two unit lists name the same units, order aside: a reordered list is no change. */
export function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && set.size === new Set(b).size && b.every((x) => set.has(x));
}

/** Whether `to` would leave the units as they are. */
export function changesNothing(current: Units, to: Partial<Units>): boolean {
  const next = nextUnits(current, to);
  return sameUnits(next.lead, current.lead) && sameUnits(next.support, current.support);
}

/** The lists a change (a plan revision names 责任领导 too) really changes (empty: nothing to do). */
export function changedUnits(
  current: Units & { leaders: string[] },
  to: Partial<Units & { leaders: string[] }>,
): Array<'lead' | 'support' | 'leaders'> {
  const next = nextUnits(current, to);
  // A new lead who was support leaves the 配合部门 too (nextUnits): that is a change of support, named or not.
  const fields = (['lead', 'support'] as const).filter((f) => !sameUnits(next[f], current[f]));
  return to.leaders !== undefined && !sameUnits(to.leaders, current.leaders) ? [...fields, 'leaders'] : fields;
}

/**
 * The context fields after a change of units (pure; shared by every event that changes units): the new lists and
 * the change appended to `unitChanges`.
 */
export function changeUnits(
  holder: UnitHolder,
  to: Partial<Units>,
  record: { by: Actor; at: string; kind: UnitChangeKind; reason: string },
): Required<UnitHolder> {
  const from = { lead: holder.lead, support: holder.support };
  const next = nextUnits(from, to);
  return { ...next, unitChanges: [...(holder.unitChanges ?? []), { ...record, from, to: next }] };
}

/** "牵头部门 A → B；配合部门 C → —" for the 流转记录: only the lists that changed. */
export function describeUnitChange(change: Pick<UnitChange, 'from' | 'to' | 'reason'>): string {
  const list = (names: string[]) => names.join('、') || '—';
  const parts: string[] = [];
  if (!sameUnits(change.from.lead, change.to.lead))
    parts.push(`牵头部门 ${list(change.from.lead)} → ${list(change.to.lead)}`);
  if (!sameUnits(change.from.support, change.to.support))
    parts.push(`配合部门 ${list(change.from.support)} → ${list(change.to.support)}`);
  return `${parts.join('；')}: ${change.reason}`;
}

/** Why a 改派 cannot be accepted as sent, or undefined when it can (the state is the machine's to judge). */
export function reassignProblem(holder: UnitHolder, event: MeasureEvent): string | undefined {
  if (event.type !== 'REASSIGN') return undefined;
  if (changesNothing(holder, event)) {
    return `this 改派 changes nothing: the 牵头部门 are already ${holder.lead.join('、')} and the 配合部门 ${holder.support.join('、') || '—'}`;
  }
  return undefined;
}

/** A 转办 waiting for its receiving unit. */
export interface TransferRequest {
  /** The lead department that asked (`dept:<name>`). */
  by: Actor;
  at: string;
  /** The receiving unit. */
  to: string;
  reason: string;
}

/** Why a 转办 request cannot be accepted as sent, or undefined when it can. */
export function transferProblem(
  holder: UnitHolder & { pendingTransfer?: TransferRequest },
  event: MeasureEvent,
): string | undefined {
  if (event.type !== 'TRANSFER_REQUEST') return undefined;
  if (holder.pendingTransfer) return `a 转办 to ${holder.pendingTransfer.to} is already pending`;
  if (holder.lead.includes(event.to)) return `${event.to} already leads this measure (牵头部门)`;
  return undefined;
}

/**
 * The units once the receiving unit accepts: it takes the requesting department's place among the 牵头部门, and
 * the requester drops out altogether — a 转办 says the work is not its remit (不属于本单位职责), so it leaves the
 * measure, its inbox and its scoreboard; the supervision group can 改派 it back as support if it should help.
 */
export function transferredUnits(holder: Units, transfer: TransferRequest): Units {
  const from = transfer.by.startsWith('dept:') ? transfer.by.slice('dept:'.length) : transfer.by;
  return { lead: holder.lead.map((name) => (name === from ? transfer.to : name)), support: holder.support };
}

/**
 * Changing who a measure belongs to (its 牵头部门, 配合部门 and 责任领导): one pure function, so every event that
 * moves a measure between units (a plan amendment now; 改派/转办 later) changes them the same way, and the
 * permissions follow at once because they are read from these very lists (permissions.ts).
 */
import type { MeasureUnits } from './permissions';

/** The units an event names; a list left out stays as it is. */
export type UnitChange = Partial<MeasureUnits>;

const UNIT_FIELDS = ['lead', 'support', 'leaders'] as const;

/** Two unit lists name the same units (order aside: a reordered list is no change). */
export function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && set.size === new Set(b).size && b.every((x) => set.has(x));
}

/** The lists `change` really changes on `units` (empty: nothing to do). */
export function changedUnits(units: MeasureUnits, change: UnitChange): Array<keyof MeasureUnits> {
  return UNIT_FIELDS.filter((field) => change[field] !== undefined && !sameUnits(units[field], change[field]));
}

/**
 * The measure's units after `change` (the assign action's result): only the named lists are replaced, copied so
 * the event's arrays are never shared with the context. A measure always keeps at least one 牵头部门.
 */
export function retarget(units: MeasureUnits, change: UnitChange): MeasureUnits {
  const next = {
    lead: change.lead ? [...change.lead] : units.lead,
    support: change.support ? [...change.support] : units.support,
    leaders: change.leaders ? [...change.leaders] : units.leaders,
  };
  if (next.lead.length === 0) throw new Error('a measure needs at least one 牵头部门 (lead department)');
  return next;
}

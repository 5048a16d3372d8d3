/**
 * What a revised plan changes (docs/domain.md "Amendments"): measures added, removed, and changed field by field —
 * title, 牵头部门, 配合部门, 责任领导, due time. Pure: the import previews it, applies it, and records its summary in
 * the plan's record; the same function on the same two plans always says the same.
 */
import type { Plan } from '../domain/plan';
import type { AmendField } from './machine';
import { sameUnits } from './assignment';

/** What the plan says of one measure, as far as an amendment can change it (its text is not kept). */
export interface MeasureFacts {
  id: string;
  indicator: string;
  title: string;
  lead: string[];
  support: string[];
  leaders: string[];
  /** null: 持续推进. */
  dueAt: string | null;
}

export type FactValue = string | string[] | null;
export interface FieldChange {
  field: AmendField;
  from: FactValue;
  to: FactValue;
}
export interface ChangedMeasure {
  id: string;
  /** The title in the revised plan. */
  title: string;
  changes: FieldChange[];
}

export interface PlanDiff {
  added: MeasureFacts[];
  removed: MeasureFacts[];
  changed: ChangedMeasure[];
  /** Measures in both plans with nothing changed. */
  unchanged: number;
}

const FIELDS: readonly AmendField[] = ['title', 'lead', 'support', 'leaders', 'dueAt'];

/** Every measure of a plan as facts, in the plan's order. */
export function measureFacts(plan: Pick<Plan, 'indicators'>): MeasureFacts[] {
  return plan.indicators.flatMap((indicator) =>
    indicator.measures.map((m) => ({
      id: m.id,
      indicator: indicator.code,
      title: m.title,
      lead: m.lead,
      support: m.support,
      leaders: m.leaders,
      dueAt: m.dueAt,
    })),
  );
}

const instant = (value: string | null) => (value === null ? null : new Date(value).getTime());

/** Whether one field reads the same in both: units regardless of order, due times as instants. */
export function sameFact(field: AmendField, a: FactValue, b: FactValue): boolean {
  if (field === 'dueAt') return instant(a as string | null) === instant(b as string | null);
  if (Array.isArray(a) && Array.isArray(b)) return sameUnits(a, b);
  return a === b;
}

/** The fields of `from` that `to` changes. */
export function factChanges(from: MeasureFacts, to: MeasureFacts): FieldChange[] {
  return FIELDS.filter((field) => !sameFact(field, from[field], to[field])).map((field) => ({
    field,
    from: from[field],
    to: to[field],
  }));
}

/** The difference from the plan as recorded (`old`) to the revised one (`next`), measure by measure. */
export function diffPlans(old: readonly MeasureFacts[], next: readonly MeasureFacts[]): PlanDiff {
  const before = new Map(old.map((m) => [m.id, m]));
  const after = new Set(next.map((m) => m.id));
  const diff: PlanDiff = { added: [], removed: old.filter((m) => !after.has(m.id)), changed: [], unchanged: 0 };
  for (const m of next) {
    const was = before.get(m.id);
    if (!was) {
      diff.added.push(m);
      continue;
    }
    const changes = factChanges(was, m);
    if (changes.length) diff.changed.push({ id: m.id, title: m.title, changes });
    else diff.unchanged++;
  }
  return diff;
}

export function isEmptyDiff(diff: PlanDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length;
}

/** One line: "1 added (6.1); 1 removed (5.4); 2 changed (2.1: dueAt; 3.2: lead); 17 unchanged". */
export function diffSummary(diff: PlanDiff): string {
  if (isEmptyDiff(diff)) return `no change (${diff.unchanged} measures unchanged)`;
  const ids = (list: Array<{ id: string }>) => list.map((m) => m.id).join(', ');
  const parts: string[] = [];
  if (diff.added.length) parts.push(`${diff.added.length} added (${ids(diff.added)})`);
  if (diff.removed.length) parts.push(`${diff.removed.length} removed (${ids(diff.removed)})`);
  if (diff.changed.length) {
    const each = diff.changed.map((c) => `${c.id}: ${c.changes.map((f) => f.field).join(', ')}`).join('; ');
    parts.push(`${diff.changed.length} changed (${each})`);
  }
  parts.push(`${diff.unchanged} unchanged`);
  return parts.join('; ');
}

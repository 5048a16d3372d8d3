/**
 * 分解 (docs/domain.md "分解"): the lead department splits its measure into parts for named units. Each part is a
 * measure of its own (a child workflow with the full lifecycle); the parent keeps the parts as they last reported,
 * rolls them up, and may not be handed in (SUBMIT) while a part is open unless the lead closed the split
 * (CLOSE_SPLIT). One level: a part is not split again. Pure: the machine's guards and actions, decide()'s reasons
 * and the workflow's child inputs all come from here.
 */
import type { Actor, Light, MeasureEvent } from '../domain/events';
import type { MeasureState } from './states';
import type { Measure } from '../domain/plan';

/** At most this many parts per split (the event schema says the same). */
export const MAX_PARTS = 20;

/** One part as the parent keeps it: what the split said, and the part's state and light as it last reported. */
export interface Part {
  /** 1-based position in the split. */
  n: number;
  /** `<parent measureId>:p<n>`; its workflow id is the parent's with `:p<n>` appended. */
  measureId: string;
  title: string;
  unit: string;
  /** The part's own deadline (the parent's when the split named none); null: 持续推进. */
  dueAt: string | null;
  state: MeasureState;
  light: Light;
  escalation: number;
  /** When the part last reported (absent: not yet). */
  reportedAt?: string;
}

/** A measure's split: who split it, its parts, and — once the lead declared it done — the closing. */
export interface Split {
  by: Actor;
  at: string;
  note?: string;
  parts: Part[];
  /** CLOSE_SPLIT: the lead says the split is done; parts still open run on but no longer hold the parent back. */
  closed?: { by: Actor; at: string; reason: string };
}

/** What a part knows of its parent: who leads it (its escalations reach them too) and where to report. */
export interface ParentRef {
  measureId: string;
  workflowId: string;
  lead: string[];
}

/** Parts finished for the roll-up: verified or closed. A cancelled part counts neither done nor in the total. */
const DONE: ReadonlySet<MeasureState> = new Set(['verified', 'closed']);

/** The roll-up the parent shows: parts done of the parts not cancelled ("已完成 2/3"), and the share. */
export interface RollUp {
  done: number;
  total: number;
  /** done / total, 0–1 (1 when every part was cancelled). */
  share: number;
}

export const partMeasureId = (parentId: string, n: number) => `${parentId}:p${n}`;

/** The part's position from its measure id ("2.3:p2" → 2), or undefined for a plan's own measure. */
export function partNumber(measureId: string): number | undefined {
  const match = /:p(\d+)$/.exec(measureId);
  return match ? Number(match[1]) : undefined;
}

export function rollUp(split: Split): RollUp {
  const counted = split.parts.filter((p) => p.state !== 'cancelled');
  const done = counted.filter((p) => DONE.has(p.state)).length;
  return { done, total: counted.length, share: counted.length ? done / counted.length : 1 };
}

/** Parts neither done nor cancelled. */
export function openParts(split: Split | undefined): Part[] {
  return (split?.parts ?? []).filter((p) => !DONE.has(p.state) && p.state !== 'cancelled');
}

interface SplitHolder {
  measureId: string;
  dueAt: string | null;
  split?: Split;
  parent?: ParentRef;
}

const ms = (iso: string) => new Date(iso).getTime();

/** Why a SPLIT cannot be accepted as sent, or undefined when it can (the state is the machine's to judge). */
export function splitProblem(holder: SplitHolder, event: MeasureEvent): string | undefined {
  if (event.type !== 'SPLIT') return undefined;
  if (holder.parent) {
    return `measure ${holder.measureId} is itself a part of ${holder.parent.measureId}: a part is not split again (分解 has one level)`;
  }
  if (holder.split) return `measure ${holder.measureId} is already split into ${holder.split.parts.length} parts`;
  if (event.parts.length < 1 || event.parts.length > MAX_PARTS) return `event.parts: 1 to ${MAX_PARTS} parts`;
  const seen = new Set<string>();
  for (const [i, part] of event.parts.entries()) {
    const title = part.title.trim();
    if (seen.has(title)) return `event.parts[${i}].title: "${title}" is named twice; each part needs its own title`;
    seen.add(title);
    if (part.dueAt !== undefined && holder.dueAt !== null && ms(part.dueAt) > ms(holder.dueAt)) {
      return `event.parts[${i}].dueAt: ${part.dueAt} is after the measure's own due time ${holder.dueAt}`;
    }
  }
  return undefined;
}

/** Why a CLOSE_SPLIT cannot be accepted, or undefined when it can. */
export function closeSplitProblem(holder: SplitHolder, event: MeasureEvent): string | undefined {
  if (event.type !== 'CLOSE_SPLIT') return undefined;
  if (!holder.split) return `measure ${holder.measureId} is not split (分解): there is no split to close`;
  if (holder.split.closed)
    return `the split of measure ${holder.measureId} was already closed at ${holder.split.closed.at}`;
  return undefined;
}

/** Why the parent may not be handed in now: its open parts, while the split is not closed. */
export function submitProblem(holder: SplitHolder, event: MeasureEvent): string | undefined {
  if (event.type !== 'SUBMIT' || !holder.split || holder.split.closed) return undefined;
  const open = openParts(holder.split);
  if (!open.length) return undefined;
  const list = open.map((p) => `${p.measureId} ${p.title} (${p.unit}, ${p.state})`).join('; ');
  return `measure ${holder.measureId} has ${open.length} open part(s) (分解): ${list}; they must be verified first, or the lead department closes the split (CLOSE_SPLIT)`;
}

/** The split a SPLIT makes (its parts start assigned and green until each reports). */
export function splitOf(holder: SplitHolder, event: Extract<MeasureEvent, { type: 'SPLIT' }>): Split {
  return {
    by: event.actor,
    at: event.at,
    ...(event.note ? { note: event.note } : {}),
    parts: event.parts.map((part, i) => ({
      n: i + 1,
      measureId: partMeasureId(holder.measureId, i + 1),
      title: part.title.trim(),
      unit: part.unit,
      dueAt: part.dueAt ?? holder.dueAt,
      state: 'assigned',
      light: 'green',
      escalation: 0,
    })),
  };
}

/** What a part tells its parent (the signal's payload, and the PART_UPDATE event's). */
export interface PartReport {
  part: number;
  state: MeasureState;
  light: Light;
  escalation: number;
}

/** Whether a report names a part of this split. */
export function isKnownPart(split: Split | undefined, part: number): boolean {
  return split?.parts.some((p) => p.n === part) ?? false;
}

/** The split once a part reported. */
export function reported(split: Split, report: PartReport, at: string): Split {
  return {
    ...split,
    parts: split.parts.map((p) =>
      p.n === report.part
        ? { ...p, state: report.state, light: report.light, escalation: report.escalation, reportedAt: at }
        : p,
    ),
  };
}

/** The units a split names that are not among `known` (the plan's departments), each once. */
export function unknownUnits(parts: ReadonlyArray<{ unit: string }>, known: readonly string[]): string[] {
  const names = new Set(known);
  return [...new Set(parts.map((p) => p.unit).filter((unit) => !names.has(unit)))];
}

/**
 * A part as a measure of its own, for its workflow's input (same plan and indicator; the caller adds the parent):
 * the part's unit as its only 牵头部门, the parent's 责任领导, the part's deadline.
 */
export function partMeasure(parent: Measure, part: Part): Measure {
  return {
    id: part.measureId,
    indicator: parent.indicator,
    number: parent.number,
    title: part.title,
    text: `${part.title}（分解自 ${parent.id} ${parent.title}）`,
    lead: [part.unit],
    support: [],
    leaders: parent.leaders,
    dueAt: part.dueAt,
  };
}

/** "分解为 3 项: A（甲局, 截止 …）；…" for the timeline. */
export function describeSplit(split: Split): string {
  const parts = split.parts.map((p) => `${p.measureId} ${p.title}（${p.unit}, 截止 ${p.dueAt ?? '持续推进'}）`);
  return `分解为 ${split.parts.length} 项: ${parts.join('；')}${split.note ? ` — ${split.note}` : ''}`;
}

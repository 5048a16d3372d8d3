/**
 * 我的待办: the measures where the signed-in actor has something to do now — the events the machine allows them
 * (service.getFor), not a guess from their role. Candidates come from visibility (a department's measures, a
 * leader's, or every open one for the two offices), most urgent first; at most INBOX_CHECK of them are read.
 * CANCEL alone is not a task: the coordinator may cancel any open measure, which would put all of them here; the
 * same holds for 改派, 直接延期 and 催办 (the two offices) and for 转办 (a lead may hand on any open measure).
 */
import type { Actor, EventType } from '../domain/events';
import { DubanError } from '../service/errors';
import type { MeasureService, MeasureSummary, MeasureViewFor } from '../service/measures';
import type { MeasureFilter } from '../temporal/visibility-query';
import { isLight, LIGHT_ORDER } from './words';

export const INBOX_CHECK = 200;
const CONCURRENCY = 8;
/**
 * Each measure's query is bounded on its own: a measure whose worker is gone (a task queue nobody polls any more)
 * would otherwise hold the whole page until the request's deadline. It is counted as not answering instead.
 */
export const INBOX_QUERY_DEADLINE_MS = 4_000;
// Powers that are always there while a measure is open, not something waiting for the actor.
const NOT_TASKS: ReadonlySet<EventType> = new Set([
  'CANCEL',
  'REASSIGN',
  'EXTEND',
  'URGE',
  'TRANSFER_REQUEST',
  'REQUEST_PAUSE',
  'SPLIT',
  'CLOSE_SPLIT',
]);
const OPEN_STATES = ['assigned', 'in_progress', 'paused', 'submitted', 'verified'] as const;

export interface Inbox {
  items: Array<MeasureViewFor & { tasks: EventType[] }>;
  /** How many candidates there were, and whether some were left unread (more than INBOX_CHECK). */
  candidates: number;
  truncated: boolean;
  /** Candidates whose workflow did not answer within INBOX_QUERY_DEADLINE_MS (their tasks are unknown). */
  unanswered: number;
}

function candidateFilters(actor: Actor, plan?: string): MeasureFilter[] {
  const open = (f: MeasureFilter) => OPEN_STATES.map((state) => ({ ...f, state }));
  if (plan) return candidateFilters(actor).map((f) => ({ ...f, plan }));
  if (actor.startsWith('dept:')) {
    const name = actor.slice('dept:'.length);
    // As support it acts only in progress; a 转办 waiting for it (listed in DubanSupport meanwhile) also while assigned.
    return [...open({ lead: name }), { support: name, state: 'in_progress' }, { support: name, state: 'assigned' }];
  }
  if (actor.startsWith('leader:')) return open({ leader: actor.slice('leader:'.length) });
  return open({});
}

const lightRank = (light: string | undefined) => (isLight(light) ? LIGHT_ORDER.indexOf(light) : LIGHT_ORDER.length);
const dueRank = (due: string | null | undefined) => (due ? new Date(due).getTime() : Number.POSITIVE_INFINITY);

/** Red before yellow before green, then the nearest deadline (持续推进 last), then plan and measure. */
export function byUrgency(
  a: { light?: string; dueAt?: string | null; planId: string; measureId: string },
  b: { light?: string; dueAt?: string | null; planId: string; measureId: string },
): number {
  return (
    lightRank(a.light) - lightRank(b.light) ||
    dueRank(a.dueAt) - dueRank(b.dueAt) ||
    a.planId.localeCompare(b.planId) ||
    a.measureId.localeCompare(b.measureId, 'en', { numeric: true })
  );
}

/** The inbox of `actor`, optionally of one plan only (the two offices see every plan's measures otherwise). */
export async function loadInbox(service: MeasureService, actor: Actor, plan?: string): Promise<Inbox> {
  const seen = new Map<string, MeasureSummary>();
  for (const filter of candidateFilters(actor, plan)) {
    for (const row of await service.listAll(filter)) seen.set(row.workflowId, row);
  }
  const candidates = [...seen.values()].sort(byUrgency);
  const checked = candidates.slice(0, INBOX_CHECK);
  const views: MeasureViewFor[] = [];
  let next = 0;
  let unanswered = 0;
  const worker = async () => {
    while (next < checked.length) {
      const row = checked[next++]!;
      try {
        views.push(await service.getFor(row.workflowId, actor, { deadlineMs: INBOX_QUERY_DEADLINE_MS }));
      } catch (err) {
        // A measure gone between the listing and the query has nothing left to do. Any other failure (no answer in
        // time, no worker polling its queue, a rejected query) leaves its tasks unknown, and the page says so.
        if (!(err instanceof DubanError && err.kind === 'not_found')) unanswered++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, checked.length) }, worker));
  const items = views
    .map((view) => ({ ...view, tasks: view.allowed.filter((e) => !NOT_TASKS.has(e)) }))
    .filter((view) => view.tasks.length > 0)
    .sort(byUrgency);
  return { items, candidates: candidates.length, truncated: candidates.length > checked.length, unanswered };
}

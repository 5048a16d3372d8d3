/**
 * Bulk actions (批量操作) for the supervision group and the coordinator: one event — 直接延期 (EXTEND), 催办 (URGE),
 * 改派 (REASSIGN) or 撤销 (CANCEL) — to every measure a visibility filter matches, a few at a time, each through the
 * ordinary `send`, so every measure's own workflow still judges it (the machine's refusal reasons come back per
 * measure). A dry run reads each measure and says what would change or why it would be refused; it sends nothing.
 */
import { z } from 'zod';
import { PersonEventBodySchema, type Actor, type PersonEventBody } from '../domain/events';
import { decideOnView, type MeasureView } from '../measure';
import { MeasureFilterSchema } from '../temporal/visibility-query';
import { DubanError } from './errors';
import type { MeasureService, MeasureSummary } from './measures';

/** Each bulk action and the event it sends. */
export const BULK_EVENTS = { extend: 'EXTEND', remind: 'URGE', reassign: 'REASSIGN', cancel: 'CANCEL' } as const;
export type BulkAction = keyof typeof BULK_EVENTS;

/** Measures changed at once: enough to finish a plan quickly, few enough not to crowd out the workers. */
export const BULK_CONCURRENCY = 8;

export const BulkRequestSchema = z.strictObject({
  action: z.enum(Object.keys(BULK_EVENTS) as [BulkAction, ...BulkAction[]]),
  filter: MeasureFilterSchema.refine((f) => Object.values(f).some((v) => v !== undefined), {
    message: 'a bulk action needs a filter: plan, indicator, lead, light, state, … (never every measure at once)',
  }),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .describe(
      'the event’s fields: extend {newDueAt, reason}; remind {note?}; reassign {lead?, support?, reason}; cancel {reason}',
    ),
  dryRun: z.boolean().default(false),
});
export type BulkRequest = z.input<typeof BulkRequestSchema>;

export type BulkOutcome = 'succeeded' | 'refused' | 'failed' | 'would_change' | 'would_be_refused';

export interface BulkItem {
  workflowId: string;
  planId: string;
  measureId: string;
  title?: string;
  outcome: BulkOutcome;
  /** Why it was (or would be) refused — the machine's reason — or why it failed. */
  reason?: string;
  /** What changed (or would): the state and due time before and after, the units after a 改派. */
  before?: { state: string; dueAt: string | null; lead: string[] };
  after?: { state: string; dueAt: string | null; lead: string[]; support: string[] };
}

export interface BulkReport {
  action: BulkAction;
  event: PersonEventBody;
  dryRun: boolean;
  matched: number;
  counts: Record<BulkOutcome, number>;
  items: BulkItem[];
}

const OFFICES: readonly Actor[] = ['supervisor', 'coordinator'];

/** Refuses (403) anyone but the two offices, before their request is even read. */
export function assertBulkActor(actor: Actor): void {
  if (OFFICES.includes(actor)) return;
  throw new DubanError(
    'forbidden',
    `${actor} may not run bulk actions: only the 联合督导组 (supervisor) and the coordinating office (coordinator) may`,
  );
}

/** The one event a bulk request sends to each measure, checked by the events' own schema (fields as `params.x`). */
export function bulkEvent(action: BulkAction, params: Record<string, unknown>): PersonEventBody {
  const parsed = PersonEventBodySchema.safeParse({ ...params, type: BULK_EVENTS[action] });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `params.${i.path.join('.') || '(type)'}: ${i.message}`);
  throw new DubanError('bad_request', `${action}: ${problems.join('; ')}`);
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping their order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const before = (v: MeasureView) => ({ state: v.state, dueAt: v.dueAt, lead: v.lead });
const after = (v: MeasureView) => ({ state: v.state, dueAt: v.dueAt, lead: v.lead, support: v.support });

/**
 * A bulk action as `actor` (the supervision group or the coordinator only: anyone else is refused before anything
 * is read). `key` makes it idempotent per measure: the same key again learns each measure's one outcome.
 */
export async function runBulk(
  service: MeasureService,
  actor: Actor,
  request: BulkRequest,
  opts: { key?: string; concurrency?: number } = {},
): Promise<BulkReport> {
  assertBulkActor(actor);
  const parsed = BulkRequestSchema.safeParse(request);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    throw new DubanError('bad_request', problems.join('; '));
  }
  const { action, filter, params, dryRun } = parsed.data;
  const event = bulkEvent(action, params);
  const matches = await service.listAll(filter);
  matches.sort((a, b) => a.workflowId.localeCompare(b.workflowId, 'en', { numeric: true }));
  const one = dryRun
    ? (m: MeasureSummary): Promise<BulkItem> => judge(service, actor, event, m)
    : (m: MeasureSummary) => apply(service, actor, event, m, opts.key);
  const items = await mapLimit(matches, opts.concurrency ?? BULK_CONCURRENCY, one);
  const counts: Record<BulkOutcome, number> = {
    succeeded: 0,
    refused: 0,
    failed: 0,
    would_change: 0,
    would_be_refused: 0,
  };
  for (const item of items) counts[item.outcome]++;
  return { action, event, dryRun, matched: matches.length, counts, items };
}

const row = (m: MeasureSummary) => ({
  workflowId: m.workflowId,
  planId: m.planId,
  measureId: m.measureId,
  ...(m.title ? { title: m.title } : {}),
});

/** Dry run: the machine's verdict on the measure as it is now, and what the event would leave. */
async function judge(
  service: MeasureService,
  actor: Actor,
  event: PersonEventBody,
  m: MeasureSummary,
): Promise<BulkItem> {
  try {
    const view = await service.get(m.workflowId);
    const verdict = decideOnView(view, { ...event, actor, at: new Date().toISOString() });
    if (!verdict.ok) return { ...row(m), outcome: 'would_be_refused' as const, reason: verdict.reason };
    return { ...row(m), outcome: 'would_change' as const, before: before(view), after: predicted(view, event) };
  } catch (err) {
    return { ...row(m), outcome: 'failed' as const, reason: (err as Error).message };
  }
}

/** What a dry run says the event would leave (the workflow's answer is the real one). */
function predicted(view: MeasureView, event: PersonEventBody): BulkItem['after'] {
  const next = after(view);
  if (event.type === 'EXTEND') return { ...next, dueAt: event.newDueAt };
  if (event.type === 'CANCEL') return { ...next, state: 'cancelled' };
  if (event.type === 'REASSIGN') {
    const lead = event.lead ?? view.lead;
    return { ...next, lead, support: (event.support ?? view.support).filter((u) => !lead.includes(u)) };
  }
  return next;
}

async function apply(
  service: MeasureService,
  actor: Actor,
  event: PersonEventBody,
  m: MeasureSummary,
  key?: string,
): Promise<BulkItem> {
  try {
    const previous = { state: m.state ?? '', dueAt: m.dueAt ?? null, lead: m.lead };
    const view = await service.send(m.workflowId, actor, event, {
      ...(key ? { updateId: `${actor}/${key}/${m.workflowId}` } : {}),
    });
    return { ...row(m), outcome: 'succeeded' as const, before: previous, after: after(view) };
  } catch (err) {
    if (err instanceof DubanError && ['forbidden', 'conflict', 'bad_request'].includes(err.kind)) {
      return { ...row(m), outcome: 'refused' as const, reason: err.message };
    }
    return { ...row(m), outcome: 'failed' as const, reason: (err as Error).message };
  }
}

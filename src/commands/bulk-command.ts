/**
 * `duban bulk <extend|remind|reassign|cancel>`: a thin CLI adapter over runBulk (src/service/bulk.ts) — the filter
 * and the event's fields from options, `--dry-run` to see first, and a line per measure: succeeded, refused (with
 * the machine's reason) or failed. Exits 5 when any measure refused or failed, so scripts notice.
 */
import { SHANGHAI_OFFSET } from '../domain/beijing-time';
import type { Actor } from '../domain/events';
import { runBulk, type BulkAction, type BulkItem, type BulkReport } from '../service/bulk';
import { DubanError } from '../service/errors';
import type { MeasureService } from '../service/measures';
import type { MeasureFilter } from '../temporal/visibility-query';
import { table } from './format';

export interface BulkOptions {
  as: Actor;
  /** YYYY-MM-DD (the end of that day, Beijing time) or an instant with its offset. */
  due?: string;
  reason?: string;
  note?: string;
  toLead?: string;
  toSupport?: string;
  dryRun?: boolean;
  json?: boolean;
  key?: string;
}

const units = (list: string | undefined) =>
  list === undefined
    ? undefined
    : list
        .split(/[、，,；;]+/)
        .map((s) => s.trim())
        .filter(Boolean);

/** The event's fields from the options (the events' own schema checks them in runBulk). */
export function bulkParams(action: BulkAction, o: BulkOptions): Record<string, unknown> {
  const due = o.due && /^\d{4}-\d{2}-\d{2}$/.test(o.due) ? `${o.due}T23:59:59${SHANGHAI_OFFSET}` : o.due;
  const fields: Record<BulkAction, Record<string, unknown>> = {
    extend: { newDueAt: due, reason: o.reason },
    remind: { note: o.note },
    reassign: { lead: units(o.toLead), support: units(o.toSupport), reason: o.reason },
    cancel: { reason: o.reason },
  };
  return Object.fromEntries(Object.entries(fields[action]).filter(([, v]) => v !== undefined));
}

const change = (item: BulkItem) => {
  if (!item.before || !item.after) return '';
  const parts: string[] = [];
  if (item.before.state !== item.after.state) parts.push(`${item.before.state} → ${item.after.state}`);
  if (item.before.dueAt !== item.after.dueAt)
    parts.push(`due ${item.before.dueAt?.slice(0, 10) ?? '—'} → ${item.after.dueAt?.slice(0, 10) ?? '—'}`);
  if (item.before.lead.join() !== item.after.lead.join())
    parts.push(`牵头部门 ${item.before.lead.join('、')} → ${item.after.lead.join('、')}`);
  return parts.join('; ');
};

export function printBulkReport(report: BulkReport): string {
  const rows = report.items.map((i) => [i.workflowId, i.outcome, i.reason ?? change(i)]);
  const counts = Object.entries(report.counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const head = `${report.dryRun ? 'dry run — nothing sent: ' : ''}${report.action} (${report.event.type}) on ${report.matched} measure(s)`;
  return [
    head,
    table(['workflow id', 'outcome', 'change / reason'], rows, [0, 0, 80]),
    counts || 'no measure matched',
  ].join('\n');
}

export async function bulkCommand(service: MeasureService, action: BulkAction, filter: MeasureFilter, o: BulkOptions) {
  const report = await runBulk(
    service,
    o.as,
    { action, filter, params: bulkParams(action, o), dryRun: Boolean(o.dryRun) },
    { key: o.key },
  );
  console.log(o.json ? JSON.stringify(report, null, 2) : printBulkReport(report));
  if (report.counts.refused || report.counts.failed) {
    throw new DubanError('conflict', `${report.counts.refused} refused, ${report.counts.failed} failed`, {
      printed: o.json,
    });
  }
}

/**
 * `duban plan show <planId>`: a plan's record — what was imported, its source and every revision — and the text of
 * an amendment (a re-import's difference, and what applying it did), which `duban import` prints.
 */
import { z } from 'zod';
import { PlanIdSchema } from '../domain/plan';
import type { AmendmentReport } from '../importer/amend';
import type { FactValue, FieldChange, PlanRecord } from '../measure';
import type { PlanService } from '../service/plans';
import { parseOptions } from './options';

const FIELD_LABELS: Record<FieldChange['field'], string> = {
  title: '标题 title',
  lead: '牵头部门 lead',
  support: '配合部门 support',
  leaders: '责任领导 leaders',
  dueAt: '截止 due',
};

const value = (v: FactValue) => (v === null ? '持续推进' : Array.isArray(v) ? v.join('、') || '—' : v);

/** The difference line by line, then (once applied) each measure's outcome. */
export function formatAmendment(a: AmendmentReport): string {
  const { diff } = a;
  const lines = [`plan ${a.planId}: revision ${a.baseRevision} → ${a.revision}: ${a.summary}`];
  for (const m of diff.added)
    lines.push(`  + ${m.id} ${m.title} (牵头部门: ${m.lead.join('、')}, 截止: ${value(m.dueAt)})`);
  for (const m of diff.removed) lines.push(`  - ${m.id} ${m.title}`);
  for (const c of diff.changed) {
    lines.push(`  ~ ${c.id} ${c.title}`);
    for (const f of c.changes) lines.push(`      ${FIELD_LABELS[f.field]}: ${value(f.from)} → ${value(f.to)}`);
  }
  if (!a.applied) {
    if (diff.added.length || diff.removed.length || diff.changed.length)
      lines.push('\nnothing was changed: run the same import with --apply (API: ?apply=1) to apply this revision.');
    return lines.join('\n');
  }
  lines.push('');
  for (const r of a.results) {
    const fields = r.fields?.length ? ` [${r.fields.join(', ')}]` : '';
    lines.push(
      `  ${r.outcome.padEnd(7)} ${r.change.padEnd(7)} ${r.workflowId}${fields}${r.reason ? ` — ${r.reason}` : ''}`,
    );
  }
  const { applied, skipped, failed } = a.counts;
  lines.push(`\nrevision ${a.revision} recorded: ${applied} applied, ${skipped} skipped, ${failed} failed.`);
  if (failed) lines.push('the failed measures keep their old facts in the record: the same import again retries them.');
  return lines.join('\n');
}

export function formatRecord(record: PlanRecord): string {
  const h = record.header;
  const first = record.revisions[0];
  const lines = [
    `${h.title}`,
    `  plan id: ${h.planId} · issuer: ${h.issuer ?? '—'} · published: ${h.publishedAt ?? '—'} · revision ${record.revision}`,
    `  联合督导组: ${h.supervisors.join('、') || '—'} · 统筹协调: ${h.coordinator ?? '—'}`,
    `  measures: ${record.measures.length} · default due: ${h.defaultDueAt ?? '—'}`,
    `  source: ${first?.source.fileName ?? '—'} (sha256 ${first?.source.sha256 ?? '—'})`,
    '',
    '  revisions:',
  ];
  for (const r of record.revisions) {
    const outcome = r.outcome
      ? ` [${r.outcome.applied} applied, ${r.outcome.skipped} skipped, ${r.outcome.failed} failed]`
      : '';
    lines.push(`    r${r.revision}  ${r.at}  ${r.by}  ${r.source.fileName ?? ''} ${r.source.sha256.slice(0, 12)}`);
    lines.push(`        ${r.summary}${outcome}`);
  }
  return lines.join('\n');
}

const ShowArgsSchema = z.object({ planId: PlanIdSchema, json: z.boolean().optional() });

export async function planShowCommand(plans: PlanService, rawArgs: unknown): Promise<void> {
  const args = parseOptions(ShowArgsSchema, rawArgs);
  const record = await plans.show(args.planId);
  console.log(args.json ? JSON.stringify(record, null, 2) : formatRecord(record));
}

/**
 * `duban import <file>`: parse, show what was understood, and (unless --dry-run) start one workflow per measure.
 * With `--review <file>.yaml`, write what was read as an editable plan file instead (review-command.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { allMeasures, PlanIdSchema } from '../domain/plan';
import { isZip } from '../importer/docx';
import { loadCalendarFile } from '../importer/calendar-file';
import { importPlan, type ImportOutcome } from '../importer/import-plan';
import { checkSourceSize, decodeSourceText, isOfficeFileError, officeText } from '../importer/office';
import { formatIssue } from '../importer/parse';
import { DubanError } from '../service/errors';
import { progressBar, table } from './format';
import { formatAmendment } from './plan-command';
import { parseOptions } from './options';
import { reviewCommand } from './review-command';

export const ImportArgsSchema = z.object({
  file: z.string().min(1),
  planId: PlanIdSchema.optional(),
  /** The same as planId (`--plan`, as `duban list` spells it). */
  plan: PlanIdSchema.optional(),
  /** For a plan that exists already: apply the difference (without it, it is only printed). */
  apply: z.boolean().optional(),
  deadline: z.iso.date('--deadline must be YYYY-MM-DD').optional(),
  dryRun: z.boolean().optional(),
  json: z.boolean().optional(),
  review: z.string().min(1).optional(),
});
export type ImportArgs = z.infer<typeof ImportArgsSchema>;

/**
 * The plan's text: a text or plan file as it is; a Word document (.docx) or an Excel task list (.xlsx) as the text
 * copied out of it. A zip container is a Word document unless its name says .xlsx.
 */
export async function readPlanFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    // Only a regular file of a plan's size is read: a FIFO or a device would block or never end.
    const stat = statSync(file);
    if (!stat.isFile()) throw new DubanError('bad_request', `${file} is not a regular file`);
    checkSourceSize({ length: stat.size } as Uint8Array);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof DubanError) throw err;
    if (isOfficeFileError(err)) throw new DubanError('bad_request', `${file}: ${err.message}`);
    throw new DubanError(
      'bad_request',
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  try {
    if (!isZip(bytes)) return decodeSourceText(bytes);
    return await officeText(bytes, /\.xlsx$/i.test(file) ? 'xlsx' : 'docx');
  } catch (err) {
    if (isOfficeFileError(err)) throw new DubanError('bad_request', `${file}: ${err.message}`);
    throw err;
  }
}

/** Runs an import and prints it; returns the outcome (errors are thrown as DubanError after printing them). */
export async function importCommand(
  connect: () => Promise<{ client: Client; taskQueue: string }>,
  rawArgs: unknown,
  /** The deployment's extra calendar days (DUBAN_CALENDAR_FILE), read only when a plan is imported. */
  calendarFile?: string,
): Promise<ImportOutcome | undefined> {
  const args = parseOptions(ImportArgsSchema, rawArgs);
  const text = await readPlanFile(args.file);
  if (args.review !== undefined) {
    reviewCommand(text, { ...args, review: args.review });
    return undefined;
  }
  const common = { filename: path.basename(args.file), planId: args.planId ?? args.plan, deadline: args.deadline };
  const target = args.dryRun ? undefined : await connect();
  const outcome = await importPlan(target?.client, text, {
    ...common,
    dryRun: args.dryRun,
    apply: args.apply,
    calendar: loadCalendarFile(calendarFile),
    taskQueue: target?.taskQueue ?? '',
    onProgress: args.json ? undefined : progressBar('starting measures'),
  });
  if (args.json) {
    console.log(JSON.stringify(outcome.ok && args.dryRun ? outcome.plan : outcome, null, 2));
  } else {
    printOutcome(args.file, outcome, Boolean(args.dryRun));
  }
  if (!outcome.ok) {
    throw new DubanError('bad_request', `${args.file}: ${outcome.errors.length} error(s); nothing was started`, {
      printed: true,
    });
  }
  return outcome;
}

export function printOutcome(file: string, outcome: ImportOutcome, dryRun: boolean) {
  for (const w of outcome.warnings) console.error(`warning: ${formatIssue(w)}`);
  if (!outcome.ok) {
    for (const e of outcome.errors)
      console.error(`error: ${e.path && e.line === undefined ? `${e.path}: ` : ''}${formatIssue(e)}`);
    console.error(`${file}: ${outcome.errors.length} error(s); nothing was started.`);
    return;
  }
  const { plan, report, amendment } = outcome;
  if (amendment && !report) {
    // A plan that exists already, and the document changes it: the difference (and what applying it did) is all.
    console.log(formatAmendment(amendment));
    return;
  }
  const rows = allMeasures(plan).map(({ indicator, measure }) => [
    `(${indicator.code}) ${indicator.name}`,
    `${measure.id} ${measure.title}`,
    measure.lead.join('、'),
    measure.leaders.join('、'),
    measure.dueAt?.slice(0, 10) ?? '持续推进',
    `duban/${plan.id}/${measure.id}`,
  ]);
  console.log(
    `${plan.title}\n  plan id: ${plan.id} · issuer: ${plan.issuer ?? '—'} · published: ${plan.publishedAt ?? '—'}`,
  );
  console.log(`  联合督导组: ${plan.supervisors.join('、') || '—'} · 统筹协调: ${plan.coordinator ?? '—'}\n`);
  console.log(
    table(['indicator', 'measure', '牵头部门', '责任领导', 'due', 'workflow id'], rows, [16, 36, 20, 16, 10, 0]),
  );
  const count = rows.length;
  if (dryRun || !report) {
    console.log(
      `\ndry run: ${plan.indicators.length} indicators, ${count} measures parsed from ${file}; nothing started.`,
    );
    return;
  }
  console.log(
    `\nimported ${file}: ${report.started} started, ${report.existing} already there (running or finished), ${report.removed.length} no longer in the plan.`,
  );
  for (const id of report.removed) console.log(`  removed from plan (left running; cancel it deliberately): ${id}`);
  if (report.pastDue.length) {
    console.error(
      `\n!!! ${report.pastDue.length} measure(s) were already past their deadline at import: they start RED and escalate at once` +
        ` (催办 to 牵头部门 and 责任领导, 督办 to the supervision group). If that is not intended, use --deadline.`,
    );
  }
}

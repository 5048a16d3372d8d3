/**
 * `duban import <document> --review <file>.yaml`: instead of importing, writes what the parser read as an editable
 * plan file, every doubt a comment beside its measure (src/importer/review-file.ts). Starts nothing and needs no
 * Temporal; a plan whose measures lack a lead is reviewed all the same — that is what the file is for. Once filled
 * in, `duban import <file>.yaml` imports it like any plan file.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatIssue } from '../importer/parse';
import { measuresWithoutLead, reviewPlanSource, type Review } from '../importer/review';
import { reviewFileText } from '../importer/review-file';
import { DubanError } from '../service/errors';

export interface ReviewArgs {
  file: string;
  review: string;
  planId?: string;
  deadline?: string;
  json?: boolean;
}

/** Writes the review file (never over an existing one: it may hold someone's edits) and says what is left to do. */
export function reviewCommand(text: string, args: ReviewArgs): Review {
  if (!/\.ya?ml$/i.test(args.review)) {
    throw new DubanError('bad_request', `--review: ${args.review}: the review is a YAML plan file (name it *.yaml)`);
  }
  if (existsSync(args.review)) {
    throw new DubanError(
      'bad_request',
      `--review: ${args.review} already exists (it may hold edits): remove it or choose another name`,
    );
  }
  const filename = path.basename(args.file);
  const result = reviewPlanSource(text, { filename, planId: args.planId, deadline: args.deadline });
  if (!result.ok) {
    for (const w of result.warnings) console.error(`warning: ${formatIssue(w)}`);
    for (const e of result.errors) console.error(`error: ${formatIssue(e)}`);
    throw new DubanError('bad_request', `${args.file}: nothing to review; no review file written`, { printed: true });
  }
  const review: Review = { plan: result.plan, doubts: result.doubts };
  writeFileSync(args.review, reviewFileText(review, { filename, reviewFile: args.review }));
  if (args.json) {
    console.log(JSON.stringify({ review: args.review, ...review }, null, 2));
    return review;
  }
  const measures = review.plan.indicators.flatMap((i) => i.measures).length;
  const missing = measuresWithoutLead(review.plan);
  for (const d of review.doubts) {
    console.error(`${d.severity === 'error' ? 'to fill in' : 'doubt'}: ${formatIssue(d)}`);
  }
  console.log(
    `wrote ${args.review}: ${review.plan.indicators.length} indicators, ${measures} measures, ` +
      `${review.doubts.length} doubt(s) as "# ?" comments; nothing was started.`,
  );
  if (missing.length > 0) console.log(`  fill in the lead of ${missing.join(', ')} (lead: [])`);
  console.log(`  then: duban import ${args.review}`);
  return review;
}

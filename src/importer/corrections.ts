/**
 * Corrections to a review (review.ts), made in place on a page instead of in the review file: per measure, in the
 * plan's order, its 牵头部门, 配合部门, 责任领导 (names as typed, "甲局、乙局") and 完成时限 (a date, or empty for
 * 持续推进). Applied to the draft, the result is written as the review file `duban import --review` writes
 * (review-file.ts) and imported as that plan file, so the page and the CLI take one path and one validation.
 * Only what differs from the draft changes: an untouched field keeps what the document said (its time of day, its
 * 时限 text).
 */
import { z } from 'zod';
import { measureCount, type Measure } from '../domain/plan';
import { shanghaiDate } from '../measure';
import type { Review } from './review';
import { reviewFileText } from './review-file';

/** Names as people type them: separated by 、，, ; or spaces. */
export function splitNames(text: string): string[] {
  return text
    .split(/[、，,；;\s]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const namesText = z
  .string()
  .max(2000)
  .transform(splitNames)
  .pipe(z.array(z.string().max(100)).max(30));

export const MeasureCorrectionSchema = z.strictObject({
  lead: namesText.pipe(z.array(z.string()).min(1, 'a measure needs at least one 牵头部门 (lead department)')),
  support: namesText,
  leaders: namesText,
  dueAt: z.union([z.literal(''), z.iso.date('a 完成时限 is a date, YYYY-MM-DD (or empty for 持续推进)')]),
});
export type MeasureCorrection = z.input<typeof MeasureCorrectionSchema>;

export const CorrectionsSchema = z.array(MeasureCorrectionSchema);

/** The end of that day in Beijing, as the documents' deadlines are read. */
const endOfDay = (date: string) => `${date}T23:59:59+08:00`;

const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function corrected(m: Measure, c: z.output<typeof MeasureCorrectionSchema>): Measure {
  const out: Measure = { ...m, lead: c.lead, support: c.support.filter((u) => !c.lead.includes(u)) };
  if (sameNames(out.support, m.support)) out.support = m.support;
  if (!sameNames(c.leaders, m.leaders)) out.leaders = c.leaders;
  const was = m.dueAt ? shanghaiDate(Date.parse(m.dueAt)) : '';
  if (c.dueAt !== was) {
    out.dueAt = c.dueAt === '' ? null : endOfDay(c.dueAt);
    delete out.dueText;
  }
  return out;
}

export type CorrectionResult =
  | { ok: true; plan: Review['plan']; file: string }
  | { ok: false; issues: Array<{ index: number; field: string; message: string }> };

/**
 * The review's draft with `corrections` (one per measure, in plan order) applied, and the plan file that imports
 * it. Refused, with each field's issue, when a correction is not valid or their number is not the measures'.
 */
export function applyCorrections(review: Review, corrections: unknown): CorrectionResult {
  const count = measureCount(review.plan);
  const parsed = CorrectionsSchema.length(count, `one correction per measure (${count})`).safeParse(corrections);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      index: typeof i.path[0] === 'number' ? i.path[0] : -1,
      field: String(i.path[1] ?? ''),
      message: i.message,
    }));
    return { ok: false, issues };
  }
  let k = 0;
  const plan = {
    ...review.plan,
    indicators: review.plan.indicators.map((ind) => ({
      ...ind,
      measures: ind.measures.map((m) => corrected(m, parsed.data[k++]!)),
    })),
  };
  return { ok: true, plan, file: reviewFileText({ plan, doubts: [] }) };
}

/**
 * The plan model (docs/domain.md "Model"): zod schemas are the source of truth for every plan that enters duban,
 * whether parsed from a Chinese document or written as JSON/YAML. This is the *normalised* plan: every measure
 * carries its own lead, support, leaders and due time, so a measure workflow needs nothing else to run.
 */
import { z } from 'zod';

/** Stable slug: lower-case letters, digits and dashes (used in workflow ids and visibility queries). */
export const PlanIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a plan id is a slug: lower-case letters, digits and "-", at most 63 characters');

/** A measure id is `<indicator code>.<number>`, e.g. "2.3". */
export const MeasureIdSchema = z.string().regex(/^\d+\.\d+$/, 'a measure id looks like "2.3" (indicator.number)');

/** A measure as the API and the workbench address it: a plan's own ("2.3") or a part of one (分解, "2.3:p1"). */
export const MeasureRefIdSchema = z
  .string()
  .regex(/^\d+\.\d+(:p\d{1,2})?$/, 'a measure id looks like "2.3" (indicator.number), a part of one like "2.3:p1"');

/** An instant with its offset, e.g. "2021-12-31T23:59:59+08:00". */
export const InstantSchema = z.iso.datetime({ offset: true });

const names = z.array(z.string().min(1));

export const MeasureSchema = z.strictObject({
  id: MeasureIdSchema,
  indicator: z.string().regex(/^\d+$/),
  number: z.int().positive(),
  /** The first sentence of the measure. */
  title: z.string().min(1),
  /** The full text, attribution removed. */
  text: z.string().min(1),
  /** 牵头部门 (one or more). */
  lead: names.min(1, 'a measure needs at least one 牵头部门 (lead department)'),
  /** 配合部门. */
  support: names,
  /** 责任领导, inherited from the indicator unless the measure names its own. */
  leaders: names,
  /** Due instant; null means 持续推进 (ongoing, no deadline). */
  dueAt: InstantSchema.nullable(),
  /** The measure's own 时限 text when the document gave one (e.g. "2024年6月底前"). */
  dueText: z.string().optional(),
  /** 1-based line in the source document, when imported from one. */
  line: z.int().positive().optional(),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const ProblemSchema = z.strictObject({
  number: z.int().positive(),
  title: z.string().min(1),
  text: z.string().min(1),
  line: z.int().positive().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const IndicatorSchema = z.strictObject({
  code: z.string().regex(/^\d+$/),
  name: z.string().min(1),
  leaders: names,
  lead: names,
  support: names,
  score: z.number().optional(),
  rank: z.int().positive().optional(),
  /** Signed distance to the provincial frontier and average values (e.g. -4.00 and +1.06). */
  gaps: z.strictObject({ frontier: z.number().optional(), average: z.number().optional() }).optional(),
  problems: z.array(ProblemSchema),
  measures: z.array(MeasureSchema).min(1, 'an indicator needs at least one 整改措施 (measure)'),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const EvaluationSchema = z.strictObject({
  total: z.number().optional(),
  rank: z.int().positive().optional(),
  of: z.int().positive().optional(),
  objective: z.strictObject({ score: z.number(), rank: z.int().positive().optional() }).optional(),
  satisfaction: z.strictObject({ score: z.number(), rank: z.int().positive().optional() }).optional(),
});

export const PlanSchema = z.strictObject({
  id: PlanIdSchema,
  title: z.string().min(1),
  issuer: z.string().optional(),
  /** 发布时间, a calendar date (YYYY-MM-DD). */
  publishedAt: z.iso.date().optional(),
  /** The plan-wide deadline; null when the plan has none (every measure then carries its own or is ongoing). */
  defaultDueAt: InstantSchema.nullable(),
  evaluation: EvaluationSchema.optional(),
  /** The joint supervision group (联合督导组). */
  supervisors: names,
  /** The coordinating office (统筹协调). */
  coordinator: z.string().optional(),
  indicators: z.array(IndicatorSchema).min(1, 'a plan needs at least one indicator'),
});
export type Plan = z.infer<typeof PlanSchema>;

/** How many measures a plan (or a review's draft of one) holds. */
export function measureCount(plan: { indicators: ReadonlyArray<{ measures: readonly unknown[] }> }): number {
  return plan.indicators.reduce((n, i) => n + i.measures.length, 0);
}

export function allMeasures(plan: Plan): Array<{ indicator: Indicator; measure: Measure }> {
  return plan.indicators.flatMap((indicator) => indicator.measures.map((measure) => ({ indicator, measure })));
}

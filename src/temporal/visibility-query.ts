/**
 * Builds Temporal visibility queries from user filters. Pure. Every value is validated (no quotes, backslashes or
 * control characters can reach the query) and then quoted, so a filter can never change the query's shape.
 */
import { z } from 'zod';
import { LightSchema } from '../domain/events';
import { PlanIdSchema } from '../domain/plan';
import { SA, STATES } from '../measure';
import { MEASURE_WORKFLOW_TYPE } from './names';

/** A department, leader or indicator name as it may appear in a filter. */
const NameFilter = z
  .string()
  .min(1)
  .max(100)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  .regex(/^[^"'\\`\u0000-\u001f\u007f]+$/, 'may not contain quotes, backslashes or control characters');

export const MeasureFilterSchema = z.strictObject({
  plan: PlanIdSchema.optional(),
  state: z.enum(STATES).optional(),
  light: LightSchema.optional(),
  lead: NameFilter.optional(),
  support: NameFilter.optional(),
  leader: NameFilter.optional(),
  indicator: z.string().regex(/^\d+$/, 'an indicator code is a number, e.g. "2"').optional(),
  /** 分解: the parts of this measure (its workflow id, DubanParent). */
  parent: z
    .string()
    .regex(/^duban\/[a-z0-9][a-z0-9-]*\/\d+\.\d+$/, 'a parent is a measure’s workflow id, e.g. duban/<planId>/2.3')
    .optional(),
  /** Minimum escalation level (DubanEscalation >= n). */
  escalation: z.coerce.number().int().min(0).max(1000).optional(),
});
export type MeasureFilter = z.infer<typeof MeasureFilterSchema>;

const quote = (value: string) => `"${value}"`;

/** The query for measure workflows matching `filter` (already parsed by MeasureFilterSchema). */
export function measureQuery(filter: MeasureFilter): string {
  const f = MeasureFilterSchema.parse(filter); // defence in depth: callers cannot skip validation
  // A run that continued as new is the same measure as its successor: list each measure once, by its latest run.
  const clauses = [`WorkflowType = ${quote(MEASURE_WORKFLOW_TYPE)}`, `ExecutionStatus != "ContinuedAsNew"`];
  if (f.plan) clauses.push(`${SA.plan.name} = ${quote(f.plan)}`);
  if (f.indicator) clauses.push(`${SA.indicator.name} = ${quote(f.indicator)}`);
  if (f.state) clauses.push(`${SA.state.name} = ${quote(f.state)}`);
  if (f.light) clauses.push(`${SA.light.name} = ${quote(f.light)}`);
  if (f.lead) clauses.push(`${SA.lead.name} = ${quote(f.lead)}`);
  if (f.support) clauses.push(`${SA.support.name} = ${quote(f.support)}`);
  if (f.leader) clauses.push(`${SA.leaders.name} = ${quote(f.leader)}`);
  if (f.parent) clauses.push(`${SA.parent.name} = ${quote(f.parent)}`);
  if (f.escalation !== undefined) clauses.push(`${SA.escalation.name} >= ${f.escalation}`);
  return clauses.join(' AND ');
}

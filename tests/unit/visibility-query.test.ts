/**
 * Visibility-query injection: whatever a person types into a filter (API query string, CLI option, workbench form),
 * it is refused or it lands as one quoted value — it can never add a clause or change the query's shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MeasureFilterSchema, measureQuery } from '../../src/temporal/visibility-query';

const NAME_FIELDS = ['lead', 'support', 'leader'] as const;
const HOSTILE = [
  '" OR WorkflowType != "x',
  "自然资源规划建设局' OR 1=1 --",
  '局\\" OR DubanState = "closed',
  'x`; DROP',
  '局\u0000',
  '局\n OR ',
];

describe('measureQuery', () => {
  it('refuses quotes, backslashes, backticks and control characters in every name filter', () => {
    for (const field of NAME_FIELDS) {
      for (const value of HOSTILE) expect(MeasureFilterSchema.safeParse({ [field]: value }).success).toBe(false);
    }
    expect(MeasureFilterSchema.safeParse({ plan: 'a" OR "1' }).success).toBe(false);
    expect(MeasureFilterSchema.safeParse({ indicator: '1 OR 1' }).success).toBe(false);
    expect(MeasureFilterSchema.safeParse({ escalation: '1 OR 1' }).success).toBe(false);
  });

  it('lists each measure once: never a run that continued as new', () => {
    expect(measureQuery({})).toBe('WorkflowType = "measureWorkflow" AND ExecutionStatus != "ContinuedAsNew"');
  });

  it('puts any accepted value inside one quoted clause, so it can never change the shape of the query', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NAME_FIELDS),
        fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
        (field, value) => {
          const parsed = MeasureFilterSchema.safeParse({ [field]: value });
          if (!parsed.success) return;
          const query = measureQuery(parsed.data);
          // Six quotes: the workflow type's, the run status's and the value's — the value added none, closed nothing.
          expect(query.match(/"/g)).toHaveLength(6);
          expect(query).toMatch(/^WorkflowType = "\w+" AND ExecutionStatus != "ContinuedAsNew" AND Duban\w+ = "/);
          expect(query.endsWith(`= "${value}"`)).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

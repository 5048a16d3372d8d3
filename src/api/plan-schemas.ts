/**
 * The plan record and an amendment as HTTP answers (`GET /api/plans/:planId`, `POST /api/plans` on a plan that
 * exists): zod schemas checked at compile time against the core's types (src/measure/plan-*.ts) and the
 * importer's report (src/importer/amend.ts), so the contract cannot drift from the code.
 */
import { z } from 'zod';
import { EscalationPolicySchema } from '../domain/policy';
import type { Same } from '../domain/same';
import type { AmendmentReport } from '../importer/amend';
import type { MeasureFacts, PlanDiff, PlanRecord } from '../measure';

const AmendField = z.enum(['title', 'lead', 'support', 'leaders', 'dueAt']);
const FactValue = z.union([z.string(), z.array(z.string()), z.null()]);

const MeasureFactsSchema = z.object({
  id: z.string(),
  indicator: z.string(),
  title: z.string(),
  lead: z.array(z.string()),
  support: z.array(z.string()),
  leaders: z.array(z.string()),
  dueAt: z.string().nullable().describe('null: 持续推进 (ongoing)'),
});

export const PlanDiffSchema = z
  .object({
    added: z.array(MeasureFactsSchema),
    removed: z.array(MeasureFactsSchema),
    changed: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        changes: z.array(z.object({ field: AmendField, from: FactValue, to: FactValue })),
      }),
    ),
    unchanged: z.int(),
  })
  .meta({ id: 'PlanDiff' });

const Outcome = z.object({ applied: z.int(), skipped: z.int(), failed: z.int() });
const Source = z.object({
  fileName: z.string().optional(),
  sha256: z.string().describe('of the source text as read (for .docx/.xlsx, the text extracted)'),
  chars: z.int(),
});

export const AmendmentSchema = z
  .object({
    planId: z.string(),
    baseRevision: z.int().describe('the record’s revision the difference was computed against (0: none)'),
    revision: z.int().describe('the revision this import makes, or would make'),
    summary: z.string(),
    diff: PlanDiffSchema,
    applied: z.boolean().describe('false: a preview, nothing changed'),
    results: z.array(
      z.object({
        measureId: z.string(),
        workflowId: z.string(),
        change: z.enum(['added', 'removed', 'changed']),
        outcome: z.enum(['applied', 'skipped', 'failed']),
        fields: z.array(AmendField).optional(),
        reason: z.string().optional(),
      }),
    ),
    counts: Outcome,
  })
  .meta({ id: 'Amendment' });

export const PlanRecordSchema = z
  .object({
    header: z.object({
      planId: z.string(),
      title: z.string(),
      issuer: z.string().optional(),
      publishedAt: z.string().optional(),
      defaultDueAt: z.string().nullable(),
      supervisors: z.array(z.string()),
      coordinator: z.string().optional(),
      policy: EscalationPolicySchema,
    }),
    measures: z.array(MeasureFactsSchema),
    revision: z.int(),
    revisions: z.array(
      z.object({
        revision: z.int(),
        at: z.string(),
        by: z.string(),
        source: Source,
        summary: z.string(),
        added: z.array(z.string()),
        removed: z.array(z.string()),
        changed: z.array(z.object({ id: z.string(), fields: z.array(AmendField) })),
        outcome: Outcome.optional(),
      }),
    ),
  })
  .meta({ id: 'PlanRecord' });

const _sameFacts: Same<z.infer<typeof MeasureFactsSchema>, MeasureFacts> = true;
const _sameDiff: Same<z.infer<typeof PlanDiffSchema>, PlanDiff> = true;
const _sameAmendment: Same<z.infer<typeof AmendmentSchema>, AmendmentReport> = true;
const _sameRecord: Same<z.infer<typeof PlanRecordSchema>, PlanRecord> = true;

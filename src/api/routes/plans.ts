/**
 * Plans: `POST /api/plans` imports a plan — a Chinese plan document (text/plain, a Word .docx or an Excel task list
 * .xlsx), or a plan file
 * (application/json, application/yaml) — through the same importer as the CLI, so both refuse the same inputs: any error → 400 with
 * the whole list, nothing started. `?dryRun=1` parses only, and for a document adds its review (the plan as far as
 * read, every doubt with its line: src/importer/review.ts) — in the 200 answer and in the 400 problem alike, so a
 * web page can show what to fill in. A plan that exists already is compared with its record: a difference is
 * answered (`amendment`, applied: false) and changes nothing until `?apply=1` (src/importer/amend.ts); a dry run
 * shows it too. `GET /api/plans/:planId` summarises a plan's measures from visibility, with its record and
 * revisions.
 */
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PlanIdSchema, PlanSchema } from '../../domain/plan';
import { EscalationPolicySchema } from '../../domain/policy';
import type { Same } from '../../domain/same';
import { importPlan, preparePlan, previewImport } from '../../importer/import-plan';
import { LIMITS } from '../../importer/limits';
import {
  decodeSourceText,
  isOfficeFileError,
  OFFICE_MEDIA_TYPES,
  officeText,
  type OfficeFormat,
} from '../../importer/office';
import { reviewPlanSource, ReviewSchema, type Review } from '../../importer/review';
import { DubanError } from '../../service/errors';
import { PlanService } from '../../service/plans';
import { AmendmentSchema, PlanRecordSchema } from '../plan-schemas';
import { tallyMeasures } from '../../reports/scoreboard';
import type { StartReport } from '../../importer/start';
import type { RouteDeps } from '../deps';
import { ProblemSchema, problemResponse, STANDARD_PROBLEMS, StateCountsSchema } from '../schemas';

/** Plan documents run to tens of kilobytes; a whole-district plan file with hundreds of measures fits easily. */
const PLAN_BODY_LIMIT = LIMITS.fileBytes;
const IMPORT_TIMEOUT_FACTOR = 12;

const flag = z.enum(['1', '0', 'true', 'false'], { error: 'use 1 or 0' }).transform((v) => v === '1' || v === 'true');

const ImportQuerySchema = z.strictObject({
  dryRun: flag.optional().describe('1: parse and validate only, start nothing (for an existing plan: its difference)'),
  apply: flag
    .optional()
    .describe(
      '1: for a plan that exists already, apply the difference (amend, start, cancel); without it, only show it',
    ),
  planId: PlanIdSchema.optional().describe('the plan id to use (overrides the file’s id and the derived one)'),
  deadline: z.iso
    .date('a deadline is a date, YYYY-MM-DD')
    .optional()
    .describe('plan-wide deadline (end of day, +08:00)'),
  filename: z
    .string()
    .max(255)
    .optional()
    .describe('the source’s file name: its extension picks the format, its stem may become the plan id'),
});

const PlanBodySchema = z
  .string({
    error: 'send the plan as the body: document text (text/plain) or a plan file (application/json, application/yaml)',
  })
  .min(1, 'the body is empty: send the plan document or plan file')
  .describe('the plan document text, or a plan file (JSON/YAML) as text');

const WarningSchema = z.object({ line: z.int().optional(), message: z.string() });

const StartReportSchema = z.object({
  planId: z.string(),
  measures: z.array(
    z.object({
      workflowId: z.string(),
      indicator: z.string(),
      measureId: z.string(),
      title: z.string(),
      lead: z.array(z.string()),
      leaders: z.array(z.string()),
      dueAt: z.string().nullable(),
      outcome: z.enum(['started', 'existing']),
    }),
  ),
  started: z.int(),
  existing: z.int(),
  removed: z.array(z.string()).describe('workflows of this plan whose measure is no longer in it (left alone)'),
  pastDue: z.array(z.string()).describe('measures already past due at import: they start red'),
  warnings: z.array(WarningSchema),
});

const PlanReviewSchema = ReviewSchema.describe(
  'a plan document’s review: the plan as far as read (a measure without a lead has `lead: []`) and every doubt ' +
    '(errors a strict import refuses over, warnings) with its source line, an excerpt and its measure',
).meta({ id: 'PlanReview' });

// The importer's StartReport, as a response: checked against it at compile time.
const _sameReport: Same<Omit<z.infer<typeof StartReportSchema>, 'warnings'>, StartReport> = true;

const DryRunSchema = z.object({
  dryRun: z.literal(true),
  plan: PlanSchema,
  policy: EscalationPolicySchema,
  warnings: z.array(WarningSchema),
  review: PlanReviewSchema.optional().describe('for a plan document (not a JSON/YAML plan file)'),
  amendment: AmendmentSchema.optional().describe('for a plan that exists already: what this document would change'),
  amendmentUnavailable: z
    .string()
    .optional()
    .describe('why the document could not be compared with the plan as imported (Temporal did not answer)'),
});

/** A plan that exists already: the difference (applied: false, nothing changed) or what applying it did. */
const AmendmentAnswerSchema = z.object({
  planId: z.string(),
  amendment: AmendmentSchema,
  warnings: z.array(WarningSchema),
});

/** A refused plan; on a dry run of a document, with its review (what to fill in, line by line). */
const ImportProblemSchema = ProblemSchema.extend({
  review: PlanReviewSchema.optional().describe('on ?dryRun=1 for a plan document: the plan as far as read'),
}).meta({ id: 'PlanImportProblem' });

const PlanSummarySchema = z.object({
  planId: z.string(),
  title: z.string().optional(),
  total: z.int(),
  byState: StateCountsSchema,
  byLight: StateCountsSchema.describe('measures not yet submitted (assigned, in_progress) by light'),
  byIndicator: StateCountsSchema,
  closed: z.int(),
  overdue: z.int().describe('red: past due and not submitted'),
  escalated: z.int().describe('measures whose escalation ladder reached the supervision group (level ≥ 2)'),
  record: PlanRecordSchema.optional().describe(
    'the plan as recorded, with every revision (absent for a plan imported before plans had records)',
  ),
});

export const planRoutes: FastifyPluginCallbackZod<RouteDeps> = (
  app,
  { service, client, taskQueue, temporal, calendar },
  done,
) => {
  // Plans arrive as text in every format: the importer wants the raw text (JSON included, for line numbers). The
  // bytes are decoded here, strictly as UTF-8, so a GBK file is refused with a hint instead of read as U+FFFD.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['text/plain', 'application/json', 'application/yaml', 'application/x-yaml', 'text/yaml', 'text/markdown'],
    { parseAs: 'buffer', bodyLimit: PLAN_BODY_LIMIT },
    (_request, body, done) => {
      try {
        done(null, decodeSourceText(body as Buffer));
      } catch (err) {
        done(isOfficeFileError(err) ? new DubanError('bad_request', `body: ${err.message}`) : (err as Error));
      }
    },
  );

  // Word documents and Excel task lists are read on the server, exactly as `duban import` reads the files.
  for (const [format, mediaType] of Object.entries(OFFICE_MEDIA_TYPES) as Array<[OfficeFormat, string]>) {
    app.addContentTypeParser(mediaType, { parseAs: 'buffer', bodyLimit: PLAN_BODY_LIMIT }, (_request, body, done) => {
      officeText(body as Buffer, format).then(
        (text) => done(null, text),
        (err: unknown) =>
          done(isOfficeFileError(err) ? new DubanError('bad_request', `body: ${err.message}`) : (err as Error)),
      );
    });
  }

  app.post(
    '/api/plans',
    {
      bodyLimit: PLAN_BODY_LIMIT,
      schema: {
        tags: ['plans'],
        summary: 'Import a plan (coordinator only); ?dryRun=1 parses and starts nothing (any actor)',
        description:
          'Each measure becomes one durable workflow `duban/<planId>/<measureId>`; re-importing never duplicates. ' +
          'Any parse error → 400 with every error and nothing started.',
        consumes: ['text/plain', 'application/json', 'application/yaml', ...Object.values(OFFICE_MEDIA_TYPES)],
        querystring: ImportQuerySchema,
        body: PlanBodySchema,
        response: {
          200: z
            .union([DryRunSchema, StartReportSchema, AmendmentAnswerSchema])
            .describe('dry run, an import that started nothing new, or the difference to a plan that exists'),
          201: StartReportSchema.describe('measures were started'),
          400: {
            description:
              'The plan (or a query value) is not valid: `errors` lists every problem; a dry run of a document ' +
              'adds its `review`',
            content: { 'application/problem+json': { schema: ImportProblemSchema } },
          },
          ...STANDARD_PROBLEMS,
          403: problemResponse('Only the coordinator may import plans'),
        },
      },
    },
    async (request, reply) => {
      const { dryRun = false, apply = false, planId, deadline, filename } = request.query;
      if (!dryRun && request.actor !== 'coordinator') {
        throw new DubanError(
          'forbidden',
          `${request.actor} may not import plans: only the coordinator may (a dry run with ?dryRun=1 is open to all)`,
        );
      }
      const opts = { planId, deadline, filename, calendar };
      // A dry run never reaches Temporal. Starting hundreds of workflows takes a while: an import gets a longer
      // deadline than a read.
      const outcome = dryRun
        ? preparePlan(request.body, opts)
        : await temporal(
            () => importPlan(client, request.body, { ...opts, taskQueue, apply, actor: request.actor }),
            IMPORT_TIMEOUT_FACTOR,
          );
      const review = dryRun ? documentReview(request.body, opts) : undefined;
      if (!outcome.ok) {
        const shown = outcome.errors.slice(0, 5).map((e) => (e.line ? `line ${e.line}: ${e.message}` : e.message));
        const more = outcome.errors.length > shown.length ? ` (and ${outcome.errors.length - shown.length} more)` : '';
        throw new DubanError(
          'bad_request',
          `the plan has ${outcome.errors.length} error(s), nothing was started: ${shown.join('; ')}${more}`,
          { errors: outcome.errors, warnings: outcome.warnings, ...(review ? { review } : {}) },
        );
      }
      if (!dryRun && outcome.amendment && !outcome.report) {
        return { planId: outcome.plan.id, amendment: outcome.amendment, warnings: outcome.warnings };
      }
      if (!outcome.report) {
        const amendment = await previewOrWarn(() => temporal(() => previewImport(client, outcome.plan)));
        const answer = {
          dryRun: true as const,
          plan: outcome.plan,
          policy: outcome.policy,
          warnings: outcome.warnings,
          ...(amendment.report ? { amendment: amendment.report } : {}),
          ...(amendment.unavailable ? { amendmentUnavailable: amendment.unavailable } : {}),
        };
        return review ? { ...answer, review } : answer;
      }
      const body = { ...outcome.report, warnings: outcome.warnings };
      if (outcome.report.started > 0) return reply.code(201).send(body);
      return body;
    },
  );

  app.get(
    '/api/plans/:planId',
    {
      schema: {
        tags: ['plans'],
        summary:
          'A plan’s measures counted by state and light (from visibility; eventually consistent), with its record ' +
          'and revisions',
        params: z.strictObject({ planId: PlanIdSchema }),
        response: {
          200: PlanSummarySchema,
          400: problemResponse('The plan id is malformed'),
          ...STANDARD_PROBLEMS,
          404: problemResponse('No measures of this plan'),
        },
      },
    },
    async (request) => {
      const { planId } = request.params;
      const [rows, record] = await Promise.all([
        temporal(() => service.listAll({ plan: planId })),
        temporal(() => new PlanService(client).record(planId)),
      ]);
      if (rows.length === 0 && !record) {
        throw new DubanError('not_found', `plan ${planId} has no measures (never imported, or not yet visible)`);
      }
      const byIndicator: Record<string, number> = {};
      for (const row of rows) byIndicator[row.indicator ?? '?'] = (byIndicator[row.indicator ?? '?'] ?? 0) + 1;
      const t = tallyMeasures(rows);
      return {
        planId,
        title: rows.find((r) => r.planTitle)?.planTitle,
        total: t.total,
        byState: t.byState,
        byLight: t.open,
        byIndicator,
        closed: t.byState.closed,
        overdue: t.open.red,
        escalated: t.escalated,
        ...(record ? { record } : {}),
      };
    },
  );
  done();
};

/**
 * A dry run's comparison with the plan as imported, when Temporal answers; a dry run stays useful without it, so
 * an unreachable Temporal is said beside the answer, not a 503.
 */
async function previewOrWarn(
  preview: () => Promise<z.infer<typeof AmendmentSchema> | undefined>,
): Promise<{ report?: z.infer<typeof AmendmentSchema>; unavailable?: string }> {
  try {
    return { report: await preview() };
  } catch (err) {
    return { unavailable: (err as Error).message };
  }
}

/** The review of a plan document (none for a plan file, or for a text with nothing to review). */
function documentReview(
  text: string,
  opts: { planId?: string; deadline?: string; filename?: string },
): Review | undefined {
  const result = reviewPlanSource(text, opts);
  return result.ok ? { plan: result.plan, doubts: result.doubts } : undefined;
}

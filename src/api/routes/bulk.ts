/**
 * `POST /api/bulk`: one action — extend, remind (催办), reassign, cancel — on every measure a filter matches, for the
 * supervision group and the coordinator (403 for anyone else). `dryRun` lists what would change and what each
 * measure would refuse; otherwise the report says per measure: succeeded, refused (the machine's reason) or failed.
 */
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertBulkActor, BulkRequestSchema, runBulk } from '../../service/bulk';
import { DubanError } from '../../service/errors';
import type { RouteDeps } from '../deps';
import { problemResponse, STANDARD_PROBLEMS } from '../schemas';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;
/** A bulk action waits on many measures: as long as an import may. */
const BULK_TIMEOUT_FACTOR = 12;

const Side = { state: z.string(), dueAt: z.string().nullable(), lead: z.array(z.string()) };
const OUTCOMES = ['succeeded', 'refused', 'failed', 'would_change', 'would_be_refused'] as const;

export const BulkReportSchema = z
  .object({
    action: BulkRequestSchema.shape.action,
    event: z.looseObject({ type: z.string() }).describe('the event sent to every measure'),
    dryRun: z.boolean(),
    matched: z.int(),
    counts: z.record(z.enum(OUTCOMES), z.int()),
    items: z.array(
      z.object({
        workflowId: z.string(),
        planId: z.string(),
        measureId: z.string(),
        title: z.string().optional(),
        outcome: z.enum(OUTCOMES),
        reason: z.string().optional().describe('the machine’s refusal reason, or why it failed'),
        before: z.object(Side).optional(),
        after: z.object({ ...Side, support: z.array(z.string()) }).optional(),
      }),
    ),
  })
  .meta({ id: 'BulkReport' });

export const bulkRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { service, temporal }, done) => {
  app.post(
    '/api/bulk',
    {
      // 403 before the body is read: a department learns it may not, not what its body lacks.
      preValidation: (request, _reply, next) => {
        try {
          assertBulkActor(request.actor);
        } catch (err) {
          return next(err as Error);
        }
        next();
      },
      schema: {
        tags: ['events'],
        summary: 'One action on every measure a filter matches (supervision group and coordinator only)',
        description:
          'action: extend (EXTEND {newDueAt, reason}), remind (URGE {note?}), reassign (REASSIGN {lead?, support?, ' +
          'reason}) or cancel (CANCEL {reason}); filter as GET /api/measures. Each measure judges its own event. ' +
          'An Idempotency-Key makes a retry learn each measure’s one outcome.',
        body: BulkRequestSchema,
        response: {
          200: BulkReportSchema,
          400: problemResponse('The body is not a valid bulk request (the problem names the field)'),
          ...STANDARD_PROBLEMS,
          403: problemResponse('Only the supervision group and the coordinator may run bulk actions'),
        },
      },
    },
    async (request) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
        throw new DubanError('bad_request', 'header Idempotency-Key: 1–100 characters of A–Z a–z 0–9 . _ : -');
      }
      return temporal(() => runBulk(service, request.actor, request.body, { key }), BULK_TIMEOUT_FACTOR);
    },
  );
  done();
};

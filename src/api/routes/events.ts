/**
 * `POST /api/measures/:planId/:measureId/events`: one lifecycle event as the authenticated actor. The body is the
 * event without an actor (a body naming an actor is refused as an unknown field): who sends it comes from the
 * token only. Whether this actor may send it now is the workflow's validator's call (the machine's permission
 * table), so refusals come back as 403 (never yours to send) or 409 (not now) with what is allowed instead.
 */
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { PersonEventBodySchema } from '../../domain/events';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DubanError } from '../../service/errors';
import type { RouteDeps } from '../deps';
import { MeasureParamsSchema, MeasureWithAllowedSchema, problemResponse, STANDARD_PROBLEMS } from '../schemas';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,100}$/;

const PendingSchema = z.object({
  status: z.literal('pending'),
  idempotencyKey: z.string().describe('send it again as the Idempotency-Key header to learn the outcome'),
  detail: z.string(),
});

export const eventRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { service, temporal }, done) => {
  // An event is JSON: text sent here is a client mistake the client should hear as 415, not as a schema error.
  app.removeContentTypeParser('text/plain');
  app.post(
    '/api/measures/:planId/:measureId/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Send an event (START, REPORT_PROGRESS, SUBMIT, VERIFY, REJECT, CLOSE, …) as the caller',
        description:
          'The actor is the token’s. Accepted: the new view. Refused events leave no trace in the workflow history.',
        params: MeasureParamsSchema,
        body: PersonEventBodySchema,
        response: {
          200: MeasureWithAllowedSchema,
          202: PendingSchema.describe('Sent, not yet answered: ask again with the same Idempotency-Key'),
          400: problemResponse('The body is not a valid event (the problem names the field)'),
          ...STANDARD_PROBLEMS,
          403: problemResponse('Not your measure or role (the problem lists what you may send)'),
          404: problemResponse('No such measure'),
          409: problemResponse('Not allowed in the measure’s current state (the problem lists what is allowed)'),
        },
      },
    },
    async (request, reply) => {
      // The caller's Idempotency-Key (or one made here) is the Temporal update id, per actor: a retry with the same
      // key attaches to the same update and gets its one outcome.
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
        throw new DubanError('bad_request', 'header Idempotency-Key: 1–100 characters of A–Z a–z 0–9 . _ : -');
      }
      const idempotencyKey = key ?? randomUUID();
      try {
        return await temporal(() =>
          service.send(request.params, request.actor, request.body, {
            updateId: `${request.actor}/${idempotencyKey}`,
          }),
        );
      } catch (err) {
        if (!(err instanceof DubanError) || err.kind !== 'pending') throw err;
        return reply
          .code(202)
          .header('idempotency-key', idempotencyKey)
          .send({
            status: 'pending' as const,
            idempotencyKey,
            detail:
              'the event was sent but the measure has not answered in time (its worker may be down); it may still be ' +
              'applied. Send the same request with the same Idempotency-Key to learn its outcome.',
          });
      }
    },
  );
  done();
};

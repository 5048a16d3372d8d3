/**
 * `POST /api/measures/:planId/:measureId/events`: one lifecycle event as the authenticated actor. The body is the
 * event without an actor (a body naming an actor is refused as an unknown field): who sends it comes from the
 * token only. Whether this actor may send it now is the workflow's validator's call (the machine's permission
 * table), so refusals come back as 403 (never yours to send) or 409 (not now) with what is allowed instead.
 */
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { PersonEventBodySchema } from '../../domain/events';
import type { RouteDeps } from '../deps';
import { MeasureParamsSchema, MeasureWithAllowedSchema, problemResponse, STANDARD_PROBLEMS } from '../schemas';

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
          400: problemResponse('The body is not a valid event (the problem names the field)'),
          ...STANDARD_PROBLEMS,
          403: problemResponse('Not your measure or role (the problem lists what you may send)'),
          404: problemResponse('No such measure'),
          409: problemResponse('Not allowed in the measure’s current state (the problem lists what is allowed)'),
        },
      },
    },
    async (request) => temporal(() => service.send(request.params, request.actor, request.body)),
  );
  done();
};

/**
 * Reading measures: the paged listing (visibility, filtered through MeasureFilterSchema so no value can change
 * the query's shape), one measure's view with the events the caller may send now, and its timeline.
 * Any authenticated actor may read: leaders and supervisors read all (docs/domain.md), and departments see the plan
 * they work in, which is public inside the administration anyway.
 */
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DubanError } from '../../service/errors';
import { MeasureFilterSchema } from '../../temporal/visibility-query';
import type { RouteDeps } from '../deps';
import { issuePageToken, PAGE_TOKEN_PATTERN, redeemPageToken } from '../page-token';
import {
  MeasureParamsSchema,
  MeasureSummarySchema,
  MeasureWithAllowedSchema,
  problemResponse,
  STANDARD_PROBLEMS,
  TimelineEntrySchema,
} from '../schemas';

export const ListQuerySchema = MeasureFilterSchema.extend({
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
  pageToken: z
    .string()
    .regex(PAGE_TOKEN_PATTERN, 'a page token is the nextPageToken of the previous page, unchanged')
    .optional(),
});

const ListSchema = z.object({
  items: z.array(MeasureSummarySchema),
  nextPageToken: z.string().optional().describe('pass as pageToken for the next page; absent on the last page'),
});

const badPageToken = () =>
  new DubanError('bad_request', 'pageToken is not valid: pass the nextPageToken of the previous page, unchanged', {
    errors: [{ path: 'query.pageToken', message: 'not a page token this API issued' }],
  });

export const measureRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, { service, temporal }, done) => {
  app.get(
    '/api/measures',
    {
      schema: {
        tags: ['measures'],
        summary: 'List measures (from Temporal visibility; eventually consistent)',
        querystring: ListQuerySchema,
        response: {
          200: ListSchema,
          400: problemResponse('A filter value is not valid'),
          ...STANDARD_PROBLEMS,
        },
      },
    },
    async (request) => {
      const { pageSize, pageToken, ...filter } = request.query;
      const nextPageToken = pageToken === undefined ? undefined : redeemPageToken(pageToken);
      if (pageToken !== undefined && nextPageToken === undefined) throw badPageToken();
      const page = await temporal(() => service.list(filter, { pageSize, nextPageToken }));
      return {
        items: page.items,
        ...(page.nextPageToken ? { nextPageToken: issuePageToken(page.nextPageToken) } : {}),
      };
    },
  );

  app.get(
    '/api/measures/:planId/:measureId',
    {
      schema: {
        tags: ['measures'],
        summary: 'One measure, with the events the caller may send now',
        params: MeasureParamsSchema,
        response: {
          200: MeasureWithAllowedSchema,
          400: problemResponse('The plan or measure id is malformed'),
          ...STANDARD_PROBLEMS,
          404: problemResponse('No such measure'),
        },
      },
    },
    async (request) => temporal(() => service.getFor(request.params, request.actor)),
  );

  app.get(
    '/api/measures/:planId/:measureId/timeline',
    {
      schema: {
        tags: ['measures'],
        summary: 'Every accepted event of a measure, oldest first (the audit trail)',
        params: MeasureParamsSchema,
        response: {
          200: z.object({ workflowId: z.string(), entries: z.array(TimelineEntrySchema) }),
          400: problemResponse('The plan or measure id is malformed'),
          ...STANDARD_PROBLEMS,
          404: problemResponse('No such measure'),
        },
      },
    },
    async (request) => ({
      workflowId: service.resolveId(request.params),
      entries: await temporal(() => service.timeline(request.params)),
    }),
  );
  done();
};

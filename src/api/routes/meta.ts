/**
 * Health and self-description, readable without a token: `GET /healthz` for load balancers and docker-compose
 * healthchecks (it probes Temporal, the one dependency that matters), `GET /api/openapi.json` for clients.
 */
import type { Client } from '@temporalio/client';
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HealthReport, RouteDeps } from '../deps';

const HEALTH_TIMEOUT_MS = 3_000;

const HealthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  temporal: z.enum(['ok', 'unreachable']),
  detail: z.string().optional(),
});

/**
 * Asks the Temporal frontend about our namespace: it proves both the connection and the namespace. The gRPC
 * deadline does not cover (re)connecting, so a timer bounds the whole probe as well.
 */
export function temporalHealth(
  client: Client,
  track: <T>(call: Promise<T>) => Promise<T> = (call) => call,
): () => Promise<HealthReport> {
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
    });
    try {
      const probe = track(
        client.withDeadline(Date.now() + HEALTH_TIMEOUT_MS, () =>
          client.workflowService.describeNamespace({ namespace: client.options.namespace }),
        ),
      );
      // Settled later than the timer: nobody waits for its answer, but the app's close still waits for it to end.
      probe.catch(() => undefined);
      await Promise.race([probe, timeout]);
      return { temporal: 'ok' };
    } catch (err) {
      return { temporal: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  };
}

export const metaRoutes: FastifyPluginCallbackZod<RouteDeps> = (app, deps, done) => {
  const health = deps.health ?? temporalHealth(deps.client, deps.track);

  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['meta'],
        summary: 'Liveness and the Temporal connection',
        security: [],
        response: { 200: HealthSchema, 503: HealthSchema },
      },
      // Health probes every few seconds would drown the request log.
      logLevel: 'warn',
    },
    async (_request, reply) => {
      const report = await health();
      if (report.temporal === 'ok') return { status: 'ok' as const, temporal: 'ok' as const };
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', ...report });
    },
  );

  app.get(
    '/api/openapi.json',
    { config: { public: true }, schema: { tags: ['meta'], summary: 'This API as OpenAPI 3.1', security: [] } },
    () => app.swagger(),
  );
  done();
};

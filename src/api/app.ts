/**
 * The HTTP API as a Fastify app (docs/domain.md "Interfaces"): zod schemas for every body, query and response through
 * the zod type provider, bearer tokens → actors, problem+json errors, request ids, and the OpenAPI document. It
 * only builds the app — `server.ts` listens and shuts down — so tests can build it against any Temporal.
 * Authorisation of events is not re-checked here: the actor goes to the workflow update, whose validator asks
 * the machine's permission table and refuses with 403/409 reasons. Route plugins get their dependencies as plugin
 * options typed by deps.ts, so no route imports this file.
 */
import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import { answerMethodNotAllowed } from './method-not-allowed';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Authenticator } from '../auth/tokens';
import type { Actor } from '../domain/events';
import { DubanError } from '../service/errors';
import type { ApiDeps, RouteDeps } from './deps';
import { errorHandler, notFoundHandler, problem, sendProblem } from './problem';
import { bulkRoutes } from './routes/bulk';
import { eventRoutes } from './routes/events';
import { evidenceRoutes } from './routes/evidence';
import { measureRoutes } from './routes/measures';
import { metaRoutes } from './routes/meta';
import { planRoutes } from './routes/plans';
import { reportRoutes } from './routes/reports';
import { workbenchRoutes } from '../web/routes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated actor (set for every /api route except the OpenAPI document). */
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Routes readable without a token. */
    public?: boolean;
  }
}

const DEFAULT_TEMPORAL_TIMEOUT_MS = 10_000;

/** A request id from a caller is kept only if it is short and printable (it goes into logs and headers). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const MAX_BODY_BYTES = 1024 * 1024;

export function buildApp(apiDeps: ApiDeps): FastifyInstance {
  const timeoutMs = apiDeps.temporalTimeoutMs ?? DEFAULT_TEMPORAL_TIMEOUT_MS;
  // A Temporal call an answer stopped waiting for (a health probe past its timer) keeps running until its gRPC
  // deadline; closing the connection under it makes the SDK's retry timer throw "Channel has been shut down" in
  // no one's stack. So every call is tracked, and closing the app waits until they have all settled.
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(call: Promise<T>): Promise<T> => {
    inFlight.add(call);
    call.then(
      () => inFlight.delete(call),
      () => inFlight.delete(call),
    );
    return call;
  };
  const deps: RouteDeps = {
    ...apiDeps,
    // The SDK retries UNAVAILABLE for ~20 s and an update waits for a worker indefinitely; a person waiting on an
    // HTTP answer should get "Temporal is unreachable" (503) much sooner. The deadline covers every call in `fn`.
    temporal: (fn, factor = 1) => track(apiDeps.client.withDeadline(Date.now() + timeoutMs * factor, fn)),
    track,
  };
  const logger = deps.logger ?? false;
  const isInstance = typeof logger === 'object' && typeof (logger as { child?: unknown }).child === 'function';
  const app = Fastify({
    ...(isInstance ? { loggerInstance: logger as FastifyBaseLogger } : { logger }),
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: MAX_BODY_BYTES,
    // Node's default is 5 s; closing keep-alive sockets promptly keeps shutdown fast.
    forceCloseConnections: 'idle',
    // Malformed percent-encoding or over-long path parameters: still a problem+json 400, never Fastify's own shape.
    frameworkErrors: (error, request, reply) => {
      void sendProblem(reply, problem(request, 400, `the URL is not valid: ${error.message}`));
    },
    // A trailing slash is the same route; people type both.
    routerOptions: { ignoreTrailingSlash: true },
    // Fastify's own closing 503 is plain JSON; the onRequest hook below answers it as a problem instead.
    return503OnClosing: false,
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  answerMethodNotAllowed(app, (request, reply, allow) =>
    sendProblem(
      reply.header('allow', allow.join(', ')),
      problem(
        request,
        405,
        `${request.method} is not a method of ${request.url.split('?')[0]}; it has ${allow.join(', ')}`,
      ),
    ),
  );
  app.decorateRequest('actor', '');

  // During a graceful shutdown requests in flight finish; a new one on a kept-alive socket is told to come back.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inFlight]);
  });
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (!closing) return done();
    void sendProblem(
      reply.header('connection', 'close').header('retry-after', '5'),
      problem(request, 503, 'the duban API is shutting down; retry in a few seconds'),
    );
  });

  // Fastify's JSON parser says only "Body is not valid JSON"; a person needs where and why.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'duban 督办 API',
        description:
          'Rectification measures as durable workflows. Authenticate with `Authorization: Bearer <token>`; ' +
          'errors are application/problem+json.',
        version: '0.1.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      tags: [
        { name: 'plans', description: 'Import plans and read their progress' },
        { name: 'measures', description: 'Read measures (整改措施) and their timelines' },
        { name: 'events', description: 'Move a measure through its lifecycle' },
        { name: 'evidence', description: '佐证材料: upload files for progress reports and submissions, download them' },
        { name: 'reports', description: 'Scoreboards' },
        { name: 'meta', description: 'Health and this document' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  void app.register(metaRoutes, deps);
  void app.register(async (api) => {
    api.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.config.public) return;
      const actor = await authenticate(deps.auth, request);
      if (typeof actor !== 'string') {
        void reply.header('www-authenticate', 'Bearer realm="duban"');
        return sendProblem(reply, actor);
      }
      request.actor = actor;
    });
    await api.register(planRoutes, deps);
    await api.register(measureRoutes, deps);
    await api.register(eventRoutes, deps);
    await api.register(bulkRoutes, deps);
    await api.register(evidenceRoutes, deps);
    await api.register(reportRoutes, deps);
  });
  // The 督办工作台: HTML pages under /app over the same service and tokens (a session cookie instead of a header).
  void app.register(workbenchRoutes(deps.workbench ?? { mode: 'production', dataDir: '' }), deps);
  return app;
}

/** The actor behind the request's bearer token, or the 401 problem to send. */
async function authenticate(auth: Authenticator, request: FastifyRequest) {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    const detail = header
      ? 'the Authorization header must be "Bearer <token>"'
      : 'this route needs a bearer token: send "Authorization: Bearer <token>" (in dev mode, `duban token <actor>` prints one)';
    return problem(request, 401, detail);
  }
  const actor = await auth.authenticate(match[1]!);
  if (!actor) return problem(request, 401, 'the bearer token is not valid (unknown, revoked or from another data dir)');
  return actor;
}

/** JSON.parse with a position in the message, and no `__proto__` keys (they could poison merged objects). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new DubanError('bad_request', 'the body is empty: send a JSON object');
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new SyntaxError('the key "__proto__" is not allowed');
      return value;
    }) as unknown;
  } catch (err) {
    throw new DubanError('bad_request', `malformed JSON body: ${(err as Error).message}`);
  }
}

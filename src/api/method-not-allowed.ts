/**
 * 405 Method Not Allowed: a request for a route that exists under other methods (TRACE /healthz, DELETE
 * /api/plans) is told which methods it has (`Allow`), instead of a 404 that says the route is not there. Fastify
 * answers every unknown method-and-path pair as not found, and checks a body method's content type before its
 * not-found handler runs, so the answer is given in onRequest, from a table of the registered routes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

/** A Fastify route url ("/api/measures/:planId/:measureId", "/app/*") as a regular expression over paths. */
function routePattern(url: string): RegExp {
  const source = url
    .replace(/\/+$/, '')
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Watches the routes `app` registers and answers a request whose path is known under other methods with 405 and
 * `Allow`; `send` writes the problem. Call before any route is registered.
 */
export function answerMethodNotAllowed(
  app: FastifyInstance,
  send: (request: FastifyRequest, reply: FastifyReply, allow: string[]) => unknown,
): void {
  const routes = new Map<string, KnownRoute>();
  app.addHook('onRoute', (route) => {
    const known = routes.get(route.url) ?? { pattern: routePattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) known.methods.add(method.toUpperCase());
    routes.set(route.url, known);
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0] ?? request.url;
    const allow = new Set<string>();
    for (const { pattern, methods } of routes.values()) if (pattern.test(path)) methods.forEach((m) => allow.add(m));
    if (allow.size === 0 || allow.has(request.method)) return done();
    void send(request, reply, [...allow].sort());
  });
}

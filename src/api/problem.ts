/**
 * Every error the API returns is `application/problem+json` (RFC 9457) with a detail a person can act on. This
 * module turns whatever went wrong — a schema issue, malformed JSON, a DubanError from the service layer, an
 * unreachable Temporal — into one problem and one status. Bad input is always a 4xx: only our own bugs are 500.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import {
  DubanError,
  HTTP_STATUS,
  isTemporalUnavailable,
  unavailableMessage,
  type DubanErrorKind,
} from '../service/errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId?: string;
  errors?: Array<{ path?: string; line?: number; message: string }>;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const KIND_BY_STATUS: Record<number, string> = Object.fromEntries(
  Object.entries(HTTP_STATUS).map(([kind, status]) => [status, kind]),
);

/** A problem type URI per kind: stable names clients can switch on. */
export function problemType(status: number): string {
  const kind = KIND_BY_STATUS[status] ?? (status >= 500 ? 'internal' : `http-${status}`);
  return `urn:duban:problem:${kind.replace(/_/g, '-')}`;
}

export function problem(
  request: FastifyRequest,
  status: number,
  detail: string,
  extra: Record<string, unknown> = {},
): Problem {
  return {
    type: problemType(status),
    title: TITLES[status] ?? (status >= 500 ? 'Server error' : 'Client error'),
    status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    requestId: request.id,
    ...extra,
  };
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  // Every 503 says when to come back (Temporal unreachable, shutting down): clients and proxies retry politely.
  if (p.status === 503 && !reply.hasHeader('retry-after')) void reply.header('retry-after', '5');
  // Also set here: framework errors (a malformed URL) are answered before the onRequest hook that sets it.
  return reply.code(p.status).type(PROBLEM_CONTENT_TYPE).header('x-request-id', reply.request.id).send(p);
}

/** Builds a DubanError the error handler turns into a problem (for route code). */
export function fail(kind: DubanErrorKind, message: string, details: Record<string, unknown> = {}): never {
  throw new DubanError(kind, message, details);
}

const CONTEXT_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' };

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Schema issues as `{ path, message }`, one per offending field (unknown keys are split into one issue each). */
export function validationErrors(context: string, issues: ValidationIssue[]): Array<{ path: string; message: string }> {
  const prefix = CONTEXT_NAMES[context] ?? context;
  return issues.flatMap((issue) => {
    const segments = issue.instancePath.split('/').filter((s) => s !== '');
    const at = (extra: string[] = []) => [prefix, ...segments, ...extra].join('.');
    if (issue.keyword === 'unrecognized_keys' && Array.isArray(issue.params?.keys)) {
      return (issue.params.keys as unknown[]).map((key) => ({
        path: at([String(key)]),
        message: context === 'body' ? 'unknown field' : 'unknown parameter',
      }));
    }
    return [{ path: at(), message: issue.message ?? issue.keyword }];
  });
}

/** Fastify's error handler: one problem per error, logged at a level that matches who is at fault. */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const errors = validationErrors(err.validationContext ?? 'body', err.validation);
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return sendProblem(reply, problem(request, 400, detail, { errors }));
  }
  if (err instanceof DubanError) {
    const status = HTTP_STATUS[err.kind];
    if (status >= 500) request.log.warn({ err }, err.message);
    return sendProblem(reply, problem(request, status, err.message, err.details));
  }
  if (isTemporalUnavailable(err)) {
    request.log.warn({ err }, 'Temporal is unreachable');
    return sendProblem(reply, problem(request, 503, unavailableMessage(err)));
  }
  // Fastify's own client errors (body too large, unsupported media type, bad content length …) keep their status.
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) return sendProblem(reply, problem(request, status, err.message));
  request.log.error({ err }, 'unhandled error');
  return sendProblem(
    reply,
    problem(request, 500, `an internal error occurred; quote request id ${request.id} when reporting it`),
  );
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? request.url;
  return sendProblem(
    reply,
    problem(request, 404, `no route ${request.method} ${path}; see GET /api/openapi.json for the API's routes`),
  );
}

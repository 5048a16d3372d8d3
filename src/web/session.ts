/**
 * The workbench's sign-in: the bearer token the API accepts, kept in an HttpOnly cookie, so a page authenticates
 * exactly as `Authorization: Bearer` does (the same Authenticator decides). SameSite=Lax: a link opened from
 * DingTalk or WeCom carries it, a cross-site form post does not; POSTs also check Origin.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'duban_session';
const MAX_AGE_S = 12 * 3600;

/** The session cookie's value, if the request has one. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== SESSION_COOKIE) continue;
    try {
      return decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAge: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${encodeURIComponent(value)}; Path=/app; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

export function setSession(request: FastifyRequest, reply: FastifyReply, token: string): void {
  void reply.header('set-cookie', cookie(request, token, MAX_AGE_S));
}

export function clearSession(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', cookie(request, '', 0));
}

/** A form post from another site (its Origin is not this host) is refused: the cookie must not act for it. */
export function isCrossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/** Only a path inside the workbench may be a place to go back to after signing in (no open redirect). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/app\/[^/\\]/.test(next) && !next.startsWith('/app/login')
    ? next
    : '/app/inbox';
}

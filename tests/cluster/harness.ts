/**
 * Plumbing for the cluster suite: HTTP calls to the production-mode API with tokens issued the production way
 * (`duban token <actor> --add`), the workers' shared outbox, and polling with a deadline (SQL visibility lags behind
 * the workflows; nothing here sleeps and hopes).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { poll } from '../support/poll';
import { addToken } from '../../scripts/cluster/cluster';

export const cluster = inject('cluster');

const tokens = new Map<string, Promise<string>>(
  Object.entries(cluster.tokens).map(([actor, token]) => [actor, Promise.resolve(token)]),
);

/** A bearer token for `actor`, added to the API's tokens file on first use (the API re-reads it). */
export function tokenFor(actor: string): Promise<string> {
  let token = tokens.get(actor);
  if (!token) {
    token = addToken(cluster, actor);
    tokens.set(actor, token);
  }
  return token;
}

export interface Reply {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire; the assertions check its shape
  body: any;
  bytes: Buffer;
}

export async function call(
  method: string,
  url: string,
  opts: {
    as?: string;
    json?: unknown;
    text?: string;
    contentType?: string;
    timeoutMs?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as) headers.authorization = `Bearer ${await tokenFor(opts.as)}`;
  let body: string | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] = opts.contentType ?? 'application/json';
  } else if (opts.text !== undefined) {
    body = opts.text;
    headers['content-type'] = opts.contentType ?? 'text/plain; charset=utf-8';
  }
  const res = await fetch(`${cluster.apiUrl}${url}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed: unknown = bytes.toString('utf8');
  try {
    parsed = JSON.parse(parsed as string);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed, bytes };
}

export interface OutboxLine {
  idempotencyKey: string;
  workflowId: string;
  planId: string;
  measureId: string;
  kind: string;
  level: number;
  light: string;
  dueAt: string | null;
  time: string;
  to: Array<{ role: string; name: string }>;
}

/** Every notice the workers wrote to their shared outbox (the compose file's duban-data volume). */
export function outbox(filter: { planId?: string } = {}): OutboxLine[] {
  const file = path.join(cluster.dataDir, 'outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxLine)
    .filter((line) => !filter.planId || line.planId === filter.planId);
}

/** Idempotency keys that occur more than once in the outbox (each notice must be written once). */
export function duplicateNotices(lines: OutboxLine[]): string[] {
  const seen = new Map<string, number>();
  for (const line of lines) seen.set(line.idempotencyKey, (seen.get(line.idempotencyKey) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/** Polls `probe` until it returns a truthy value; fails with `what` and the last error after the deadline. */
export function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return poll(probe, { timeoutMs, intervalMs: 250, what });
}

/** One line the suite prints for the record (counts a reader can compare between runs). */
export function figures(name: string, values: Record<string, number | string>) {
  const text = Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`[cluster figures] ${name}: ${text}`);
}

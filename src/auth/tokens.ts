/**
 * Bearer tokens → actors (docs/domain.md "Actors and permissions", "Interfaces"). Two sources:
 * - the tokens file `{ tokens: [{ actor, sha256 }] }`: only SHA-256 hashes are stored, so a leaked file grants
 *   nothing; presented tokens are hashed and compared in constant time. Production accepts these only.
 * - in dev mode, self-describing signed tokens `duban_dev.<base64url(actor)>.<hmac>` keyed by a secret in
 *   `<dataDir>/dev-secret`, so `duban token <actor>` works at once without editing any file.
 * Who may do what is not decided here: the actor goes to the workflow, whose machine holds the permission table.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync, closeSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readOptionalText } from '../util/read-optional';
import { ActorSchema, type Actor } from '../domain/events';

/** An actor a person may hold a token for: `system` is duban's own timers and never signs in. */
export const TokenActorSchema = ActorSchema.refine((actor) => actor !== 'system', {
  message: '"system" is duban’s own timers and cannot hold a token',
});

export const TokensFileSchema = z.strictObject({
  tokens: z.array(
    z.strictObject({
      actor: TokenActorSchema,
      sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the token’s SHA-256 as 64 lower-case hex digits'),
      /** Free text for the operator (who holds it, why). */
      note: z.string().max(500).optional(),
      createdAt: z.iso.datetime({ offset: true }).optional(),
    }),
  ),
});
export type TokensFile = z.infer<typeof TokensFileSchema>;

/** Resolves a presented bearer token to its actor, or undefined when the token is not valid. */
export interface Authenticator {
  authenticate(token: string): Promise<Actor | undefined>;
}

export class TokensFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(`invalid tokens file ${file}:\n${issues.map((i) => `  ${i.path || '(file)'}: ${i.message}`).join('\n')}`);
    this.name = 'TokensFileError';
  }
}

/** The hex SHA-256 of a token: what the tokens file stores. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two strings in time independent of where they differ (lengths are not secret here: hashes, MACs). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  if (x.length !== y.length) return false;
  return timingSafeEqual(x, y);
}

/** Parses a tokens file's text; every problem names its field (e.g. "tokens.2.sha256"). */
export function parseTokensFile(text: string, file = 'tokens file'): TokensFile {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (err) {
    throw new TokensFileError(file, [{ path: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  const parsed = TokensFileSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new TokensFileError(
    file,
    parsed.error.issues.flatMap((issue) => {
      const base = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown field' }));
      }
      return [{ path: base.join('.'), message: issue.message }];
    }),
  );
}

function readTokensFile(file: string): TokensFile | undefined {
  const text = readOptionalText(file);
  return text === undefined ? undefined : parseTokensFile(text, file);
}

/** A new random token (shown once) with a recognisable prefix, so leaked tokens are easy to grep for. */
export function generateToken(): string {
  return `duban_${randomBytes(32).toString('base64url')}`;
}

/**
 * Adds a new token for `actor` to the tokens file (created 0600 when missing) and returns the token itself: the
 * file keeps only its hash, so this is the only moment anyone sees it. The file is replaced atomically.
 */
export function addToken(file: string, actor: string, opts: { note?: string; now?: Date } = {}): string {
  const who = TokenActorSchema.safeParse(actor);
  if (!who.success) throw new Error(`cannot create a token for "${actor}": ${who.error.issues[0]?.message}`);
  const current = readTokensFile(file) ?? { tokens: [] };
  const token = generateToken();
  current.tokens.push({
    actor: who.data,
    sha256: hashToken(token),
    ...(opts.note ? { note: opts.note } : {}),
    createdAt: (opts.now ?? new Date()).toISOString(),
  });
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(current, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return token;
}

/**
 * Tokens from the file, re-read when it changes (mtime/size), so a token added with the CLI works without
 * restarting the API. The file is looked at on a token it does not know (a new token works at once) and otherwise
 * at most once per RECHECK_MS (a removed token stops working within that second): not a stat per request, which the
 * API paid on every call before. A file that turns invalid keeps the last good set and reports the problem.
 */
/** How long a known token is trusted before the file is looked at again. */
const RECHECK_MS = 1000;

export class TokensFileStore {
  /** SHA-256 of each token → its actor. */
  private byHash = new Map<string, Actor>();
  private signature = '';
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly file: string,
    private readonly onReloadError: (err: Error) => void = () => undefined,
  ) {}

  /** Loads the file now; throws TokensFileError on an invalid file (fail fast at start). */
  load(): this {
    this.reload(true);
    return this;
  }

  private reload(strict: boolean) {
    this.checkedAt = Date.now();
    let signature: string;
    try {
      const stat = statSync(this.file);
      signature = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      signature = 'missing';
    }
    if (signature === this.signature) return;
    try {
      const tokens = readTokensFile(this.file)?.tokens ?? [];
      // The first entry for a hash wins, as the scan over entries did.
      this.byHash = new Map(tokens.toReversed().map(({ actor, sha256 }) => [sha256, actor]));
      this.signature = signature;
    } catch (err) {
      if (strict) throw err;
      this.onReloadError(err as Error);
    }
  }

  get size(): number {
    return this.byHash.size;
  }

  /**
   * The actor of a presented token. Looking the token's SHA-256 up in a map is safe from timing attacks: what a
   * timing could reveal is where a stored hash differs from the hash of a guess, and a hash says nothing of a token
   * that would have it (the same reason a database may index token hashes).
   */
  lookup(token: string): Actor | undefined {
    const fresh = Date.now() - this.checkedAt >= RECHECK_MS;
    if (fresh) this.reload(false);
    const presented = hashToken(token);
    const found = this.byHash.get(presented);
    if (found !== undefined || fresh) return found;
    this.reload(false);
    return this.byHash.get(presented);
  }
}

// ---- dev tokens ------------------------------------------------------------------------------------------------

export const DEV_TOKEN_PREFIX = 'duban_dev';
const secrets = new Map<string, Buffer>();

/** The dev signing secret in `<dataDir>/dev-secret`, created (0600, exclusively) on first use. */
export function devSecret(dataDir: string): Buffer {
  const file = path.join(path.resolve(dataDir), 'dev-secret');
  const cached = secrets.get(file);
  if (cached) return cached;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx' fails if another process created it first; then both use the same file.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(32).toString('base64url'));
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const text = readFileSync(file, 'utf8').trim();
  if (text.length < 32) throw new Error(`${file} is too short to be a signing secret: delete it to make a new one`);
  const secret = Buffer.from(text, 'utf8');
  secrets.set(file, secret);
  return secret;
}

function mac(secret: Buffer, payload: string): string {
  return createHmac('sha256', secret).update(`${DEV_TOKEN_PREFIX}.${payload}`).digest('base64url');
}

/** A working dev-mode bearer token for `actor` (what `duban token <actor>` prints). */
export function devToken(actor: string, dataDir: string): string {
  const who = TokenActorSchema.safeParse(actor);
  if (!who.success) throw new Error(`cannot create a token for "${actor}": ${who.error.issues[0]?.message}`);
  const payload = Buffer.from(who.data, 'utf8').toString('base64url');
  return `${DEV_TOKEN_PREFIX}.${payload}.${mac(devSecret(dataDir), payload)}`;
}

/** The actor of a valid dev token signed with this data dir's secret; undefined for anything else. */
export function verifyDevToken(token: string, dataDir: string): Actor | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== DEV_TOKEN_PREFIX) return undefined;
  const [, payload, signature] = parts as [string, string, string];
  if (!constantTimeEqual(mac(devSecret(dataDir), payload), signature)) return undefined;
  const actor = TokenActorSchema.safeParse(Buffer.from(payload, 'base64url').toString('utf8'));
  return actor.success ? actor.data : undefined;
}

export interface AuthSettings {
  mode: 'dev' | 'production';
  tokensFile: string;
  dataDir: string;
}

/**
 * The API's authenticator. Production: tokens file only (it must exist, so a typo in DUBAN_TOKENS_FILE fails at
 * start instead of locking everyone out). Dev: signed dev tokens, and tokens-file tokens when the file exists.
 */
export function createAuthenticator(
  settings: AuthSettings,
  onReloadError?: (err: Error) => void,
): Authenticator & { store: TokensFileStore } {
  if (settings.mode === 'production') {
    try {
      statSync(settings.tokensFile);
    } catch {
      throw new Error(
        `production mode needs a tokens file, but ${settings.tokensFile} does not exist (set DUBAN_TOKENS_FILE)`,
      );
    }
  }
  const store = new TokensFileStore(settings.tokensFile, onReloadError).load();
  return {
    store,
    authenticate(token: string) {
      if (token.length === 0 || token.length > 4096) return Promise.resolve(undefined);
      if (settings.mode === 'dev' && token.startsWith(`${DEV_TOKEN_PREFIX}.`)) {
        return Promise.resolve(verifyDevToken(token, settings.dataDir));
      }
      return Promise.resolve(store.lookup(token));
    },
  };
}

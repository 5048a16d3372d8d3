/**
 * Bearer tokens without Temporal: hashing, constant-time comparison, dev tokens (round trip, tampering, secret
 * file), the tokens file (validation errors naming the field, hashes only, reload) and the authenticator's modes.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  addToken,
  constantTimeEqual,
  createAuthenticator,
  devToken,
  hashToken,
  parseTokensFile,
  TokensFileError,
  verifyDevToken,
} from '../../src/auth/tokens';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'duban-auth-'));
const LEAD = 'dept:自然资源规划建设局';

describe('hashToken and constantTimeEqual', () => {
  it('hashes with SHA-256 as lower-case hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('令牌')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('compares equal and unequal strings, including different lengths, without throwing', () => {
    expect(constantTimeEqual(hashToken('a'), hashToken('a'))).toBe(true);
    expect(constantTimeEqual(hashToken('a'), hashToken('b'))).toBe(false);
    expect(constantTimeEqual('short', 'longer value')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('dev tokens', () => {
  it('round-trips every kind of actor, with a 0600 secret created on first use and reused after', () => {
    const dir = tempDir();
    for (const actor of [LEAD, 'leader:张立鹏', 'supervisor', 'coordinator']) {
      const token = devToken(actor, dir);
      expect(token).toMatch(/^duban_dev\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(verifyDevToken(token, dir)).toBe(actor);
    }
    const secretFile = path.join(dir, 'dev-secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    expect(devToken('supervisor', dir)).toBe(devToken('supervisor', dir));
  });

  it('rejects tampered tokens and tokens signed for another data dir', () => {
    const dir = tempDir();
    const token = devToken(LEAD, dir);
    const [prefix, , signature] = token.split('.');
    const forged = `${prefix}.${Buffer.from('coordinator').toString('base64url')}.${signature}`;
    expect(verifyDevToken(forged, dir)).toBeUndefined();
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(verifyDevToken(flipped, dir)).toBeUndefined();
    expect(verifyDevToken(`${token}.extra`, dir)).toBeUndefined();
    expect(verifyDevToken('duban_dev..', dir)).toBeUndefined();
    expect(verifyDevToken(token, tempDir())).toBeUndefined();
  });

  it('refuses actors that cannot sign in', () => {
    const dir = tempDir();
    expect(() => devToken('system', dir)).toThrow(/system/);
    expect(() => devToken('nobody', dir)).toThrow(/an actor is/);
    // A validly signed token for "system" is still refused (signed by hand with the same secret).
    const signedSystem = devToken('supervisor', dir).replace(
      Buffer.from('supervisor').toString('base64url'),
      Buffer.from('system').toString('base64url'),
    );
    expect(verifyDevToken(signedSystem, dir)).toBeUndefined();
  });
});

describe('the tokens file', () => {
  it('names every bad field', () => {
    const text = JSON.stringify({
      tokens: [{ actor: 'system', sha256: 'XYZ', colour: 'red' }, { actor: 'supervisor' }],
      extra: true,
    });
    let error: TokensFileError | undefined;
    try {
      parseTokensFile(text, 'tokens.json');
    } catch (err) {
      error = err as TokensFileError;
    }
    expect(error).toBeInstanceOf(TokensFileError);
    const paths = error!.issues.map((i) => i.path).sort();
    expect(paths).toEqual(['extra', 'tokens.0.actor', 'tokens.0.colour', 'tokens.0.sha256', 'tokens.1.sha256']);
    expect(error!.message).toMatch(/tokens\.0\.sha256: must be the token’s SHA-256/);
    expect(() => parseTokensFile('{ nope', 'tokens.json')).toThrow(/not valid JSON/);
  });

  it('stores only hashes (0600), and the authenticator accepts the token in production mode', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tokens.json');
    const token = addToken(file, 'supervisor', { note: '督导组' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).toContain(hashToken(token));
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const auth = createAuthenticator({ mode: 'production', tokensFile: file, dataDir: dir });
    expect(await auth.authenticate(token)).toBe('supervisor');
    expect(await auth.authenticate(`${token}x`)).toBeUndefined();
    expect(await auth.authenticate('')).toBeUndefined();
    // Production accepts tokens-file tokens only, never dev tokens.
    expect(await auth.authenticate(devToken('coordinator', dir))).toBeUndefined();

    // A token added while the API runs works without a restart.
    const second = addToken(file, LEAD);
    expect(await auth.authenticate(second)).toBe(LEAD);
    expect(await auth.authenticate(token)).toBe('supervisor');
  });

  it('keeps the last good tokens when the file turns invalid, and reports it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tokens.json');
    const token = addToken(file, 'coordinator');
    const problems: Error[] = [];
    const auth = createAuthenticator({ mode: 'production', tokensFile: file, dataDir: dir }, (err) =>
      problems.push(err),
    );
    writeFileSync(file, '{"tokens": [{"actor": 1}]}');
    // A token it does not know makes it look at the file at once.
    expect(await auth.authenticate('not-a-token')).toBeUndefined();
    expect(await auth.authenticate(token)).toBe('coordinator');
    expect(problems[0]?.message).toMatch(/tokens\.0\.actor/);
  });

  it('looks at the file once a second for known tokens: a removed token stops working within that second', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const dir = tempDir();
      const file = path.join(dir, 'tokens.json');
      const kept = addToken(file, 'coordinator');
      const removed = addToken(file, 'supervisor');
      const auth = createAuthenticator({ mode: 'production', tokensFile: file, dataDir: dir });
      expect(await auth.authenticate(removed)).toBe('supervisor');
      const file2 = JSON.parse(readFileSync(file, 'utf8')) as { tokens: Array<{ actor: string }> };
      writeFileSync(file, JSON.stringify({ tokens: file2.tokens.filter((t) => t.actor !== 'supervisor') }));
      vi.advanceTimersByTime(500);
      expect(await auth.authenticate(removed)).toBe('supervisor'); // within the second: not looked at yet
      vi.advanceTimersByTime(500);
      expect(await auth.authenticate(removed)).toBeUndefined();
      expect(await auth.authenticate(kept)).toBe('coordinator');
      expect(auth.store.size).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails fast in production without a tokens file; dev mode accepts both kinds', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tokens.json');
    expect(() => createAuthenticator({ mode: 'production', tokensFile: file, dataDir: dir })).toThrow(
      /DUBAN_TOKENS_FILE/,
    );
    const dev = createAuthenticator({ mode: 'dev', tokensFile: file, dataDir: dir });
    expect(await dev.authenticate(devToken(LEAD, dir))).toBe(LEAD);
    const fileToken = addToken(file, 'leader:张立鹏');
    expect(await dev.authenticate(fileToken)).toBe('leader:张立鹏');
    expect(() => addToken(file, 'system')).toThrow(/system/);
  });
});

/** `duban token <actor>`: a bearer token for the HTTP API. */
import { addToken, devToken, TokenActorSchema } from '../auth/tokens';
import type { Config } from '../config';
import { DubanError } from '../service/errors';

/**
 * `duban token <actor>`: in dev mode a signed token that works at once; with `--add`, a new random token whose hash
 * goes into the tokens file (the production way; the token itself is shown once, here).
 */
export function tokenCommand(config: Config, actor: string, opts: { add?: boolean; note?: string } = {}): void {
  const parsed = TokenActorSchema.safeParse(actor);
  if (!parsed.success) throw new DubanError('bad_request', `actor: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  if (opts.add) {
    const token = addToken(config.tokensFile, parsed.data, { note: opts.note });
    console.error(`added a token for ${parsed.data} to ${config.tokensFile} (only its SHA-256 hash is stored)`);
    console.log(token);
    return;
  }
  if (config.mode !== 'dev') {
    throw new DubanError(
      'bad_request',
      'without --add, duban token works in dev mode only; in production create tokens with `duban token <actor> --add`',
    );
  }
  console.log(devToken(parsed.data, config.dataDir));
}

/** CLI entry points for the HTTP API: `duban api`, the API inside `duban dev`, and `duban token <actor>`. */
import type { Client } from '@temporalio/client';
import { addToken, devToken, TokenActorSchema } from './auth/tokens';
import { startApiServer, type ApiServer } from './api/server';
import type { Config } from './config';
import { DubanError } from './service/errors';
import { connectClient } from './temporal/connection';

/** The API inside the embedded dev stack: `duban dev` handles the signals and closes it. */
export function startApi(config: Config, client: Client): Promise<ApiServer> {
  return startApiServer(config, { client, handleSignals: false });
}

/** `duban api`: runs until SIGINT/SIGTERM, then closes the Temporal connection. */
export async function runApi(config: Config): Promise<void> {
  const { client, connection } = await connectClient(config.temporal);
  const server = await startApiServer(config, { client });
  await server.closed;
  await connection.close();
}

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

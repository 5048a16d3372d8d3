/** CLI entry points for the HTTP API: `duban api`, the API inside `duban dev`, and `duban token <actor>`. */
import type { Client } from '@temporalio/client';
import { devToken, TokenActorSchema } from './auth/tokens';
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

/** `duban token <actor>`: a working bearer token for trying the API (dev mode only). */
export function tokenCommand(config: Config, actor: string): void {
  if (config.mode !== 'dev') {
    throw new DubanError('bad_request', 'duban token works in dev mode only; production tokens come from the tokens file (DUBAN_TOKENS_FILE)');
  }
  const parsed = TokenActorSchema.safeParse(actor);
  if (!parsed.success) throw new DubanError('bad_request', `actor: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  console.log(devToken(parsed.data, config.dataDir));
}

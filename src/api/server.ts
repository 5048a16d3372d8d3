/**
 * Runs the HTTP API: builds the app from configuration, listens on config.api host/port, logs requests with pino,
 * and shuts down gracefully (in-flight requests finish, new ones get 503) on SIGINT/SIGTERM. `duban api` runs
 * runApiServer, `duban dev` calls startApiServer; running this file directly (`tsx src/api/server.ts`) starts a
 * standalone API as well.
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createAuthenticator, type Authenticator } from '../auth/tokens';
import { loadConfig, type Config } from '../config';
import { createEvidenceStore, defaultEvidence } from '../evidence/create';
import { loadCalendarFile } from '../importer/calendar-file';
import { MeasureService } from '../service/measures';
import { connectClient } from '../temporal/connection';
import { buildApp } from './app';
import type { HealthReport } from './deps';

export interface ApiServerDeps {
  client: Client;
  service?: MeasureService;
  auth?: Authenticator;
  taskQueue?: string;
  /** A pino logger (default: one at config.logLevel on stdout). */
  logger?: pino.Logger;
  health?: () => Promise<HealthReport>;
  /** Close on SIGINT/SIGTERM (default true); the embedded dev stack handles signals itself and passes false. */
  handleSignals?: boolean;
}

export interface ApiServer {
  app: FastifyInstance;
  /** The address it listens on, e.g. http://127.0.0.1:3000. */
  url: string;
  close(): Promise<void>;
  /** Settles once the server has closed (by close() or a signal): the CLI then closes its Temporal connection. */
  closed: Promise<void>;
}

/** How long in-flight requests get to finish before the process stops waiting. */
const CLOSE_GRACE_MS = 10_000;

export async function startApiServer(
  config: Pick<Config, 'api' | 'mode' | 'tokensFile' | 'dataDir' | 'temporal' | 'logLevel'> &
    Partial<Pick<Config, 'calendarFile' | 'evidence'>>,
  deps: ApiServerDeps,
): Promise<ApiServer> {
  const logger = deps.logger ?? pino({ level: config.logLevel, base: { service: 'duban-api' } });
  const auth =
    deps.auth ??
    createAuthenticator(config, (err) =>
      logger.error({ err }, 'tokens file is invalid; keeping the last valid tokens'),
    );
  if (config.mode === 'dev' && !deps.auth) {
    logger.info('dev mode: `duban token <actor>` prints a working bearer token');
  }
  const app = buildApp({
    service:
      deps.service ??
      new MeasureService(
        deps.client,
        undefined,
        createEvidenceStore({ evidence: config.evidence ?? defaultEvidence(config.dataDir) }),
      ),
    client: deps.client,
    taskQueue: deps.taskQueue ?? config.temporal.taskQueue,
    calendar: loadCalendarFile(config.calendarFile),
    auth,
    logger,
    health: deps.health,
    workbench: { mode: config.mode, dataDir: config.dataDir },
  });
  const url = await app.listen({ host: config.api.host, port: config.api.port });

  let closing: Promise<void> | undefined;
  let markClosed = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down the API');
    void close();
  };
  const close = () => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn(`requests still running after ${CLOSE_GRACE_MS} ms; closing anyway`);
          resolve();
        }, CLOSE_GRACE_MS);
        timer.unref();
      });
      await Promise.race([app.close(), grace]);
      clearTimeout(timer);
      markClosed();
    })();
    return closing;
  };
  if (deps.handleSignals ?? true) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { app, url, close, closed };
}

/** `duban api`: connect to Temporal, serve until SIGINT/SIGTERM, then close the connection. */
export async function runApiServer(config: Config = loadConfig()): Promise<void> {
  const { connection, client } = await connectClient(config.temporal);
  try {
    const server = await startApiServer(config, { client });
    await server.closed;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  runApiServer().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

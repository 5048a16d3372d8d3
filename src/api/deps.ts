/**
 * What the HTTP API's route plugins depend on, apart from the app that registers them: the service, the Temporal
 * client, the auth, and `temporal(fn)`, which bounds every Temporal call a request makes. app.ts builds them and
 * hands them to each plugin as its options.
 */
import type { Client } from '@temporalio/client';
import type { CalendarExtras } from '../domain/policy';
import type { Authenticator } from '../auth/tokens';
import type { MeasureService } from '../service/measures';

export interface HealthReport {
  temporal: 'ok' | 'unreachable';
  detail?: string;
}

/** How the workbench (/app) signs people in: dev mode offers an actor picker (dev tokens need the data dir). */
export interface WorkbenchSettings {
  mode: 'dev' | 'production';
  dataDir: string;
}

export interface ApiDeps {
  service: MeasureService;
  client: Client;
  /** The task queue imported plans' workflows start on. */
  taskQueue: string;
  /** The deployment's extra calendar days (DUBAN_CALENDAR_FILE), merged into every imported plan's policy. */
  calendar?: CalendarExtras;
  auth: Authenticator;
  /** Fastify's logger: false (default), true, pino options, or a pino instance. */
  logger?: boolean | object;
  /** Overrides the Temporal health probe behind GET /healthz. */
  health?: () => Promise<HealthReport>;
  /** How long one request may wait on Temporal before it is answered 503 (default 10 s; imports get 12×). */
  temporalTimeoutMs?: number;
  /** The workbench's sign-in (default: production, a token from the tokens file only). */
  workbench?: WorkbenchSettings;
}

/** What route plugins receive: the deps plus `temporal(fn)`, which bounds every Temporal call `fn` makes. */
export interface RouteDeps extends ApiDeps {
  temporal: <T>(fn: () => Promise<T>, factor?: number) => Promise<T>;
  /** Registers a Temporal call the app must wait for before it reports closed (see buildApp's onClose). */
  track: <T>(call: Promise<T>) => Promise<T>;
}

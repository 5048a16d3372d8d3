/**
 * Everything the benchmark runs on: an in-memory `temporal server start-dev`, and in the bench process one client,
 * the duban worker (measureWorkflow + notification activities) and the raw worker (the baselines) on their own task
 * queues with the same tuning, each from a pre-built bundle; duban's HTTP API in a process of its own (`duban api`,
 * as production runs it) or, for the profile scripts, inside the bench process. Both sides share the server, the
 * workers' process and the machine's two cores, so their numbers compare fairly.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { buildApp } from '../src/api/app';
import { addToken, createAuthenticator, devToken } from '../src/auth/tokens';
import { EMPTY_CONTACTS } from '../src/notify/contacts';
import { MeasureService } from '../src/service/measures';
import { startDevServer, type DevServer } from '../src/temporal/dev-server';
import { createDubanWorker } from '../src/worker/worker';
import { startApiProcess } from './api-process';
import { startRawHttpServer, type RawHttpServer } from './raw-http-server';
import { DUBAN_BUNDLE_FILE, NOOP_BUNDLE_FILE } from './bundle-child';
import { rawActivities } from './raw.activities';

export const DUBAN_QUEUE = 'bench-duban';
export const RAW_QUEUE = 'bench-raw';

export type WorkerTuning = Pick<
  WorkerOptions,
  'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'
>;

export interface RunningWorker {
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

export interface BenchStack {
  server: DevServer;
  /** The server both sides use, for processes of the bench's own (the client process). */
  temporal: { address: string; namespace: string };
  client: Client;
  service: MeasureService;
  dataDir: string;
  /** Where each side's notices land: duban's outbox channel, and the raw timer baseline's activity. */
  outbox: { duban: string; raw: string };
  /** duban's bundle code, for replaying a recorded history, and its file, for worker processes. */
  dubanBundle: string;
  dubanBundlePath: string;
  /** The no-op baselines' bundle file, for the raw worker process. */
  rawBundlePath: string;
  /** The no-op workflows' bundle (its code), for the raw side of the replay. */
  rawBundle: string;
  duban: RunningWorker;
  raw: RunningWorker;
  apiUrl: string;
  /** The raw side's bare HTTP server in front of executeUpdate, in a process of its own. */
  rawHttp: RawHttpServer;
  /** Where the API runs: its own `duban api` process (its pid), or inside the bench process. */
  api: { placement: 'process'; pid: number } | { placement: 'inline' };
  /** A bearer token for `actor`, valid for this API (from its tokens file, or a dev token for the inline API). */
  tokenFor(actor: string): string;
  /** Stops everything; the data dir (outbox, dev-server log) is removed unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Both bundles, built by bundle-child.ts in its own process (TypeScript sources need tsx's loader there too). */
export async function buildBundles(
  dir: string,
): Promise<{ dubanPath: string; duban: string; rawPath: string; raw: string }> {
  // The sibling file as this one is (TypeScript under tsx or vitest, or compiled); no `require`, which vitest lacks.
  const source = __filename.endsWith('.ts');
  const script = path.join(__dirname, source ? 'bundle-child.ts' : 'bundle-child.js');
  const loader = source ? ['--require', 'tsx/cjs'] : [];
  await promisify(execFile)(process.execPath, [...loader, script, dir], { maxBuffer: 16 * 1024 * 1024 });
  const dubanPath = path.join(dir, DUBAN_BUNDLE_FILE);
  return {
    dubanPath,
    duban: readFileSync(dubanPath, 'utf8'),
    rawPath: path.join(dir, NOOP_BUNDLE_FILE),
    raw: readFileSync(path.join(dir, NOOP_BUNDLE_FILE), 'utf8'),
  };
}

/** Starts `worker.run()` in the background; stop() shuts it down and waits for it. */
function running(worker: Worker, taskQueue: string): RunningWorker {
  const done = worker.run();
  return {
    worker,
    taskQueue,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

async function startWorkers(
  { address, namespace }: { address: string; namespace: string },
  dataDir: string,
  tuning: WorkerTuning,
  bundles: { dubanPath: string; raw: string },
) {
  const [dubanConnection, rawConnection] = await Promise.all([
    NativeConnection.connect({ address }),
    NativeConnection.connect({ address }),
  ]);
  const dubanWorker = await createDubanWorker({
    connection: dubanConnection,
    namespace,
    taskQueue: DUBAN_QUEUE,
    dataDir,
    contacts: EMPTY_CONTACTS,
    bundlePath: bundles.dubanPath,
    tuning,
  });
  const rawWorker = await Worker.create({
    connection: rawConnection,
    namespace,
    taskQueue: RAW_QUEUE,
    workflowBundle: { code: bundles.raw },
    activities: rawActivities(rawOutbox(dataDir)),
    ...tuning,
  });
  return {
    duban: running(dubanWorker, DUBAN_QUEUE),
    raw: running(rawWorker, RAW_QUEUE),
    closeConnections: () => Promise.all([dubanConnection.close(), rawConnection.close()]),
  };
}

const rawOutbox = (dataDir: string) => path.join(dataDir, 'raw-outbox.jsonl');

/**
 * An existing Temporal server instead of the bench's own dev server (the production engine: `npm run cluster:up`);
 * duban's search attributes must be registered on its namespace.
 */
export interface ExistingServer {
  address: string;
  namespace: string;
}

export interface StackOptions {
  /**
   * 'process' (the bench) runs `duban api` apart, as every deployment does; 'inline' builds the app in this
   * process, so an in-process CPU profile of it (scripts/profile/run.ts) holds the route's own work.
   */
  api?: 'process' | 'inline';
  /** Node flags for the API process (scripts/profile: `--cpu-prof`). */
  apiExecArgv?: string[];
}

export async function startStack(
  tuning: WorkerTuning,
  existing?: ExistingServer,
  { api = 'process', apiExecArgv = [] }: StackOptions = {},
): Promise<BenchStack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-bench-'));
  const [server, bundles] = await Promise.all([
    existing
      ? { address: existing.address, stop: () => Promise.resolve() }
      : startDevServer({ uiPort: false, logFile: path.join(dataDir, 'temporal.log') }),
    buildBundles(dataDir),
  ]);
  const namespace = existing?.namespace ?? 'default';
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace });
  const service = new MeasureService(client);
  const workers = await startWorkers({ address: server.address, namespace }, dataDir, tuning, bundles);
  const rawHttp = await startRawHttpServer({ address: server.address, namespace });
  const http = await (api === 'process' ? apiProcess : inlineApi)({
    address: server.address,
    namespace,
    dataDir,
    client,
    service,
    execArgv: apiExecArgv,
  });
  return {
    server,
    temporal: { address: server.address, namespace },
    client,
    service,
    dataDir,
    outbox: { duban: path.join(dataDir, 'outbox.jsonl'), raw: rawOutbox(dataDir) },
    dubanBundle: bundles.duban,
    dubanBundlePath: bundles.dubanPath,
    rawBundlePath: bundles.rawPath,
    rawBundle: bundles.raw,
    duban: workers.duban,
    raw: workers.raw,
    apiUrl: http.url,
    rawHttp,
    api: http.where,
    tokenFor: (actor) => http.tokenFor(actor),
    async close({ keepData = false } = {}) {
      await Promise.all([http.stop(), rawHttp.stop()]);
      await Promise.all([workers.duban.stop(), workers.raw.stop()]);
      await workers.closeConnections();
      await connection.close();
      await server.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

interface ApiWiring {
  address: string;
  namespace: string;
  dataDir: string;
  client: Client;
  service: MeasureService;
  execArgv: string[];
}

interface RunningApi {
  url: string;
  where: BenchStack['api'];
  tokenFor(actor: string): string;
  stop(): Promise<void>;
}

/**
 * `duban api` as docker-compose runs it: production mode, bearer tokens from a tokens file. Each actor's token is
 * added on first use, and the API finds a token it does not know by looking at the file again.
 */
async function apiProcess(w: ApiWiring): Promise<RunningApi> {
  const tokensFile = path.join(w.dataDir, 'tokens.json');
  const tokens = new Map<string, string>([['coordinator', addToken(tokensFile, 'coordinator')]]);
  const api = await startApiProcess({ ...w, taskQueue: DUBAN_QUEUE, tokensFile });
  return {
    url: api.url,
    where: { placement: 'process', pid: api.pid },
    tokenFor: (actor) => {
      let token = tokens.get(actor);
      if (token === undefined) tokens.set(actor, (token = addToken(tokensFile, actor)));
      return token;
    },
    stop: () => api.stop(),
  };
}

async function inlineApi({ client, service, dataDir }: ApiWiring): Promise<RunningApi> {
  const auth = createAuthenticator({ mode: 'dev', tokensFile: path.join(dataDir, 'tokens.json'), dataDir });
  const app = buildApp({ service, client, taskQueue: DUBAN_QUEUE, auth });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    where: { placement: 'inline' },
    tokenFor: (actor) => devToken(actor, dataDir),
    stop: () => app.close(),
  };
}

/**
 * Waits until neither worker has an activation or activity in flight for `quietMs` (or `timeoutMs` passes) and
 * returns when the work ended (performance.now() of the last busy look), so callers can time a backlog draining.
 */
export async function settle(workers: Worker[], quietMs = 500, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let quietSince = performance.now();
  while (performance.now() < deadline) {
    const busy = workers.some((w) => {
      const s = w.getStatus();
      return s.numInFlightWorkflowActivations > 0 || s.numInFlightActivities > 0;
    });
    if (busy) quietSince = performance.now();
    else if (performance.now() - quietSince >= quietMs) return quietSince;
    await new Promise((r) => setTimeout(r, 20));
  }
  return quietSince;
}

/**
 * Everything the benchmark runs on, in one process: an in-memory `temporal server start-dev`, one client, the
 * duban worker (measureWorkflow + notification activities) and the raw worker (the baselines) on their own task
 * queues with the same tuning, each from a pre-built bundle, and duban's HTTP API listening on loopback.
 * Both sides share the server, the client, the process and its two cores, so their numbers compare fairly.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { buildApp } from '../src/api/app';
import { createAuthenticator, devToken } from '../src/auth/tokens';
import { EMPTY_CONTACTS } from '../src/notify/contacts';
import { MeasureService } from '../src/service/measures';
import { startDevServer, type DevServer } from '../src/temporal/dev-server';
import { createDubanWorker } from '../src/worker/worker';
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
  /** A dev-mode bearer token for `actor`, valid for this API. */
  tokenFor(actor: string): string;
  /** Stops everything; the data dir (outbox, dev-server log) is removed unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Both bundles, built by bundle-child.ts in its own process (TypeScript sources need tsx's loader there too). */
export async function buildBundles(
  dir: string,
): Promise<{ dubanPath: string; duban: string; rawPath: string; raw: string }> {
  const script = require.resolve('./bundle-child');
  const loader = script.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
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

export async function startStack(tuning: WorkerTuning, existing?: ExistingServer): Promise<BenchStack> {
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
  const auth = createAuthenticator({ mode: 'dev', tokensFile: path.join(dataDir, 'tokens.json'), dataDir });
  const app = buildApp({ service, client, taskQueue: DUBAN_QUEUE, auth });
  const apiUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    server,
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
    apiUrl,
    tokenFor: (actor) => devToken(actor, dataDir),
    async close({ keepData = false } = {}) {
      await app.close();
      await Promise.all([workers.duban.stop(), workers.raw.stop()]);
      await workers.closeConnections();
      await connection.close();
      await server.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
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

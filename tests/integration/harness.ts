/** Shared test plumbing: a client and a worker on the real server, each test on its own task queue and data dir. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { poll } from '../support/poll';
import { buildApp } from '../../src/api/app';
import { createAuthenticator, devToken } from '../../src/auth/tokens';
import { folderEvidenceStore } from '../../src/evidence/folder-store';
import { EMPTY_CONTACTS, type Contacts } from '../../src/notify/contacts';
import { MeasureService } from '../../src/service/measures';
import { createDubanWorker } from '../../src/worker/worker';

export interface Env {
  client: Client;
  taskQueue: string;
  dataDir: string;
  address: string;
  /** A worker on env's task queue; `dataDir` gives it a data dir of its own (default env's). */
  startWorker(contacts?: Contacts, dataDir?: string): Promise<Worker>;
}

let counter = 0;

// Worker state chatter drowns test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

export async function testEnv(): Promise<Env & { close(): Promise<void> }> {
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnections: NativeConnection[] = [];
  const client = new Client({ connection });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'duban-data-'));
  const env = {
    client,
    taskQueue: freshQueue(),
    dataDir,
    address,
    async startWorker(contacts: Contacts = EMPTY_CONTACTS, workerDataDir = dataDir) {
      const native = await NativeConnection.connect({ address });
      nativeConnections.push(native);
      return createDubanWorker({
        connection: native,
        namespace: 'default',
        taskQueue: env.taskQueue,
        dataDir: workerDataDir,
        contacts,
        bundlePath: inject('workflowBundle'),
      });
    },
    async close() {
      await Promise.all(nativeConnections.map((c) => c.close()));
      await connection.close();
    },
  };
  return env;
}

const freshQueue = () => `test-${process.pid}-${++counter}-${Date.now()}`;

export type TestEnv = Awaited<ReturnType<typeof testEnv>>;

/**
 * Registers the file's hooks: one test env, and a MeasureService on it, handed to `receive`. Each test gets a task
 * queue of its own, so a measure an earlier test left running (its timers still firing) is never picked up by a
 * later test's worker with that test's contacts.
 */
export function useTestEnv(receive: (ctx: { env: TestEnv; service: MeasureService }) => void): void {
  let env: TestEnv | undefined;
  beforeAll(async () => {
    env = await testEnv();
    receive({ env, service: new MeasureService(env.client) });
  });
  beforeEach(() => {
    if (env) env.taskQueue = freshQueue();
  });
  afterAll(async () => env?.close());
}

/** Runs `fn` while a worker polls; the worker shuts down when `fn` settles. */
export async function withWorker<T>(env: Env, fn: (worker: Worker) => Promise<T>, contacts?: Contacts): Promise<T> {
  const worker = await env.startWorker(contacts);
  return worker.runUntil(() => fn(worker));
}

/** Polls `probe` until it returns a truthy value (visibility is eventually consistent). */
export function eventually<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  return poll(probe, { timeoutMs, intervalMs: 200 });
}

/**
 * The API app (dev tokens of env's data dir, the workbench in dev mode) listening on an ephemeral port, with a
 * worker polling env's task queue until close().
 */
export async function serveApi(env: TestEnv): Promise<{ app: FastifyInstance; base: string; close(): Promise<void> }> {
  const auth = createAuthenticator({
    mode: 'dev',
    tokensFile: path.join(env.dataDir, 'tokens.json'),
    dataDir: env.dataDir,
  });
  const app = buildApp({
    // 佐证材料 in the test's data dir, as the default configuration keeps them.
    service: new MeasureService(env.client, undefined, folderEvidenceStore(path.join(env.dataDir, 'evidence'))),
    client: env.client,
    taskQueue: env.taskQueue,
    auth,
    workbench: { mode: 'dev', dataDir: env.dataDir },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  const worker = await env.startWorker();
  let stop = () => {};
  const running = worker.runUntil(new Promise<void>((resolve) => (stop = resolve)));
  return {
    app,
    base: `http://127.0.0.1:${address.port}`,
    async close() {
      stop();
      await running;
      await app.close();
    },
  };
}

/** The lines the outbox channel wrote to `env.dataDir`, optionally only one workflow's. */
export function readOutbox<T extends { workflowId: string }>(env: Pick<Env, 'dataDir'>, workflowId?: string): T[] {
  const file = path.join(env.dataDir, 'outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T)
    .filter((l) => !workflowId || l.workflowId === workflowId);
}

/** Runs `duban <args>` (bin/duban.js) against env's server, task queue and data dir; resolves with its exit code. */
export function runCli(env: Pick<Env, 'address' | 'taskQueue' | 'dataDir'>, args: string[]) {
  const root = path.resolve(__dirname, '..', '..');
  return promisify(execFile)(process.execPath, [path.join(root, 'bin', 'duban.js'), ...args], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      DUBAN_DATA_DIR: env.dataDir,
    },
    maxBuffer: 10 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

/** A served API as a test file uses it: env, service, and `post(url, actor, json)` with the actor's dev token. */
export interface ServedApi {
  env: TestEnv;
  service: MeasureService;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire, checked field by field
  post: (url: string, actor: string, json: unknown) => Promise<{ status: number; body: any }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire, checked field by field
  get: (url: string, actor: string) => Promise<{ status: number; body: any }>;
}

/** Registers the file's hooks: one env and the API served over it (serveApi) for all its tests. */
export function useServedApi(receive: (api: ServedApi) => void): void {
  let env: TestEnv | undefined;
  let server: Awaited<ReturnType<typeof serveApi>> | undefined;
  beforeAll(async () => {
    const served = await testEnv();
    env = served;
    const api = await serveApi(served);
    server = api;
    receive({
      env: served,
      service: new MeasureService(served.client),
      post: async (url, actor, json) => {
        const res = await fetch(`${api.base}${url}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${devToken(actor, served.dataDir)}`, 'content-type': 'application/json' },
          body: JSON.stringify(json),
        });
        return { status: res.status, body: await res.json() };
      },
      get: async (url, actor) => {
        const res = await fetch(`${api.base}${url}`, {
          headers: { authorization: `Bearer ${devToken(actor, served.dataDir)}` },
        });
        return { status: res.status, body: await res.json() };
      },
    });
  });
  afterAll(async () => {
    await server?.close();
    await env?.close();
  });
}

/**
 * duban's HTTP API in a process of its own, as production runs it (docker-compose's `api` service): the real
 * `duban api` command, configured through the environment, on loopback. In one process with both workers its
 * requests queued behind worker activations on the same event loop, which no deployment does (docs/performance.md,
 * "Fourth pass"). Production mode, as deployed: bearer tokens from a tokens file (`duban token --add`'s).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../src/temporal/ports';
import { sleep } from './pool';

const BIN = path.resolve(__dirname, '..', 'bin', 'duban.js');

export interface ApiProcessOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  dataDir: string;
  /** The tokens file (production mode refuses to start without one). */
  tokensFile: string;
  /** Node flags for the process (scripts/profile: `--cpu-prof`). */
  execArgv?: string[];
  /** How long the process gets to answer /healthz (tsx compiles the CLI's modules on a cold start). */
  readyTimeoutMs?: number;
}

export interface ApiProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

export async function startApiProcess(options: ApiProcessOptions): Promise<ApiProcess> {
  // `duban api` takes a fixed PORT, as a deployment gives it; ports.ts keeps it out of the kernel's ephemeral range.
  const port = await freePort();
  const child = spawn(process.execPath, [...(options.execArgv ?? []), BIN, 'api'], {
    env: {
      ...process.env,
      DUBAN_MODE: 'production',
      DUBAN_TOKENS_FILE: options.tokensFile,
      DUBAN_DATA_DIR: options.dataDir,
      TEMPORAL_ADDRESS: options.address,
      TEMPORAL_NAMESPACE: options.namespace,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited(child);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`duban api exited (${child.exitCode}) before it answered ${url}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.arrayBuffer().then(() => r.ok),
      () => false,
    );
    if (ok) return { url, pid: child.pid!, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`duban api did not answer ${url}/healthz within ${options.readyTimeoutMs ?? 60_000} ms`);
    }
    await sleep(100);
  }
}

/**
 * The embedded Temporal: `temporal server start-dev` on a SQLite file (or in memory for tests), with its Web UI and
 * duban's search attributes registered. Used by `duban dev` (npm start), the integration tests and the benchmark.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { findTemporalCli, MISSING_CLI_MESSAGE } from './binary';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SA } from '../measure';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from './names';
import { freePort } from './ports';

export interface DevServerOptions {
  /** SQLite file; omitted: in memory (tests). */
  dbFile?: string;
  /** 0 picks a free port. */
  port?: number;
  /** false: no Web UI. */
  uiPort?: number | false;
  ip?: string;
  namespace?: string;
  logFile?: string;
}

export interface DevServer {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = findTemporalCli();
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port || (await freePort(ip));
  if (!cli.path) return startDownloadedDevServer(options, ip, port);
  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'warn'];
  args.push('--namespace', options.namespace ?? 'default');
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  // The CLI's own default (port + 1000) may land in the kernel's ephemeral range when the port was picked here.
  const uiPort =
    options.uiPort === false ? undefined : (options.uiPort ?? (options.port ? options.port + 1000 : await freePort(ip)));
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES))
    args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const sink = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk: Buffer) => {
      if (output.length < 20_000) output += chunk.toString();
      sink?.write(chunk);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Never leave a server behind when this process dies without stopping it (a crash, an unhandled error).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));

  const deadline = Date.now() + 30_000;
  while (!(await isListening(ip, port))) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(r, 100, 'waiting'))]);
    if (early !== 'waiting') throw new Error(`temporal server start-dev exited (${String(early)}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`temporal server start-dev did not listen on ${ip}:${port} within 30 s:\n${output}`);
    }
  }
  return {
    address: `${ip}:${port}`,
    uiUrl: uiPort === undefined ? undefined : `http://${ip === '0.0.0.0' ? '127.0.0.1' : ip}:${uiPort}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      sink?.end();
    },
  };
}

/**
 * Last resort, for machines with internet but no Temporal CLI and no Go: the SDK downloads the same CLI and runs
 * it. Fails here (no internet) with the SDK's error, to which MISSING_CLI_MESSAGE adds what to run instead.
 */
async function startDownloadedDevServer(options: DevServerOptions, ip: string, port: number): Promise<DevServer> {
  console.error('No Temporal CLI found locally: asking the Temporal SDK to download one…');
  let env: TestWorkflowEnvironment;
  try {
    env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip,
        port,
        namespace: options.namespace,
        dbFilename: options.dbFile,
        ui: options.uiPort !== false,
        ...(typeof options.uiPort === 'number' ? { uiPort: options.uiPort } : {}),
        searchAttributes: Object.values(SA),
      },
    });
  } catch (err) {
    throw new Error(`${MISSING_CLI_MESSAGE}
(The SDK's download failed too: ${(err as Error).message})`);
  }
  const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? port + 1000);
  return {
    address: env.address,
    uiUrl: uiPort === undefined ? undefined : `http://${ip}:${uiPort}`,
    stop: () => env.teardown(),
  };
}

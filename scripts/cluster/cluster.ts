/**
 * A production-shaped duban cluster on this machine, without Docker (TEMPORAL.md "A production cluster without
 * Docker"): PostgreSQL 15 initialised into a fresh temporary folder on loopback, Temporal's schemas set up by
 * deploy/temporal/setup-schema.sh, `temporal-server` with the config the temporalio/server image renders from the
 * environment docker-compose.yml gives it, search attributes registered by deploy/temporal/register-search-
 * attributes.sh, then duban as the image runs it: `node bin/duban.js worker` (several, each through the worker's
 * own entry in dist/) and `… api` in production mode with a tokens file. Values come from docker-compose.yml
 * (compose.ts); only what differs between a container and a host process is overridden here (addresses, ports,
 * paths), and an override of a variable the compose file no longer sets fails, so the two cannot drift apart
 * silently.
 *
 * Every process's pid goes into `<root>/pids`; stopCluster() kills them all and removes the folder, and
 * reapStaleClusters() does the same for folders whose owning process died without cleaning up.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { stringify as stringifyYaml } from 'yaml';
import { ensureTemporalCli } from '../../src/temporal/binary';
import { freePorts } from '../../src/temporal/ports';
import { Compose, REPO_ROOT } from './compose';
import { ensureServerTools, type ServerTools } from './tools';

const PG_BIN = process.env.DUBAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** PostgreSQL refuses to run as root: as root, its commands run as this user. */
const PG_USER = 'postgres';
const ROOT_PREFIX = 'duban-cluster-';
/**
 * Where run folders go: the temporary folder, except that as root PostgreSQL runs as another user, who must be able
 * to reach its data folder, and a TMPDIR under /root would not let it: /tmp then.
 */
const clusterBase = () => (isRoot() ? '/tmp' : tmpdir());

/** Everything a test (in another process) needs to reach the cluster, spawn workers into it and clean it up. */
export interface ClusterSettings {
  root: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  apiUrl: string;
  /** DUBAN_DATA_DIR of every worker (the compose file's shared duban-data volume): outbox.jsonl, deliveries.jsonl. */
  dataDir: string;
  tokensFile: string;
  /** The environment `duban worker` runs with (for extra or replacement workers). */
  workerEnv: Record<string, string>;
  workerPids: number[];
  apiPid: number;
  /** A free loopback base URL (http://127.0.0.1:<port>) the contacts file's webhooks may point at. */
  webhookUrl: string;
  /** Bearer tokens issued by `duban token <actor> --add`, by actor (the coordinator's at least). */
  tokens: Record<string, string>;
  serverPid: number;
  /** How temporal-server was started, to start it again (restart tests). */
  server: { cmd: string; args: string[]; cwd: string; env: Record<string, string> };
  pgData: string;
  pgPort: number;
  /** `pg_ctl -o` options, to start PostgreSQL again. */
  pgOptions: string;
}

export interface ClusterOptions {
  workers?: number;
  /**
   * The workers' contacts file (compose: deploy/secrets/contacts.yaml), given the base URL of a free loopback port
   * (settings.webhookUrl) a test can serve webhooks on. Without it every notice goes to the outbox.
   */
  contacts?: (webhookUrl: string) => unknown;
  /** Skip `npm run build` (dist/ must be current). */
  skipBuild?: boolean;
  log?: (line: string) => void;
}

// ---- small process helpers -------------------------------------------------------------------------------------

const isRoot = () => process.getuid?.() === 0;

function pgUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, PG_USER], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0) {
    throw new Error(`running as root, and PostgreSQL needs a non-root user: there is no user "${PG_USER}"`);
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** argv for a PostgreSQL command, run as the postgres user when we are root. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  const exe = path.join(PG_BIN, bin);
  return isRoot() ? ['runuser', ['-u', PG_USER, '--', exe, ...args]] : [exe, args];
}

function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; log: string }) {
  return new Promise<void>((resolve, reject) => {
    const out = openSync(opts.log, 'a');
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', out, out] });
    closeSync(out);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? code}); log ${opts.log}:\n${tail(opts.log)}`));
    });
  });
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts a long-running process with its output in `<root>/logs/<name>.log`; its pid goes into `<root>/pids`. */
export function spawnManaged(
  root: string,
  name: string,
  cmd: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string },
): ChildProcess & { pid: number; logFile: string } {
  const logFile = path.join(root, 'logs', `${name}.log`);
  const out = openSync(logFile, 'a');
  const child = spawn(cmd, args, { env: opts.env, cwd: opts.cwd ?? REPO_ROOT, stdio: ['ignore', out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
  appendFileSync(path.join(root, 'pids'), `${child.pid} ${name}\n`);
  // Tracked by the pids file, not by this process's event loop: a test process that started a replacement worker
  // may exit without waiting for it (stopCluster ends it).
  child.unref();
  return Object.assign(child, { pid: child.pid, logFile });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const PORT_NAMES = [
  'pg',
  'grpc',
  'http',
  'frontendMembership',
  'historyGrpc',
  'historyMembership',
  'matchingGrpc',
  'matchingMembership',
  'workerGrpc',
  'workerMembership',
  'api',
  'webhook',
] as const;

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  failed?: () => string | undefined,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = failed?.();
    if (problem) throw new Error(`${what}: ${problem}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Rejects when the process exits (for racing a step that needs it running). */
function exitRejection(child: ChildProcess & { logFile: string }, name: string): Promise<never> {
  return new Promise((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`${name} exited (${signal ?? code}); log ${child.logFile}:\n${tail(child.logFile)}`)),
    ),
  );
}

/** Fails the wait at once when the process it waits for has exited. */
function exitWatch(child: ChildProcess & { logFile: string }, name: string) {
  let exited: string | undefined;
  child.on('exit', (code, signal) => (exited = `${name} exited (${signal ?? code}); log ${child.logFile}:\n`));
  return () => (exited ? exited + tail(child.logFile) : undefined);
}

// ---- PostgreSQL ------------------------------------------------------------------------------------------------

async function startPostgres(root: string, port: number, user: string, password: string) {
  if (!existsSync(path.join(PG_BIN, 'initdb'))) {
    throw new Error(
      `PostgreSQL 15 is not in ${PG_BIN}: run \`sh scripts/cluster/ensure-postgres.sh\` (apt-get install ` +
        'postgresql-15), or set DUBAN_PG_BIN to the folder holding initdb, pg_ctl and postgres',
    );
  }
  const pgData = path.join(root, 'pg');
  const pwFile = path.join(root, 'pg-password');
  const log = path.join(root, 'logs', 'postgres.log');
  mkdirSync(pgData, { mode: 0o700 });
  writeFileSync(pwFile, password, { mode: 0o600 });
  writeFileSync(log, '');
  const owner = pgUser();
  if (owner) for (const f of [pgData, pwFile, log]) chownSync(f, owner.uid, owner.gid);
  const initdb = pgCommand('initdb', [
    '-D',
    pgData,
    '-U',
    user,
    `--pwfile=${pwFile}`,
    '--auth=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  await run(...initdb, { log });
  rmSync(pwFile);
  const options = [
    '-c listen_addresses=127.0.0.1',
    `-c port=${port}`,
    `-c unix_socket_directories=${pgData}`,
    '-c max_connections=200',
    '-c fsync=off', // a throw-away test database; durability across a power cut is not what is tested
  ].join(' ');
  await pgStart(root, pgData, options);
  return { pgData, options };
}

/** `pg_ctl start` (waits until it accepts connections); the postmaster's pid goes into the pids file. */
export async function pgStart(root: string, pgData: string, options: string) {
  const log = path.join(root, 'logs', 'postgres.log');
  await run(...pgCommand('pg_ctl', ['-D', pgData, '-l', log, '-o', options, '-w', 'start']), { log });
  const postmaster = Number(readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
  appendFileSync(path.join(root, 'pids'), `${postmaster} postgres\n`);
}

/** `pg_ctl stop -m fast`: disconnects every client (Temporal) and shuts down cleanly. */
export async function pgStop(root: string, pgData: string) {
  await run(...pgCommand('pg_ctl', ['-D', pgData, '-m', 'fast', '-w', 'stop']), {
    log: path.join(root, 'logs', 'postgres.log'),
  });
}

function stopPostgres(pgData: string) {
  if (!existsSync(path.join(pgData, 'postmaster.pid'))) return;
  const [cmd, args] = pgCommand('pg_ctl', ['-D', pgData, '-m', 'immediate', '-w', 'stop']);
  spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
}

// ---- Temporal --------------------------------------------------------------------------------------------------

function writeServerConfig(tools: ServerTools, dir: string) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(tools.serverConfig, path.join(dir, 'production.yaml'));
}

/** Replaces variables the compose file sets (failing when it no longer sets one) and adds host-only ones. */
function adapt(
  env: Record<string, string>,
  replace: Record<string, string>,
  add: Record<string, string> = {},
): Record<string, string> {
  for (const key of Object.keys(replace)) {
    if (!(key in env)) throw new Error(`docker-compose.yml no longer sets ${key}: update scripts/cluster/cluster.ts`);
  }
  return { ...env, ...replace, ...add };
}

const baseEnv = (): Record<string, string> => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? '/tmp',
});

async function workflowPollers(settings: Pick<ClusterSettings, 'temporalAddress' | 'namespace' | 'taskQueue'>) {
  const connection = await Connection.connect({ address: settings.temporalAddress });
  try {
    const res = await connection.workflowService.describeTaskQueue({
      namespace: settings.namespace,
      taskQueue: { name: settings.taskQueue, kind: 1 }, // TASK_QUEUE_KIND_NORMAL
      taskQueueType: 1, // TASK_QUEUE_TYPE_WORKFLOW
    });
    return (res.pollers ?? []).map((p) => p.identity ?? '');
  } finally {
    await connection.close();
  }
}

/** Starts one more `duban worker` process and waits until it polls the task queue. */
export async function spawnWorker(settings: ClusterSettings, name: string) {
  const child = spawnManaged(settings.root, name, process.execPath, ['bin/duban.js', 'worker'], {
    env: settings.workerEnv,
  });
  const failed = exitWatch(child, name);
  // The SDK's default worker identity is `<pid>@<hostname>`.
  await until(
    `${name} polling ${settings.taskQueue}`,
    60_000,
    async () => {
      const pollers = await workflowPollers(settings);
      return pollers.some((id) => id.startsWith(`${child.pid}@`)) || undefined;
    },
    failed,
  );
  return child;
}

function spawnTemporalServer(root: string, start: ClusterSettings['server']) {
  return spawnManaged(root, 'temporal-server', start.cmd, start.args, { cwd: start.cwd, env: start.env });
}

/** Stops temporal-server (SIGTERM, SIGKILL after 20 s) and waits until it is gone. */
export async function stopTemporalServer(pid: number) {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (alive(pid) && !isZombie(pid)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts temporal-server again with its first start's command and environment; resolves once it serves. */
export async function startTemporalServer(settings: ClusterSettings): Promise<number> {
  const server = spawnTemporalServer(settings.root, settings.server);
  const failed = exitWatch(server, 'temporal-server');
  await until(
    'temporal-server serving again',
    120_000,
    async () => {
      const connection = await Connection.connect({ address: settings.temporalAddress, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: settings.namespace });
        return true;
      } finally {
        await connection.close();
      }
    },
    failed,
  );
  return server.pid;
}

/** A process another process started and has not reaped yet still answers kill(0): read its state instead. */
function isZombie(pid: number): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

// ---- the cluster -----------------------------------------------------------------------------------------------

export async function startCluster(options: ClusterOptions = {}): Promise<ClusterSettings> {
  const t0 = Date.now();
  const log = (line: string) =>
    (options.log ?? console.error)(`[cluster +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
  reapStaleClusters(log);

  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const compose = new Compose({ POSTGRES_PASSWORD: password });
  const version = compose.imageTag('temporal');
  const tools = ensureServerTools(version, log);
  const cli = ensureTemporalCli(log);
  if (!cli.path) throw new Error('no Temporal CLI for register-search-attributes.sh (npm run temporal:install)');

  const root = mkdtempSync(path.join(clusterBase(), ROOT_PREFIX));
  chmodSync(root, 0o755); // the postgres user must reach its folder inside
  mkdirSync(path.join(root, 'logs'));
  writeFileSync(path.join(root, 'owner'), String(process.pid));
  writeFileSync(path.join(root, 'pids'), '');
  log(`folder ${root} (logs in logs/)`);

  try {
    const ports = await freePorts(PORT_NAMES);
    const { pg: pgPort, grpc, api: apiPort } = ports;
    const address = `127.0.0.1:${grpc}`;

    // npm run build (tsc + the workflow bundle) runs while the database and server come up.
    const build = options.skipBuild
      ? Promise.resolve()
      : run('npm', ['run', 'build'], { cwd: REPO_ROOT, log: path.join(root, 'logs', 'build.log') }).then(() =>
          log('npm run build: dist/ and dist/workflow-bundle.js built'),
        );
    build.catch(() => undefined); // awaited below; this only keeps an early failure from being unhandled

    const schemaEnv = compose.environment('temporal-schema');
    const { pgData, options: pgOptions } = await startPostgres(
      root,
      pgPort,
      schemaEnv.SQL_USER ?? 'temporal',
      password,
    );
    log(`PostgreSQL ${PG_BIN} on 127.0.0.1:${pgPort} (own data folder, scram-sha-256)`);

    // deploy/temporal/setup-schema.sh with the compose service's environment; temporal-sql-tool on PATH.
    const binDir = path.join(root, 'bin');
    mkdirSync(binDir);
    symlinkSync(tools.sqlTool, path.join(binDir, 'temporal-sql-tool'));
    const [schemaScript, ...schemaArgs] = compose.hostCommand('temporal-schema');
    await run('sh', [schemaScript!, ...schemaArgs], {
      env: {
        ...baseEnv(),
        ...adapt(schemaEnv, { SQL_HOST: '127.0.0.1', SQL_PORT: String(pgPort) }),
        PATH: `${binDir}:${process.env.PATH ?? ''}`,
        TEMPORAL_SCHEMA_DIR: tools.schemaDir,
      },
      log: path.join(root, 'logs', 'setup-schema.log'),
    });
    log(`schemas set up by ${path.relative(REPO_ROOT, schemaScript!)}`);

    const serverEnv = compose.environment('temporal');
    const serverRoot = path.join(root, 'temporal');
    writeServerConfig(tools, path.join(serverRoot, 'config'));
    const serverStart = {
      cmd: tools.server,
      args: ['--root', serverRoot, '--config', 'config', '--env', 'production', '--allow-no-auth', 'start'],
      cwd: serverRoot,
      env: {
        ...baseEnv(),
        ...adapt(
          serverEnv,
          {
            POSTGRES_SEEDS: '127.0.0.1',
            DB_PORT: String(pgPort),
            BIND_ON_IP: '127.0.0.1',
            DYNAMIC_CONFIG_FILE_PATH: compose.hostPath('temporal', serverEnv.DYNAMIC_CONFIG_FILE_PATH ?? ''),
          },
          {
            FRONTEND_GRPC_PORT: String(grpc),
            FRONTEND_HTTP_PORT: String(ports.http),
            FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
            HISTORY_GRPC_PORT: String(ports.historyGrpc),
            HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
            MATCHING_GRPC_PORT: String(ports.matchingGrpc),
            MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
            WORKER_GRPC_PORT: String(ports.workerGrpc),
            WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
          },
        ),
      },
    };
    const server = spawnTemporalServer(root, serverStart);
    log(
      `temporal-server ${version} on ${address} (${serverEnv.NUM_HISTORY_SHARDS} shards, ${serverEnv.DB} ` +
        'persistence and visibility, config from the image’s template)',
    );

    // deploy/temporal/register-search-attributes.sh: waits for health, creates the namespace, registers the SAs.
    const saEnv = compose.environment('temporal-search-attributes');
    const [saScript, ...saArgs] = compose.hostCommand('temporal-search-attributes');
    await Promise.race([
      run('sh', [saScript!, ...saArgs], {
        env: { ...baseEnv(), ...adapt(saEnv, { TEMPORAL_ADDRESS: address }), TEMPORAL_CLI: cli.path },
        log: path.join(root, 'logs', 'register-search-attributes.log'),
      }),
      exitRejection(server, 'temporal-server'),
    ]);
    const namespace = saEnv.TEMPORAL_NAMESPACE ?? 'default';
    log(
      `namespace ${namespace} (retention ${saEnv.TEMPORAL_NAMESPACE_RETENTION}) and search attributes registered by ` +
        path.relative(REPO_ROOT, saScript!),
    );

    await build;

    // duban as the image runs it: `node bin/duban.js <command>` (dist/) with the compose services' environment.
    const dataDir = path.join(root, 'duban-data');
    const secrets = path.join(root, 'secrets');
    mkdirSync(dataDir);
    mkdirSync(secrets, { mode: 0o700 });
    const webhookUrl = `http://127.0.0.1:${ports.webhook}`;
    if (options.contacts)
      writeFileSync(path.join(secrets, 'contacts.yaml'), stringifyYaml(options.contacts(webhookUrl)));
    // The Dockerfile's ENV; the image holds no src/, so its bin/duban.js runs dist/, as DUBAN_USE_DIST makes it here.
    const image: Record<string, string> = {
      NODE_ENV: 'production',
      NODE_OPTIONS: '--enable-source-maps',
      DUBAN_USE_DIST: '1',
    };
    const workerEnvFromCompose = compose.environment('worker');
    const workerEnv = {
      ...baseEnv(),
      ...image,
      ...adapt(workerEnvFromCompose, {
        TEMPORAL_ADDRESS: address,
        DUBAN_DATA_DIR: dataDir,
        DUBAN_WORKFLOW_BUNDLE: path.join(REPO_ROOT, 'dist', 'workflow-bundle.js'),
        DUBAN_CONTACTS_FILE: path.join(secrets, 'contacts.yaml'),
      }),
    };
    const taskQueue = workerEnv.TEMPORAL_TASK_QUEUE ?? 'duban';
    const apiEnv = {
      ...baseEnv(),
      ...image,
      ...adapt(compose.environment('api'), {
        TEMPORAL_ADDRESS: address,
        HOST: '127.0.0.1',
        PORT: String(apiPort),
        DUBAN_TOKENS_FILE: path.join(secrets, 'tokens.json'),
        DUBAN_DATA_DIR: dataDir,
      }),
    };
    if (apiEnv.DUBAN_MODE !== 'production') throw new Error('docker-compose.yml runs the API in production mode');

    const settings: ClusterSettings = {
      root,
      temporalAddress: address,
      namespace,
      taskQueue,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      dataDir,
      tokensFile: apiEnv.DUBAN_TOKENS_FILE!,
      workerEnv,
      workerPids: [],
      apiPid: 0,
      serverPid: server.pid,
      server: serverStart,
      pgData,
      pgPort,
      pgOptions,
      webhookUrl,
      tokens: {},
    };
    // Production mode refuses to start without a tokens file: the coordinator's token is the first.
    settings.tokens.coordinator = await addToken(settings, 'coordinator');

    const workers = await Promise.all(
      Array.from({ length: options.workers ?? 2 }, (_, i) => spawnWorker(settings, `worker-${i + 1}`)),
    );
    settings.workerPids = workers.map((w) => w.pid);
    log(`${workers.length} duban workers polling ${taskQueue} (pids ${settings.workerPids.join(', ')})`);

    const api = spawnManaged(root, 'api', process.execPath, ['bin/duban.js', 'api'], { env: apiEnv });
    settings.apiPid = api.pid;
    await until(
      'duban api /healthz',
      60_000,
      async () => ((await fetch(`${settings.apiUrl}/healthz`)).ok ? true : undefined),
      exitWatch(api, 'api'),
    );
    log(`duban api (DUBAN_MODE=production) on ${settings.apiUrl}; ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return settings;
  } catch (err) {
    log(`start failed; logs kept in ${path.join(root, 'logs')}`);
    killAll(root);
    stopPostgres(path.join(root, 'pg'));
    throw err;
  }
}

/** `duban token <actor> --add`, the production way to issue a token: returns the token (the file keeps its hash). */
export function addToken(settings: Pick<ClusterSettings, 'tokensFile' | 'workerEnv'>, actor: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bin/duban.js', 'token', actor, '--add', '--note', 'cluster test suite'],
      {
        cwd: REPO_ROOT,
        env: { ...settings.workerEnv, DUBAN_MODE: 'production', DUBAN_TOKENS_FILE: settings.tokensFile },
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`duban token ${actor} --add failed: ${stderr}`));
        else resolve(stdout.trim());
      },
    );
  });
}

/** SIGKILLs every process recorded in `<root>/pids` that is still alive. */
function killAll(root: string) {
  let text = '';
  try {
    text = readFileSync(path.join(root, 'pids'), 'utf8');
  } catch {
    return;
  }
  for (const line of text.split('\n')) {
    const pid = Number(line.split(' ')[0]);
    if (pid > 0 && alive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** Stops everything of the cluster in `root` (processes, PostgreSQL) and removes the folder (unless `keep`). */
export function stopCluster(root: string, opts: { keep?: boolean } = {}) {
  stopPostgres(path.join(root, 'pg'));
  killAll(root);
  if (!opts.keep) rmSync(root, { recursive: true, force: true });
}

/** Cleans up after runs whose owning process died before its teardown (killed, crashed). */
export function reapStaleClusters(log: (line: string) => void = console.error) {
  for (const entry of readdirSync(clusterBase())) {
    if (!entry.startsWith(ROOT_PREFIX)) continue;
    const root = path.join(clusterBase(), entry);
    let owner = 0;
    try {
      owner = Number(readFileSync(path.join(root, 'owner'), 'utf8'));
    } catch {
      continue;
    }
    if (owner > 0 && !alive(owner)) {
      log(`removing a stale cluster of a run that died: ${root}`);
      stopCluster(root);
    }
  }
}

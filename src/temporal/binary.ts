/**
 * Finds (and, on request, builds) the official `temporal` CLI — the dev server with SQLite and Web UI — on machines
 * that reach package registries but not the internet (TEMPORAL.md). Resolution order:
 * `TEMPORAL_CLI` → the project's `.tools/` → the user cache `~/.cache/duban/` → `temporal` on PATH → build from
 * the Go module proxy (ensureTemporalCli only) → the SDK's own download (machines with internet).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.5.1';
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');
const toolsBinary = path.join(TOOLS_DIR, `temporal-${TEMPORAL_CLI_VERSION}`);
const cacheBinary = path.join(
  process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'),
  'duban',
  `temporal-${TEMPORAL_CLI_VERSION}`,
);

export type TemporalCli = { path: string; source: 'env' | 'tools' | 'cache' | 'path' | 'built' } | { path: undefined };

function onPath(name: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const out = found.stdout.trim();
  return found.status === 0 && out ? out : undefined;
}

/** Where the CLI is now, without building anything. */
export function findTemporalCli(): TemporalCli {
  const fromEnv = process.env.TEMPORAL_CLI;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI=${fromEnv} does not exist`);
    return { path: fromEnv, source: 'env' };
  }
  if (existsSync(toolsBinary)) return { path: toolsBinary, source: 'tools' };
  if (existsSync(cacheBinary)) return { path: cacheBinary, source: 'cache' };
  const found = onPath('temporal');
  if (found) return { path: found, source: 'path' };
  return { path: undefined };
}

export const MISSING_CLI_MESSAGE = [
  'No Temporal CLI found (needed for the embedded dev server).',
  'Run `npm run temporal:install` (builds it from the Go module proxy with Go >= 1.25, about 4 minutes once),',
  'or install the `temporal` CLI on your PATH, or set TEMPORAL_CLI=/path/to/temporal.',
].join('\n');

/** Finds the CLI, building it with Go from the module proxy when absent; caches it in `.tools/` and the user cache. */
export function ensureTemporalCli(log: (line: string) => void = console.error): TemporalCli {
  const found = findTemporalCli();
  if (found.path) {
    if (found.source === 'cache') link(found.path, toolsBinary);
    return found;
  }
  if (!onPath('go')) {
    log(`${MISSING_CLI_MESSAGE}\n(Go is not installed; the Temporal SDK will try its own download instead.)`);
    return found;
  }
  log(`Building the Temporal CLI v${TEMPORAL_CLI_VERSION} from the Go module proxy (about 4 minutes, once)…`);
  const gobin = path.join(tmpdir(), `duban-temporal-build-${process.pid}`);
  execFileSync(
    'go',
    [
      'install',
      '-ldflags',
      `-X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
      `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
    ],
    { stdio: 'inherit', env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin } },
  );
  link(path.join(gobin, 'temporal'), cacheBinary);
  rmSync(gobin, { recursive: true, force: true });
  link(cacheBinary, toolsBinary);
  log(`Temporal CLI ready: ${toolsBinary} (cached in ${cacheBinary})`);
  return { path: toolsBinary, source: 'built' };
}

function link(from: string, to: string) {
  mkdirSync(path.dirname(to), { recursive: true });
  const partial = `${to}.partial-${process.pid}`;
  copyFileSync(from, partial);
  renameSync(partial, to); // atomic: a concurrent run never sees half a binary
}

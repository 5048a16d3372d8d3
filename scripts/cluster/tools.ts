/**
 * `temporal-server` and `temporal-sql-tool` at the version docker-compose.yml pins (temporalio/server:<version>),
 * built once from the Go module proxy and cached in `~/.cache/duban/temporal-server-<version>/` with the files the
 * admin-tools image would bring: the PostgreSQL schema (`schema/postgresql/v12`) and the server's config template
 * (`config_template.yaml`, what the image renders its config from). TEMPORAL.md "A production cluster without
 * Docker": cold ≈ 5 min and 1.6 GB of modules, warm ≈ 0 s (the cache is checked before Go is even asked).
 *
 * Run directly (`tsx scripts/cluster/tools.ts`) it builds or finds them and prints where they are.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { Compose } from './compose';

export interface ServerTools {
  version: string;
  dir: string;
  server: string;
  sqlTool: string;
  /** Holds temporal/versioned and visibility/versioned (the admin-tools image's /etc/temporal/schema/postgresql/v12). */
  schemaDir: string;
  configTemplate: string;
  /**
   * `config/production.yaml`: that template in the form temporal-server renders itself, from its environment (the
   * variables docker-compose.yml gives the `temporal` service): `temporal-server --root <dir> --config config
   * --env production --allow-no-auth start`.
   */
  serverConfig: string;
}

const cacheRoot = () => path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'duban');

function layout(version: string, dir = path.join(cacheRoot(), `temporal-server-${version}`)): ServerTools {
  return {
    version,
    dir,
    server: path.join(dir, 'temporal-server'),
    sqlTool: path.join(dir, 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
    configTemplate: path.join(dir, 'config_template.yaml'),
    serverConfig: path.join(dir, 'config', 'production.yaml'),
  };
}

const complete = (t: ServerTools) =>
  [t.server, t.sqlTool, t.configTemplate, path.join(t.schemaDir, 'temporal', 'versioned')].every((f) => existsSync(f));

/** The cached tools, or undefined when they are not all there. */
export function findServerTools(version: string): ServerTools | undefined {
  const tools = layout(version);
  if (!complete(tools)) return undefined;
  // Derived from the template every time, so a change to renderableTemplate() reaches existing caches.
  mkdirSync(path.dirname(tools.serverConfig), { recursive: true });
  writeFileSync(tools.serverConfig, renderableTemplate(readFileSync(tools.configTemplate, 'utf8')));
  return tools;
}

/**
 * The server's own config template (docker/config_template.yaml at the pinned version, the file the image renders
 * with dockerize), made renderable by the server itself (common/config/loader.go renders a config file as a Go
 * template with sprig's functions when a comment says `enable-template`). Two differences to dockerize: sprig's
 * `default` takes the fallback first (`default "info" X`, dockerize `default X "info"`), and the environment is
 * `env "X"`, not `.Env.X`. A `default` of another shape fails here rather than render a wrong config.
 */
export function renderableTemplate(template: string): string {
  const swapped = template.replace(
    /\bdefault\s+\.Env\.([A-Za-z0-9_]+)\s+("[^"]*"|\$[A-Za-z_]+)/g,
    (_m, name: string, fallback: string) => `default ${fallback} (env "${name}")`,
  );
  for (const [action] of swapped.matchAll(/\{\{.*?\}\}/gs)) {
    if (/\bdefault\s+(?!("[^"]*"|\$[A-Za-z_]+)\s+\(env ")/.test(action)) {
      throw new Error(`the server's config template has \`${action}\`, which this script cannot convert`);
    }
  }
  return `# enable-template (sprig; rendered by temporal-server from its environment)\n${swapped.replace(
    /\.Env\.([A-Za-z0-9_]+)/g,
    '(env "$1")',
  )}`;
}

/** Finds the tools in the cache, or builds them with Go (printing what it does; ≈ 5 min the first time). */
export function ensureServerTools(version: string, log: (line: string) => void = console.error): ServerTools {
  const found = findServerTools(version);
  if (found) {
    log(`Temporal server ${version}: cached in ${found.dir}`);
    return found;
  }
  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error(
      `temporal-server ${version} is not in ${layout(version).dir} and Go is not installed to build it ` +
        '(Go >= 1.25 from https://go.dev/dl or the distribution; then run `npm run cluster:tools`).',
    );
  }
  const started = Date.now();
  const work = path.join(tmpdir(), `duban-server-build-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  const env = { ...process.env, CGO_ENABLED: '0' };
  // Both commands install a binary named after their folder (`server`, `sql`): one GOBIN each.
  for (const [what, pkg, bin] of [
    ['temporal-server', 'go.temporal.io/server/cmd/server', 'server'],
    ['temporal-sql-tool', 'go.temporal.io/server/cmd/tools/sql', 'sql'],
  ] as const) {
    log(
      `Building ${what} ${version} from the Go module proxy (go install ${pkg}@v${version}; ` +
        'about 5 minutes and 1.6 GB of modules the first time, seconds once Go has them)…',
    );
    execFileSync('go', ['install', `${pkg}@v${version}`], {
      stdio: 'inherit',
      env: { ...env, GOBIN: path.join(work, bin) },
    });
  }
  const modDir = path.join(
    execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(),
    `go.temporal.io/server@v${version}`,
  );
  const staged = layout(version, path.join(work, 'out'));
  mkdirSync(staged.dir, { recursive: true });
  cpSync(path.join(work, 'server', 'server'), staged.server);
  cpSync(path.join(work, 'sql', 'sql'), staged.sqlTool);
  cpSync(path.join(modDir, 'schema', 'postgresql', 'v12'), staged.schemaDir, { recursive: true });
  cpSync(path.join(modDir, 'docker', 'config_template.yaml'), staged.configTemplate);
  makeWritable(staged.dir); // the module cache is read-only; the cache should be removable with rm -r
  const target = layout(version);
  mkdirSync(path.dirname(target.dir), { recursive: true });
  rmSync(target.dir, { recursive: true, force: true });
  renameSync(staged.dir, target.dir); // whole folder at once: a concurrent run never sees half of it
  rmSync(work, { recursive: true, force: true });
  log(`Temporal server ${version} ready in ${target.dir} (${Math.round((Date.now() - started) / 1000)} s)`);
  return findServerTools(version)!;
}

function makeWritable(dir: string) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) makeWritable(file);
    else chmodSync(file, entry.startsWith('temporal-') ? 0o755 : 0o644);
  }
}

if (require.main === module) {
  const version = new Compose({ POSTGRES_PASSWORD: 'unused' }).imageTag('temporal');
  const tools = ensureServerTools(version);
  console.error(
    [
      `temporal-server:   ${tools.server}`,
      `temporal-sql-tool: ${tools.sqlTool}`,
      `schema:            ${tools.schemaDir}`,
      `server config:     ${tools.serverConfig}`,
    ].join('\n'),
  );
}

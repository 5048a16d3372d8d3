// The production deployment, checked statically (no Docker engine here, and none is needed): docker-compose.yml,
// the Dockerfile, .env.example and the deploy/ scripts against each other and against the code they run — the
// variables of src/config.ts, the commands of src/cli.ts, the search attributes of src/temporal/names.ts.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMANDS } from '../../src/cli';
import { EnvSchema } from '../../src/config';
import { SA } from '../../src/measure';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '../../src/temporal/names';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

// ---- docker-compose.yml ----------------------------------------------------------------------------------------

type EnvValue = string | number | boolean | null;
interface Healthcheck {
  test?: string | string[];
  disable?: boolean;
}
interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: string[] | Record<string, EnvValue>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  ports?: Array<string | number | { target: number; published?: string | number; host_ip?: string }>;
  expose?: Array<string | number>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  deploy?: { replicas?: number | string };
  restart?: string;
  container_name?: string;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_TEXT = read('docker-compose.yml');
// `merge`: the file shares settings between services with YAML merge keys (<<: *anchor).
const compose = parse(COMPOSE_TEXT, { merge: true }) as Compose;
const services = compose.services;

function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** Compose interpolation as `docker compose` does it with an empty .env: defaults apply, `$$` is a literal `$`. */
function interpolate(value: string, env: Record<string, string> = {}): string {
  return value
    .split('$$')
    .map((part) =>
      part.replace(VAR, (_m, name: string, op: string | undefined, arg: string | undefined) => {
        const v = env[name];
        if (op === ':-') return v ? v : (arg ?? '');
        if (op === '-') return v ?? arg ?? '';
        if (op === ':?' || op === '?') return v ?? `<${name}>`;
        return v ?? '';
      }),
    )
    .join('$');
}

/** Every `${VAR}` the compose file interpolates (escaped `$${...}` is the container shell's, not compose's). */
function referencedVariables(text: string): Set<string> {
  const names = new Set<string>();
  for (const part of text.split('$$')) for (const m of part.matchAll(VAR)) names.add(m[1]!);
  return names;
}

/** A service's environment: name → raw value (undefined for a bare `- NAME`, passed through from .env / shell). */
function environment(s: Service): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  if (Array.isArray(s.environment)) {
    for (const entry of s.environment) {
      const eq = entry.indexOf('=');
      if (eq < 0) env.set(entry, undefined);
      else env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else {
    for (const [k, v] of Object.entries(s.environment ?? {})) env.set(k, v === null ? undefined : String(v));
  }
  return env;
}

function resolvedEnv(s: Service): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of environment(s)) if (v !== undefined) out[k] = interpolate(v);
  return out;
}

function words(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : value.trim().split(/\s+/);
}

function dependsOn(s: Service): Record<string, string | undefined> {
  if (Array.isArray(s.depends_on)) return Object.fromEntries(s.depends_on.map((d) => [d, undefined]));
  return Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([d, spec]) => [d, spec.condition]));
}

interface Port {
  hostIp?: string;
  published?: string;
  target: number;
}
function ports(s: Service): Port[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return {
        hostIp: p.host_ip,
        published: p.published === undefined ? undefined : String(p.published),
        target: p.target,
      };
    }
    const parts = interpolate(String(p)).split(':');
    const target = Number(parts.pop()!.split('/')[0]);
    const published = parts.pop();
    const hostIp = parts.length ? parts.join(':') : undefined;
    return { hostIp, published, target };
  });
}

/** The host file behind a path inside the container, through the service's bind mounts. */
function hostFileFor(s: Service, containerPath: string): string {
  for (const v of s.volumes ?? []) {
    const [source, target] = typeof v === 'string' ? interpolate(v).split(':') : [v.source, v.target];
    if (!source || !target || !/^\.{1,2}\//.test(source)) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return path.join(ROOT, source, path.posix.relative(target, containerPath));
    }
  }
  throw new Error(`${containerPath} is not inside a bind mount of the service`);
}

/** The script a one-shot admin-tools service runs (entrypoint /bin/sh, command = the mounted script). */
function scriptOf(s: Service): string {
  const argv = [...words(s.entrypoint), ...words(s.command)];
  const script = argv.find((a) => a.startsWith('/') && a.endsWith('.sh'));
  if (!script) throw new Error(`no script in ${argv.join(' ')}`);
  return readFileSync(hostFileFor(s, script), 'utf8');
}

function imageTag(image: string): string | undefined {
  const ref = image.split('@')[0]!;
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.indexOf(':', lastSlash + 1);
  return colon < 0 ? undefined : ref.slice(colon + 1);
}

const DUBAN_SERVICES = ['worker', 'api'] as const;
const ENV_KEYS = new Set(Object.keys(EnvSchema.shape));

describe('docker-compose.yml', () => {
  it('has the services of a production cluster, Temporal without the auto-setup image', () => {
    for (const name of [
      'postgres',
      'temporal-schema',
      'temporal',
      'temporal-search-attributes',
      'temporal-ui',
      'worker',
      'api',
    ]) {
      expect(services, name).toHaveProperty([name]);
    }
    expect(service('temporal').image).toMatch(/^temporalio\/server:1\.29\.\d+$/);
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:2\.42\.\d+$/);
    expect(service('postgres').image).toMatch(/^postgres:16\.\d+/);
    for (const name of ['temporal-schema', 'temporal-search-attributes']) {
      expect(service(name).image).toMatch(/^temporalio\/admin-tools:1\.29\.\d+/);
    }
    expect(COMPOSE_TEXT).not.toMatch(/temporalio\/auto-setup/);
  });

  it('pins every image to a version (no latest, a tag with a digit)', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.image, `${name} has no image`).toBeTypeOf('string');
      const image = interpolate(s.image!);
      const tag = imageTag(image);
      expect(tag, `${name}: ${image}`).toBeDefined();
      expect(tag, `${name}: ${image}`).not.toBe('latest');
      expect(tag, `${name}: ${image}`).toMatch(/\d/);
    }
  });

  it('health-checks postgres, temporal and the API', () => {
    const test = (name: string) => {
      const hc = service(name).healthcheck;
      expect(hc?.test, `${name} has no healthcheck`).toBeDefined();
      expect(hc?.disable).not.toBe(true);
      return words(hc!.test).join(' ');
    };
    expect(test('postgres')).toContain('pg_isready');
    expect(test('temporal')).toMatch(/temporal operator cluster health|tctl cluster health|nc -z/);
    expect(test('api')).toContain('/healthz');
  });

  it('starts in order: database, schema, server, namespace + search attributes, then duban', () => {
    expect(dependsOn(service('temporal-schema'))).toEqual({ postgres: 'service_healthy' });
    expect(dependsOn(service('temporal'))).toEqual({ 'temporal-schema': 'service_completed_successfully' });
    expect(dependsOn(service('temporal-search-attributes'))).toEqual({ temporal: 'service_healthy' });
    expect(dependsOn(service('temporal-ui'))).toEqual({ temporal: 'service_healthy' });
    for (const name of DUBAN_SERVICES) {
      expect(dependsOn(service(name))).toEqual({ 'temporal-search-attributes': 'service_completed_successfully' });
    }
    // Consistency of every dependency: it exists; "healthy" needs a healthcheck; "completed" needs a one-shot.
    for (const [name, s] of Object.entries(services)) {
      for (const [dep, condition] of Object.entries(dependsOn(s))) {
        expect(services, `${name} depends on ${dep}`).toHaveProperty([dep]);
        expect(['service_healthy', 'service_completed_successfully'], `${name} -> ${dep}`).toContain(condition);
        if (condition === 'service_healthy') expect(service(dep).healthcheck?.test, dep).toBeDefined();
        if (condition === 'service_completed_successfully') {
          expect(['always', 'unless-stopped'], `${dep} must be one-shot`).not.toContain(service(dep).restart);
        }
      }
    }
  });

  it('publishes 7233 on loopback only, the UI on 8080 and the API on 3000; postgres and workers not at all', () => {
    const temporal = service('temporal');
    const exposed = (temporal.expose ?? []).map(Number);
    const published = ports(temporal);
    expect([...exposed, ...published.map((p) => p.target)]).toContain(7233);
    for (const p of published) expect(p.hostIp, 'Temporal frontend published beyond loopback').toBe('127.0.0.1');

    expect(ports(service('temporal-ui')).map((p) => p.target)).toEqual([8080]);
    expect(ports(service('api')).map((p) => p.target)).toEqual([3000]);
    expect(resolvedEnv(service('api')).PORT).toBe('3000');
    expect(service('postgres').ports).toBeUndefined();
    expect(service('worker').ports).toBeUndefined();
    expect(service('worker').container_name).toBeUndefined();
  });

  it('runs temporalio/server on PostgreSQL with SQL visibility through its config template variables', () => {
    const env = resolvedEnv(service('temporal'));
    expect(env.DB).toBe('postgres12');
    expect(env.DB_PORT).toBe('5432');
    expect(services).toHaveProperty([env.POSTGRES_SEEDS!]);
    expect(env.POSTGRES_USER).toBeTruthy();
    expect(env.POSTGRES_PWD).toBeTruthy();
    expect(env.BIND_ON_IP).toBe('0.0.0.0');
    expect(env.ENABLE_ES ?? 'false').toBe('false');
    expect(Number(env.NUM_HISTORY_SHARDS)).toBeGreaterThanOrEqual(4);
    // The dynamic config file is mounted from deploy/ and is valid YAML.
    const dynamicConfig = hostFileFor(service('temporal'), env.DYNAMIC_CONFIG_FILE_PATH!);
    expect(existsSync(dynamicConfig), dynamicConfig).toBe(true);
    expect(parse(readFileSync(dynamicConfig, 'utf8'))).toBeTypeOf('object');
    // Same credentials for the schema set-up as for the server.
    const schema = environment(service('temporal-schema'));
    const server = environment(service('temporal'));
    expect(schema.get('SQL_USER')).toBe(server.get('POSTGRES_USER'));
    expect(schema.get('SQL_PASSWORD')).toBe(server.get('POSTGRES_PWD'));
    expect(resolvedEnv(service('temporal-schema')).SQL_HOST).toBe(env.POSTGRES_SEEDS);
  });

  it('sets up both databases with temporal-sql-tool on the postgres12 schema directories', () => {
    const script = scriptOf(service('temporal-schema'));
    const env = resolvedEnv(service('temporal'));
    const schemaEnv = resolvedEnv(service('temporal-schema'));
    expect(script).toMatch(/temporal-sql-tool --plugin postgres12 /);
    expect(schemaEnv.DBNAME ?? 'temporal').toBe(env.DBNAME ?? 'temporal');
    expect(schemaEnv.VISIBILITY_DBNAME ?? 'temporal_visibility').toBe(env.VISIBILITY_DBNAME ?? 'temporal_visibility');
    expect(script).toContain('/etc/temporal/schema/postgresql/v12');
    for (const [db, dir] of [
      ['DBNAME', 'temporal'],
      ['VISIBILITY_DBNAME', 'visibility'],
    ] as const) {
      expect(script).toContain(`--db "$${db}" create`);
      expect(script).toContain(`--db "$${db}" setup-schema -v 0.0`);
      expect(script).toContain(`--db "$${db}" update-schema -d "$SCHEMA_DIR/${dir}/versioned"`);
    }
  });

  it('registers every search attribute of src/temporal/names.ts with its type, idempotently', () => {
    const s = service('temporal-search-attributes');
    const script = scriptOf(s);
    const registered = Object.fromEntries(
      [...script.matchAll(/^register_search_attribute\s+(\S+)\s+(\S+)\s*$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    expect(registered).toEqual(SEARCH_ATTRIBUTE_CLI_TYPES);
    expect(Object.keys(registered).sort()).toEqual(
      Object.values(SA)
        .map((k) => k.name)
        .sort(),
    );
    expect(script).toContain('operator search-attribute create --name "$name" --type "$type"');
    expect(script).toMatch(/already exists/);
    expect(script).toContain('operator namespace create');
    // On the compose cluster and the namespace duban uses.
    const env = environment(s);
    expect(interpolate(env.get('TEMPORAL_ADDRESS') ?? '')).toBe('temporal:7233');
    for (const name of DUBAN_SERVICES) {
      expect(env.get('TEMPORAL_NAMESPACE'), name).toBe(environment(service(name)).get('TEMPORAL_NAMESPACE'));
    }
  });

  it('runs one duban image with real CLI commands: worker (scalable) and api', () => {
    const [worker, api] = DUBAN_SERVICES.map(service);
    expect(worker!.image).toBe(api!.image);
    for (const s of [worker!, api!]) {
      const build = typeof s.build === 'string' ? { context: s.build } : s.build;
      expect(build?.context).toBe('.');
      expect(build?.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
    }
    expect(words(worker!.command)).toEqual(['worker']);
    expect(words(api!.command)).toEqual(['api']);
    for (const s of [worker!, api!]) expect(COMMANDS as readonly string[]).toContain(words(s.command)[0]);
    expect(String(worker!.deploy?.replicas)).toMatch(/^\$\{DUBAN_WORKER_REPLICAS:-[1-9]\d*\}$/);
  });

  it('gives duban only variables that src/config.ts reads, with values it accepts', () => {
    for (const name of DUBAN_SERVICES) {
      const s = service(name);
      for (const key of environment(s).keys()) expect(ENV_KEYS, `${name}: ${key}`).toContain(key);
      const parsed = EnvSchema.safeParse(resolvedEnv(s));
      expect(parsed.error?.issues ?? [], name).toEqual([]);
      expect(resolvedEnv(s).TEMPORAL_ADDRESS).toBe('temporal:7233');
    }
    const api = resolvedEnv(service('api'));
    expect(api.HOST).toBe('0.0.0.0');
    expect(api.DUBAN_MODE).toBe('production');
    // The tokens file comes from a mounted folder (re-read when replaced), not from the image.
    expect(() => hostFileFor(service('api'), api.DUBAN_TOKENS_FILE!)).not.toThrow();
    // Workers load the bundle `npm run build` wrote into the image.
    const worker = resolvedEnv(service('worker'));
    expect(worker.DUBAN_WORKFLOW_BUNDLE).toBe(path.posix.join(runtimeStage().workdir, 'dist', 'workflow-bundle.js'));
    expect(() => hostFileFor(service('worker'), worker.DUBAN_CONTACTS_FILE!)).not.toThrow();
    // The data folder (outbox, delivery log) is a named volume shared by every worker replica.
    const data = (service('worker').volumes ?? []).map((v) =>
      typeof v === 'string' ? v.split(':') : [v.source, v.target],
    );
    expect(data).toContainEqual(['duban-data', worker.DUBAN_DATA_DIR]);
    expect(compose.volumes).toHaveProperty(['duban-data']);
    expect(compose.volumes).toHaveProperty(['postgres-data']);
  });
});

// ---- .env.example --------------------------------------------------------------------------------------------

describe('.env.example', () => {
  const text = read('.env.example');
  const listed = new Map<string, { active: boolean; value: string }>();
  for (const line of text.split('\n')) {
    const m = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) listed.set(m[2]!, { active: !m[1], value: m[3]! });
  }
  const referenced = referencedVariables(COMPOSE_TEXT);

  it('lists every variable docker-compose.yml reads (interpolated or passed through)', () => {
    const passedThrough = DUBAN_SERVICES.flatMap((name) =>
      [...environment(service(name))].filter(([, v]) => v === undefined).map(([k]) => k),
    );
    for (const name of [...referenced, ...passedThrough]) expect([...listed.keys()], name).toContain(name);
  });

  it('lists nothing else: duban variables come from src/config.ts, the rest are used by compose', () => {
    for (const name of listed.keys()) {
      expect(
        ENV_KEYS.has(name) || referenced.has(name),
        `${name} is neither in EnvSchema nor in docker-compose.yml`,
      ).toBe(true);
    }
  });

  it('sets no optional duban variable to an empty value (it would fail validation)', () => {
    const active = Object.fromEntries(
      [...listed].filter(([k, v]) => v.active && ENV_KEYS.has(k)).map(([k, v]) => [k, v.value]),
    );
    for (const [k, v] of Object.entries(active)) expect(v, k).not.toBe('');
    expect(EnvSchema.safeParse(active).error?.issues ?? []).toEqual([]);
  });
});

// ---- Dockerfile --------------------------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name?: string;
  workdir: string;
  instructions: Instruction[];
}

function dockerfileStages(): Stage[] {
  const lines = read('Dockerfile')
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const op = m[1]!.toUpperCase();
    const args = m[2]!;
    if (op === 'FROM') {
      const [from, as, name] = args.split(/\s+/);
      stages.push({ from: from!, name: as?.toUpperCase() === 'AS' ? name : undefined, workdir: '/', instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`Dockerfile: ${op} before FROM`);
    if (op === 'WORKDIR') stage.workdir = path.posix.resolve(stage.workdir, args);
    stage.instructions.push({ op, args });
  }
  return stages;
}

function runtimeStage(): Stage {
  return dockerfileStages().at(-1)!;
}

function jsonForm(stage: Stage, op: string): string[] | undefined {
  const args = stage.instructions.filter((i) => i.op === op).at(-1)?.args;
  return args === undefined ? undefined : (JSON.parse(args) as string[]);
}

describe('Dockerfile', () => {
  const stages = dockerfileStages();
  const runtime = runtimeStage();
  const runs = stages.flatMap((s) => s.instructions.filter((i) => i.op === 'RUN').map((i) => i.args));

  it('is multi-stage on pinned base images', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = new Set(stages.map((s) => s.name).filter(Boolean));
    for (const s of stages) {
      if (names.has(s.from)) continue;
      const tag = imageTag(s.from);
      expect(tag, s.from).toBeDefined();
      expect(tag, s.from).not.toBe('latest');
      expect(tag, s.from).toMatch(/\d/);
      expect(s.from).toMatch(/^node:20\./);
    }
  });

  it('builds with npm ci and npm run build, and ships production dependencies only', () => {
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
    const prodInstall = (s: Stage) =>
      s.instructions.some((i) => i.op === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(i.args));
    const copiesModulesFrom = runtime.instructions
      .filter((i) => i.op === 'COPY' && /node_modules/.test(i.args))
      .map((i) => /--from=(\S+)/.exec(i.args)?.[1]);
    const fromStages = copiesModulesFrom.map((n) => stages.find((s) => s.name === n));
    expect(prodInstall(runtime) || (fromStages.length > 0 && fromStages.every((s) => s && prodInstall(s)))).toBe(true);
    expect(runtime.instructions.some((i) => i.op === 'RUN' && /npm run build/.test(i.args))).toBe(false);
  });

  it('runs as a non-root user', () => {
    const user = runtime.instructions
      .filter((i) => i.op === 'USER')
      .at(-1)
      ?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('starts the CLI the build produces, `worker` by default, with a healthcheck', () => {
    const entrypoint = jsonForm(runtime, 'ENTRYPOINT');
    expect(entrypoint?.[0]).toBe('node');
    const entry = entrypoint![1]!;
    if (entry.startsWith('dist/')) {
      // tsc -p tsconfig.build.json: outDir dist, rootDir . -> dist/src/cli.js comes from src/cli.ts.
      const build = JSON.parse(read('tsconfig.build.json')) as {
        extends?: string;
        compilerOptions?: Record<string, string>;
      };
      const base = JSON.parse(read('tsconfig.json')) as { compilerOptions: Record<string, string> };
      const options = { ...base.compilerOptions, ...build.compilerOptions };
      expect(options.outDir).toBe('dist');
      const source = path.join(options.rootDir ?? '.', path.posix.relative('dist', entry)).replace(/\.js$/, '.ts');
      expect(existsSync(path.join(ROOT, source)), source).toBe(true);
      expect(runtime.instructions.some((i) => i.op === 'COPY' && /--from=\S+\s+\S*\/dist\s/.test(`${i.args} `))).toBe(
        true,
      );
    } else {
      expect(existsSync(path.join(ROOT, entry)), entry).toBe(true);
    }
    expect(COMMANDS as readonly string[]).toContain(jsonForm(runtime, 'CMD')?.[0]);
    const healthcheck = runtime.instructions.find((i) => i.op === 'HEALTHCHECK')?.args;
    expect(healthcheck).toBeDefined();
    const cmd = /\bCMD\s+(\[.*\])\s*$/.exec(healthcheck!)?.[1];
    expect(cmd, 'HEALTHCHECK CMD in exec (JSON) form').toBeDefined();
    expect((JSON.parse(cmd!) as string[])[0]).toBe('node');
  });

  it('keeps local state, dependencies and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', '.data', '.tools', 'dist', 'tests', '.env', 'deploy/secrets']) {
      expect(ignored, entry).toContain(entry);
    }
  });
});

/**
 * Reads docker-compose.yml, the production description, so the native cluster (scripts/cluster/cluster.ts) runs
 * the same images' versions, environment values and deploy/ scripts instead of a copy that could drift: the
 * Temporal server version, each service's environment after compose interpolation, its command, and the host
 * folders its bind mounts map to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

type EnvValue = string | number | boolean | null;
interface Service {
  image?: string;
  command?: string | string[];
  environment?: string[] | Record<string, EnvValue>;
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
}
interface ComposeFile {
  services: Record<string, Service>;
}

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/**
 * Compose interpolation (`${X}`, `${X:-default}`, `${X-default}`, `${X:?message}`, `$$`) with `vars` in the role of
 * the shell and .env: only what the caller passes counts, so the host's environment cannot change the result.
 */
export function interpolate(value: string, vars: Record<string, string>): string {
  return value
    .split('$$')
    .map((part) =>
      part.replace(VAR, (_m, name: string, op: string | undefined, arg: string | undefined) => {
        const set = vars[name];
        const empty = set === undefined || (op?.startsWith(':') && set === '');
        if (op?.endsWith('?')) {
          if (empty) throw new Error(`docker-compose.yml needs ${name}: ${arg ?? ''}`);
          return set;
        }
        if (op?.endsWith('-') && empty) return arg ?? '';
        return set ?? '';
      }),
    )
    .join('$');
}

export class Compose {
  private readonly file: ComposeFile;

  constructor(
    private readonly vars: Record<string, string>,
    readonly composePath = path.join(REPO_ROOT, 'docker-compose.yml'),
  ) {
    // `merge`: the file shares settings between services with YAML merge keys (<<: *anchor).
    this.file = parse(readFileSync(composePath, 'utf8'), { merge: true }) as ComposeFile;
  }

  service(name: string): Service {
    const s = this.file.services[name];
    if (!s) throw new Error(`${this.composePath} has no service "${name}"`);
    return s;
  }

  /** The tag of a service's image, e.g. "1.29.1" for temporalio/server:1.29.1. */
  imageTag(name: string): string {
    const image = this.service(name).image ?? '';
    const tag = image.split(':')[1];
    if (!tag) throw new Error(`service "${name}" has no pinned image tag (${image})`);
    return interpolate(tag, this.vars);
  }

  /**
   * The environment a service's container gets from the file: `KEY=value` entries and mapping values,
   * interpolated. Bare `- KEY` entries pass the shell's value through in compose; here they are left out (unset).
   */
  environment(name: string): Record<string, string> {
    const env = this.service(name).environment ?? {};
    const out: Record<string, string> = {};
    if (Array.isArray(env)) {
      for (const entry of env) {
        const at = entry.indexOf('=');
        if (at > 0) out[entry.slice(0, at)] = interpolate(entry.slice(at + 1), this.vars);
      }
    } else {
      for (const [key, value] of Object.entries(env)) {
        if (value !== null) out[key] = interpolate(String(value), this.vars);
      }
    }
    return out;
  }

  /** Where a path inside the service's container comes from on this host, through its bind mounts. */
  hostPath(name: string, containerPath: string): string {
    for (const volume of this.service(name).volumes ?? []) {
      if (typeof volume !== 'string') continue;
      const [source, target] = interpolate(volume, this.vars).split(':');
      if (!source || !target || !(source.startsWith('.') || source.startsWith('/'))) continue;
      if (containerPath === target || containerPath.startsWith(`${target}/`)) {
        return path.join(path.resolve(path.dirname(this.composePath), source), containerPath.slice(target.length));
      }
    }
    throw new Error(`service "${name}" mounts nothing from this host at ${containerPath}`);
  }

  /** The service's command with its script mapped to this host (e.g. /deploy/temporal/setup-schema.sh). */
  hostCommand(name: string): string[] {
    const command = this.service(name).command;
    const argv = typeof command === 'string' ? command.split(' ') : (command ?? []);
    const [script, ...args] = argv;
    if (!script) throw new Error(`service "${name}" has no command`);
    return [this.hostPath(name, script), ...args];
  }
}

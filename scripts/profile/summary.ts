/**
 * Summarises a V8 CPU profile (.cpuprofile, from `node --cpu-prof` or scripts/profile/run.ts): self time grouped
 * by who owns the code (fastify, zod, grpc/protobuf, the Temporal SDK, the workflow bundle, our code, JSON, GC,
 * Node itself), then the top self-time functions. Pure JSON reading, no dependencies:
 *   npx tsx scripts/profile/summary.ts <file.cpuprofile> [--top 25] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Packages that belong to one group in the summary (the rest are named by their package). */
const GROUPS: Array<[RegExp, string]> = [
  [/^(fastify-type-provider-zod|zod)$/, 'zod'],
  [
    /^(fastify|@fastify\/.*|find-my-way|avvio|fast-json-stringify|light-my-request|fast-querystring|pino.*|ajv.*|fast-uri|secure-json-parse|toad-cache|rfdc|abstract-logging)$/,
    'fastify',
  ],
  [/^(@grpc\/.*|protobufjs|@protobufjs\/.*|long|@temporalio\/proto)$/, 'grpc/protobuf'],
  [/^@temporalio\/core-bridge$/, 'temporal core bridge'],
  [/^@temporalio\/.*$/, 'temporal SDK'],
  [/^xstate$/, 'xstate'],
  [/^(tsx|esbuild|source-map.*)$/, 'tsx'],
];

const VM_INTERNAL = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);

/** Who owns a frame: a group above, a package, our code, the workflow bundle, JSON, node core or V8. */
export function owner(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (VM_INTERNAL.has(functionName)) return functionName.slice(1, -1);
  if (!url) return /^(JSON\.)?(parse|stringify)$/.test(functionName) ? 'JSON' : 'native (V8 builtins)';
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) return GROUPS.find(([re]) => re.test(pkg))?.[1] ?? pkg;
  // Temporal runs the workflow bundle in vm contexts under its file name (webpack: "webpack://…" sources too).
  if (/workflows?\.js|webpack|workflow-bundle/.test(url)) return 'workflow bundle';
  if (/\/(src|workflows|activities|bench|scripts)\//.test(url)) return 'duban (ours)';
  return url;
}

export interface Row {
  name: string;
  ms: number;
  share: number;
}

export interface Summary {
  totalMs: number;
  /** Wall time the profile spans; totalMs − idle is what the process worked. */
  groups: Row[];
  functions: Row[];
}

export function summarizeProfile(profile: CpuProfile, top = 25): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame;
    const group = owner(frame);
    total += us;
    groups.set(group, (groups.get(group) ?? 0) + us);
    const where = frame.url
      ? ` ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(src|workflows|bench)\//, '$1/')}:${frame.lineNumber + 1}`
      : '';
    const key = `[${group}] ${frame.functionName || '(anonymous)'}${where}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000, share: total ? us / total : 0 }));
  return { totalMs: total / 1000, groups: rows(groups), functions: rows(functions).slice(0, top) };
}

/** The summary as text; shares of busy time (idle left out) beside shares of the whole. */
export function formatSummary(s: Summary): string {
  const idle = s.groups.find((g) => g.name === 'idle')?.ms ?? 0;
  const busy = s.totalMs - idle;
  const line = (r: Row) =>
    `${r.ms.toFixed(0).padStart(8)} ms ${r.name === 'idle' ? '     ' : `${((100 * r.ms) / busy).toFixed(1).padStart(4)}%`}  ${r.name}`;
  return [
    `profile ${s.totalMs.toFixed(0)} ms, busy ${busy.toFixed(0)} ms (% of busy)`,
    'by owner:',
    ...s.groups.map(line),
    'top self time:',
    ...s.functions.filter((f) => !f.name.startsWith('[idle]')).map(line),
  ].join('\n');
}

if (require.main === module) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (!positionals[0]) throw new Error('usage: summary.ts <file.cpuprofile> [--top N] [--json]');
  const summary = summarizeProfile(
    JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile,
    Number(values.top ?? 25),
  );
  process.stdout.write(`${values.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)}\n`);
}

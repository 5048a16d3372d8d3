/**
 * What a benchmark run found, the targets it is held against (goals to report, not assertions), and the table
 * `npm run bench` prints. Pure: the run assembles a BenchResult, this file judges and formats it.
 */
import type { DubanImportSide, ImportSide } from './import-phase';
import type { LifecycleResult } from './lifecycle-phase';
import type { WorkerMemory } from './memory-phase';
import type { LatencySummary } from './stats';
import type { TimerResult } from './timer-phase';
import { ratio, round } from './stats';

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  platform: string;
  totalMemoryMB: number;
  /** 1-minute load average before and after the run: other work on the machine skews every figure. */
  loadBefore: number;
  loadAfter?: number;
}

export interface MemorySample {
  at: string;
  rssMB: number;
  heapUsedMB: number;
}

export interface BenchResult {
  machine: Machine;
  size: number;
  settings: {
    concurrency: number;
    updateConcurrency: number;
    updates: number;
    updateTargets: number;
    timerSpreadMs: number;
    tuning: Record<string, number | undefined>;
    /** Which Temporal server both sides ran on. */
    server?: string;
    /** Where the API ran (its own process since the fourth pass; older results: in the bench process). */
    api?: string;
  };
  /** rawSameData: the raw loop with duban's own start options (input, search attributes, memo, UI details). */
  import: { duban: DubanImportSide; raw: ImportSide; rawSameData: ImportSide };
  importRatio: number;
  /** duban ÷ raw starts carrying the same data: duban's own share of the import cost. */
  importSameDataRatio: number;
  /** The same, counting until each worker had run every new workflow's first task. */
  importSettledRatio: number;
  /**
   * duban: through the HTTP API (`duban api` in a process of its own); rawHttp: raw executeUpdate behind a bare
   * node:http server of its own (absent in results before the fourth pass); service: MeasureService.send (no HTTP);
   * raw: executeUpdate; rawReply: the same answering with a view-sized reply (absent before the fifth pass) — all
   * timed in one client process apart from the workers and the API.
   */
  api: {
    duban: LatencySummary;
    rawHttp?: LatencySummary;
    service: LatencySummary;
    raw: LatencySummary;
    rawReply?: LatencySummary;
  };
  apiP50Ratio: number;
  apiP99Ratio: number;
  /** MeasureService.send (no HTTP) ÷ raw executeUpdate: the workflow's share of the API overhead. */
  serviceP50Ratio: number;
  serviceP99Ratio: number;
  /** OVERDUE notices of N measures vs. N raw timerWorkflows, due over the same kind of window. */
  timers: { duban: TimerResult; raw: TimerResult };
  timerP50Ratio: number;
  timerP99Ratio: number;
  /** duban worker process ÷ raw worker process, RSS with N open workflows each. */
  workerRssRatio: number;
  memory: {
    /** A `duban worker` process alone (as production runs it) with N open measures: the figure the target judges. */
    worker: WorkerMemory;
    /** The bench process itself after the first import round (3N workflows open): the client and both workers. */
    rssMB: number;
    /** The `duban api` process after the round trips (RSS). */
    apiMB?: number;
    heapUsedMB: number;
    cachedWorkflows: { duban: number; raw: number };
    samples: MemorySample[];
  };
  lifecycle: LifecycleResult;
  targets: TargetCheck[];
  allTargetsMet: boolean;
  durationMs: number;
  /** Each phase's wall time, in run order (absent in results before session 11); the rest is set-up and stopping. */
  phasesMs?: Record<string, number>;
}

type Op = '>=' | '<=' | '<';

export interface TargetCheck {
  name: string;
  /** The BenchResult figure it judges (dotted path). */
  key: string;
  value: number;
  op: Op;
  limit: number;
  unit: string;
  met: boolean;
}

interface Target {
  name: string;
  key: string;
  op: Op;
  limit: number;
  unit: string;
  value: (r: Omit<BenchResult, 'targets' | 'allTargetsMet'>) => number;
}

/** A ratio goal of issue #15: duban ÷ raw, side by side in one run. */
const ratioGoal = (name: string, key: keyof BenchResult & `${string}Ratio`, op: Op, limit: number): Target => ({
  name,
  key,
  op,
  limit,
  unit: '× raw',
  value: (r) => r[key],
});

/** The goals of issue #15 (docs/performance.md), then the absolute limits the bench always had. */
export const TARGETS: readonly Target[] = [
  ratioGoal('import rate', 'importRatio', '>=', 0.95),
  ratioGoal('import vs raw with the same start data', 'importSameDataRatio', '>=', 1.0),
  ratioGoal('event round trip p50', 'apiP50Ratio', '<=', 1.1),
  ratioGoal('event round trip p99', 'apiP99Ratio', '<=', 1.2),
  ratioGoal('event round trip p50, no HTTP', 'serviceP50Ratio', '<=', 1.05),
  ratioGoal('timer lateness p50', 'timerP50Ratio', '<=', 1.05),
  ratioGoal('timer lateness p99', 'timerP99Ratio', '<=', 1.05),
  ratioGoal('worker RSS at N open', 'workerRssRatio', '<=', 1.05),
  {
    name: 'replay of a lifecycle',
    key: 'lifecycle.replayMs',
    op: '<',
    limit: 10,
    unit: 'ms',
    value: (r) => r.lifecycle.replayMs,
  },
  {
    name: 'timer lateness p99',
    key: 'timers.duban.lateness.p99',
    op: '<',
    limit: 1000,
    unit: 'ms',
    value: (r) => r.timers.duban.lateness.p99,
  },
  {
    name: 'worker RSS at N open',
    key: 'memory.worker.duban.openMB',
    op: '<=',
    limit: 300,
    unit: 'MB',
    value: (r) => r.memory.worker.duban.openMB,
  },
  {
    name: 'history of a lifecycle',
    key: 'lifecycle.historyEvents',
    op: '<=',
    limit: 60,
    unit: 'events',
    value: (r) => r.lifecycle.historyEvents,
  },
];

function meets(value: number, op: Op, limit: number): boolean {
  if (!Number.isFinite(value)) return false;
  return op === '>=' ? value >= limit : op === '<=' ? value <= limit : value < limit;
}

export function checkTargets(r: Omit<BenchResult, 'targets' | 'allTargetsMet'>): TargetCheck[] {
  return TARGETS.map((t) => {
    const value = t.value(r);
    return {
      name: t.name,
      key: t.key,
      value,
      op: t.op,
      limit: t.limit,
      unit: t.unit,
      met: meets(value, t.op, t.limit),
    };
  });
}

const OP_TEXT: Record<Op, string> = { '>=': '≥', '<=': '≤', '<': '<' };

const num = (v: number, digits = 1) => (Number.isFinite(v) ? String(round(v, digits)) : '—');
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');

/** The target cells of a row judged by one or more targets (a ratio goal and an absolute limit: both shown). */
function targetCells(checks: TargetCheck[], keys: string | string[]): [string, string] {
  const found = [keys].flat().flatMap((key) => checks.filter((c) => c.key === key));
  if (found.length === 0) return ['', ''];
  return [
    found.map((c) => `${OP_TEXT[c.op]} ${c.limit} ${c.unit}`).join('; '),
    found.map((c) => (c.met ? 'yes' : 'NO')).join('; '),
  ];
}

type Row = [string, string, string, string, string, string];

function rows(r: BenchResult): Row[] {
  const t = (key: string | string[]) => targetCells(r.targets, key);
  /** One line of duban vs. raw: both figures, their ratio, and the target it is judged by (if any). */
  const vs = (
    label: string,
    duban: number,
    raw: number,
    ratio: number,
    target?: string | string[],
    digits = 1,
  ): Row => [
    label,
    num(duban, digits),
    num(raw, digits),
    times(ratio),
    ...(target ? t(target) : (['', ''] as [string, string])),
  ];
  const { import: imp, api, timers, memory } = r;
  return [
    ['metric', 'duban', 'raw SDK', 'ratio', 'target', 'met'],
    vs('import (workflows/s)', imp.duban.perSecond, imp.raw.perSecond, r.importRatio, 'importRatio'),
    vs(
      '  raw with the same start data',
      imp.duban.perSecond,
      imp.rawSameData.perSecond,
      r.importSameDataRatio,
      'importSameDataRatio',
    ),
    vs('  incl. first workflow task', imp.duban.settledPerSecond, imp.raw.settledPerSecond, r.importSettledRatio),
    vs('event round trip p50 (ms)', api.duban.p50, api.raw.p50, r.apiP50Ratio, 'apiP50Ratio'),
    vs('event round trip p99 (ms)', api.duban.p99, api.raw.p99, r.apiP99Ratio, 'apiP99Ratio'),
    ...(api.rawHttp ? againstRows('  vs raw behind bare node:http', api.duban, api.rawHttp) : []),
    vs('  same, no HTTP: p50 (ms)', api.service.p50, api.raw.p50, r.serviceP50Ratio, 'serviceP50Ratio'),
    vs('  same, no HTTP: p99 (ms)', api.service.p99, api.raw.p99, r.serviceP99Ratio),
    ...(api.rawReply ? againstRows('  same vs raw with the view as reply', api.service, api.rawReply) : []),
    vs('timer lateness p50 (ms)', timers.duban.lateness.p50, timers.raw.lateness.p50, r.timerP50Ratio, 'timerP50Ratio'),
    vs('timer lateness p99 (ms)', timers.duban.lateness.p99, timers.raw.lateness.p99, r.timerP99Ratio, [
      'timerP99Ratio',
      'timers.duban.lateness.p99',
    ]),
    vs(
      'worker RSS at N open (MB)',
      memory.worker.duban.openMB,
      memory.worker.raw.openMB,
      r.workerRssRatio,
      ['workerRssRatio', 'memory.worker.duban.openMB'],
      0,
    ),
    ['  bench process, all parts (MB)', num(memory.rssMB, 0), '', '', '', ''],
    ['history events, lifecycle', String(r.lifecycle.historyEvents), '', '', ...t('lifecycle.historyEvents')],
    vs(
      'replay of that history (ms)',
      r.lifecycle.replayMs,
      r.lifecycle.rawReplayMs,
      ratio(r.lifecycle.replayMs, r.lifecycle.rawReplayMs),
      'lifecycle.replayMs',
    ),
    ['  cold: a new replay worker (ms)', num(r.lifecycle.coldReplayMs), '', '', '', ''],
  ];
}

/**
 * A duban side against a raw side doing more than the bare update (behind a bare HTTP server; answering with a
 * view-sized reply): duban's own share of that difference.
 */
function againstRows(label: string, duban: LatencySummary, raw: LatencySummary): Row[] {
  return (['p50', 'p99'] as const).map((q) => [
    `${label}: ${q} (ms)`,
    num(duban[q]),
    num(raw[q]),
    times(ratio(duban[q], raw[q])),
    '',
    '',
  ]);
}

function layout(table: Row[]): string {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => [...row[c]!].length)));
  const line = (row: Row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(c === 5 ? 3 : widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(table[0]!), ...table.slice(1).map(line)].join('\n');
}

export function formatHeader(r: BenchResult): string {
  const m = r.machine;
  const s = r.settings;
  const tuning = Object.entries(s.tuning)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return [
    `duban bench — N=${r.size} measures, start concurrency ${s.concurrency}, ${s.updates} updates/side at concurrency ${s.updateConcurrency} over ${s.updateTargets} measures, timers spread over ${round(s.timerSpreadMs / 1000, 0)} s`,
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemoryMB} MB RAM, node ${m.node} (${m.platform}), load average ${num(m.loadBefore, 2)} before / ${num(m.loadAfter ?? Number.NaN, 2)} after`,
    `worker tuning (both workers): ${tuning || 'SDK defaults'}`,
    `Temporal server (both sides): ${s.server ?? 'the bench’s own dev server (in-memory SQLite)'}`,
    s.api
      ? `HTTP API: ${s.api}; every timed round trip from one client process of its own`
      : 'HTTP API: in the bench process (a result from before the fourth pass)',
  ].join('\n');
}

function formatNotes(r: BenchResult): string {
  const timers = ({ count, importMs, quietBeforeWindowMs, fired, pastDue, lateness }: TimerResult) =>
    `${count} imported in ${num(importMs / 1000, 1)} s, worker quiet ${num(quietBeforeWindowMs / 1000, 1)} s before the first due time; ${fired}/${count} OVERDUE delivered, ${pastDue} excluded as due before the import finished; lateness p90 ${num(lateness.p90)} ms, max ${num(lateness.max)} ms`;
  const mem = r.memory;
  return [
    `import: duban ${r.import.duban.count} in ${num(r.import.duban.ms / 1000, 2)} s (start calls ${num(r.import.duban.startsMs / 1000, 2)} s + startPlan's visibility listing), worker done after ${num(r.import.duban.settledMs / 1000, 2)} s; raw ${r.import.raw.count} in ${num(r.import.raw.ms / 1000, 2)} s, worker done after ${num(r.import.raw.settledMs / 1000, 2)} s`,
    `timers: duban ${timers(r.timers.duban)}`,
    `timers: raw ${timers(r.timers.raw)}`,
    `worker processes (${mem.worker.runtime}, maxCachedWorkflows=${mem.worker.maxCachedWorkflows}): \`duban worker\` idle ${num(mem.worker.duban.idleMB, 0)} MB → ${num(mem.worker.duban.openMB, 0)} MB with ${mem.worker.count} open measures; raw worker idle ${num(mem.worker.raw.idleMB, 0)} MB → ${num(mem.worker.raw.openMB, 0)} MB with ${mem.worker.count} open no-op workflows`,
    `bench process memory (RSS MB — client, both in-process workers; the dev server and the API run apart): ${mem.samples.map((s) => `${s.at} ${num(s.rssMB, 0)}`).join(' → ')}; cached workflows duban ${mem.cachedWorkflows.duban}, raw ${mem.cachedWorkflows.raw}${mem.apiMB === undefined ? '' : `; \`duban api\` process ${num(mem.apiMB, 0)} MB`}`,
    `lifecycle history: ${Object.entries(r.lifecycle.eventsByType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `targets met: ${r.targets.filter((t) => t.met).length}/${r.targets.length}; run took ${num(r.durationMs / 1000, 0)} s${phaseTimes(r)}`,
  ].join('\n');
}

/** " (import 61 s, round trips 48 s, …, set-up and stopping 22 s)", or nothing for a result without phase times. */
function phaseTimes(r: BenchResult): string {
  if (!r.phasesMs) return '';
  const phases = Object.entries(r.phasesMs);
  const rest = r.durationMs - phases.reduce((sum, [, ms]) => sum + ms, 0);
  const parts = [...phases, ['set-up and stopping', rest] as const].map(
    ([name, ms]) => `${name} ${num(ms / 1000, 0)} s`,
  );
  return ` (${parts.join(', ')})`;
}

export function formatReport(r: BenchResult): string {
  return [formatHeader(r), '', layout(rows(r)), '', formatNotes(r)].join('\n');
}

/** Rounds every number in a JSON-bound value to `digits` decimals (NaN becomes null in JSON anyway). */
export function roundDeep<T>(value: T, digits = 3): T {
  if (typeof value === 'number') return round(value, digits) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => roundDeep(v, digits)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v as unknown, digits)])) as T;
  }
  return value;
}

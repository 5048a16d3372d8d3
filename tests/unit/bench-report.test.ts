// The benchmark's verdicts and output: targets met or not, the table, the JSON rounding, outbox and history parsing,
// and the synthetic plan (valid, unique ids, the due times asked for).
import { describe, expect, it } from 'vitest';
import { PlanSchema, allMeasures } from '../../src/domain/plan';
import { countByType, outboxLateness, timerSegments } from '../../bench/parse';
import { leadActor, syntheticPlan } from '../../bench/plan';
import { checkTargets, formatReport, roundDeep, type BenchResult } from '../../bench/report';
import { summarize } from '../../bench/stats';

const timerSide = (lateness: BenchResult['timers']['duban']['lateness']) => ({
  count: 1000,
  fired: 1000,
  pastDue: 0,
  spreadMs: 60_000,
  importMs: 4000,
  quietBeforeWindowMs: 2000,
  lateness,
});

function result(overrides: Partial<BenchResult> = {}): BenchResult {
  const lat = (p50: number, p99: number) => ({ ...summarize([p50]), p50, p99 });
  const base = {
    machine: {
      cpus: 2,
      cpuModel: 'Test CPU',
      node: 'v20.0.0',
      platform: 'linux-x64',
      totalMemoryMB: 4096,
      loadBefore: 0.5,
    },
    size: 1000,
    settings: {
      concurrency: 50,
      updateConcurrency: 4,
      updates: 1000,
      updateTargets: 200,
      timerSpreadMs: 60_000,
      tuning: { maxCachedWorkflows: 250 },
      api: '`duban api` in a process of its own',
    },
    import: {
      duban: { count: 1000, ms: 4000, perSecond: 250, settledMs: 10_000, settledPerSecond: 100, startsMs: 3500 },
      raw: { count: 1000, ms: 3000, perSecond: 333.3, settledMs: 5000, settledPerSecond: 200 },
      rawSameData: { count: 1000, ms: 3600, perSecond: 277.8, settledMs: 5000, settledPerSecond: 200 },
    },
    importRatio: 0.75,
    importSameDataRatio: 250 / 277.8,
    importSettledRatio: 0.5,
    api: {
      duban: lat(20, 60),
      rawHttp: lat(16, 48),
      service: lat(18, 50),
      raw: lat(15, 40),
      rawReply: lat(16, 44),
    },
    apiP50Ratio: 20 / 15,
    apiP99Ratio: 60 / 40,
    serviceP50Ratio: 18 / 15,
    serviceP99Ratio: 50 / 40,
    timers: { duban: timerSide(lat(300, 800)), raw: timerSide(lat(200, 400)) },
    timerP50Ratio: 300 / 200,
    timerP99Ratio: 800 / 400,
    workerRssRatio: 320 / 200,
    memory: {
      worker: {
        count: 1000,
        maxCachedWorkflows: 250,
        duban: { idleMB: 150, openMB: 320 },
        raw: { idleMB: 140, openMB: 200 },
        runtime: 'tsx' as const,
      },
      rssMB: 350,
      apiMB: 120,
      heapUsedMB: 100,
      cachedWorkflows: { duban: 250, raw: 250 },
      samples: [{ at: 'started', rssMB: 320, heapUsedMB: 70 }],
    },
    lifecycle: {
      historyEvents: 43,
      eventsByType: { WORKFLOW_EXECUTION_STARTED: 1 },
      replayMs: 8,
      coldReplayMs: 120,
      rawReplayMs: 6,
      rawHistoryEvents: 30,
      replays: 20,
    },
    durationMs: 150_000,
    ...overrides,
  };
  const targets = checkTargets(base);
  return { ...base, targets, allTargetsMet: targets.every((t) => t.met) };
}

describe('checkTargets', () => {
  it('judges every target against its limit', () => {
    const met = Object.fromEntries(result().targets.map((t) => [t.key, t.met]));
    expect(met).toEqual({
      importRatio: false,
      importSameDataRatio: false,
      apiP50Ratio: false,
      apiP99Ratio: false,
      serviceP50Ratio: false,
      timerP50Ratio: false,
      timerP99Ratio: false,
      workerRssRatio: false,
      'lifecycle.replayMs': true,
      'timers.duban.lateness.p99': true,
      'memory.worker.duban.openMB': false,
      'lifecycle.historyEvents': true,
    });
  });

  it('counts a limit reached exactly as met for ≥ and ≤, not for <', () => {
    const r = result({ importRatio: 0.95, apiP50Ratio: 1.1 });
    expect(r.targets.find((t) => t.key === 'importRatio')?.met).toBe(true);
    expect(r.targets.find((t) => t.key === 'apiP50Ratio')?.met).toBe(true);
    const { timers } = result();
    const late = result({
      timers: { ...timers, duban: { ...timers.duban, lateness: { ...timers.duban.lateness, p99: 1000 } } },
    });
    expect(late.targets.find((t) => t.key === 'timers.duban.lateness.p99')?.met).toBe(false);
  });

  it('never counts a missing figure as met', () => {
    expect(result({ importRatio: Number.NaN }).targets.find((t) => t.key === 'importRatio')?.met).toBe(false);
  });
});

describe('formatReport', () => {
  const text = formatReport(result());

  it('puts duban, raw, ratio, target and verdict side by side', () => {
    expect(text).toMatch(/import \(workflows\/s\)\s+250\s+333\.3\s+0\.75×\s+≥ 0\.95 × raw\s+NO/);
    expect(text).toMatch(/raw with the same start data\s+250\s+277\.8\s+0\.90×\s+≥ 1 × raw\s+NO/);
    expect(text).toMatch(/event round trip p50 \(ms\)\s+20\s+15\s+1\.33×\s+≤ 1\.1 × raw\s+NO/);
    expect(text).toContain('HTTP API: `duban api` in a process of its own; every timed round trip');
    expect(text).toContain('`duban api` process 120 MB');
    expect(text).toMatch(/same, no HTTP: p50 \(ms\)\s+18\s+15\s+1\.20×\s+≤ 1\.05 × raw\s+NO/);
    // The two sides a duban side is also read against: untargeted rows.
    expect(text).toMatch(/vs raw behind bare node:http: p50 \(ms\)\s+20\s+16\s+1\.25×\n/);
    expect(text).toMatch(/same vs raw with the view as reply: p50 \(ms\)\s+18\s+16\s+1\.13×\n/);
    expect(text).toMatch(/same vs raw with the view as reply: p99 \(ms\)\s+50\s+44\s+1\.14×\n/);
    expect(text).toMatch(/timer lateness p99 \(ms\)\s+800\s+400\s+2\.00×\s+≤ 1\.05 × raw; < 1000 ms\s+NO; yes/);
    expect(text).toMatch(/replay of that history \(ms\)\s+8\s+6\s+1\.33×\s+< 10 ms\s+yes/);
    expect(text).toMatch(/cold: a new replay worker \(ms\)\s+120/);
    expect(text).toContain('timers: raw 1000 imported in 4 s');
    expect(text).toMatch(/history events, lifecycle\s+43\s+≤ 60 events\s+yes/);
    expect(text).toMatch(/worker RSS at N open \(MB\)\s+320\s+200\s+1\.60×\s+≤ 1\.05 × raw; ≤ 300 MB\s+NO; NO/);
    expect(text).toContain('`duban worker` idle 150 MB → 320 MB with 1000 open measures; raw worker idle 140 MB');
  });

  it('names the machine and the tuning', () => {
    expect(text).toContain('2 × Test CPU, 4096 MB RAM, node v20.0.0');
    expect(text).toContain('maxCachedWorkflows=250');
    expect(text).toContain('targets met: 3/12');
  });

  it('splits the run time by phase, the rest as set-up and stopping (nothing for a result without phase times)', () => {
    const phased = formatReport(
      result({ phasesMs: { import: 61_400, timers: 70_200, 'lifecycle and replay': 8_900 } }),
    );
    expect(phased).toContain(
      'run took 150 s (import 61 s, timers 70 s, lifecycle and replay 9 s, set-up and stopping 10 s)',
    );
    expect(text).toMatch(/run took 150 s\n?$/);
  });
});

describe('roundDeep', () => {
  it('rounds nested numbers and leaves the rest alone', () => {
    expect(roundDeep({ a: 1.23456, b: [2.34567, 'x'], c: { d: 3.45678, e: true } }, 2)).toEqual({
      a: 1.23,
      b: [2.35, 'x'],
      c: { d: 3.46, e: true },
    });
  });

  it('keeps the ratio keys that JSON consumers look for', () => {
    const json = JSON.parse(JSON.stringify(roundDeep(result()))) as Record<string, unknown>;
    for (const key of [
      'importRatio',
      'apiP50Ratio',
      'apiP99Ratio',
      'timerP99Ratio',
      'workerRssRatio',
      'importSameDataRatio',
    ])
      expect(typeof json[key]).toBe('number');
  });
});

describe('outboxLateness', () => {
  it('reads the step instant from the idempotency key and subtracts it from the delivery time', () => {
    const at = Date.parse('2026-01-01T00:00:00.000Z');
    const lines = [
      JSON.stringify({ time: '2026-01-01T00:00:00.250Z', idempotencyKey: `duban/p/1.1/overdue:1:${at}` }),
      JSON.stringify({ time: '2026-01-01T00:00:01.000Z', idempotencyKey: `duban/p/1.2/remind:0:${at}` }),
      '',
      '{"time": "2026-01-01T00:00:02.000Z", "idempotencyKey": "duban/p/1.3/overd', // half-written last line
    ].join('\n');
    expect(outboxLateness(lines)).toEqual([
      { workflowId: 'duban/p/1.1', kind: 'overdue', dueMs: at, latenessMs: 250 },
      { workflowId: 'duban/p/1.2', kind: 'remind', dueMs: at, latenessMs: 1000 },
    ]);
  });

  it('skips lines whose key is not a timer step', () => {
    expect(outboxLateness(JSON.stringify({ time: '2026-01-01T00:00:00Z', idempotencyKey: 'manual' }))).toEqual([]);
  });
});

describe('countByType', () => {
  it('counts history events by type without the EVENT_TYPE_ prefix', () => {
    const history = JSON.stringify({
      events: [
        { eventType: 'EVENT_TYPE_TIMER_STARTED' },
        { eventType: 'EVENT_TYPE_TIMER_STARTED' },
        { eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED' },
      ],
    });
    expect(countByType(history)).toEqual({ TIMER_STARTED: 2, WORKFLOW_EXECUTION_COMPLETED: 1 });
  });
});

describe('syntheticPlan', () => {
  const plan = syntheticPlan({
    id: 'bench-x',
    count: 120,
    dueAt: (i) => (i === 0 ? null : '2099-12-31T23:59:59+08:00'),
  });

  it('is a valid plan with unique measure ids', () => {
    expect(PlanSchema.safeParse(plan).success).toBe(true);
    const ids = allMeasures(plan).map(({ measure }) => measure.id);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(ids.slice(0, 2)).toEqual(['1.1', '1.2']);
    expect(ids[50]).toBe('2.1');
  });

  it('gives each measure the due time asked for and a lead department that may act on it', () => {
    const measures = allMeasures(plan).map(({ measure }) => measure);
    expect(measures[0]!.dueAt).toBeNull();
    expect(measures[1]!.dueAt).toBe('2099-12-31T23:59:59+08:00');
    expect(leadActor(measures[0]!)).toBe(`dept:${measures[0]!.lead[0]}`);
  });
});

describe('timerSegments', () => {
  const due = 1_000_000;
  const ev = (type: string, timeMs: number) => ({ type, timeMs });
  const history = [
    ev('WORKFLOW_EXECUTION_STARTED', 0),
    ev('WORKFLOW_TASK_SCHEDULED', 0),
    ev('WORKFLOW_TASK_STARTED', 5),
    ev('WORKFLOW_TASK_COMPLETED', 9),
    ev('TIMER_STARTED', 9),
    ev('ACTIVITY_TASK_SCHEDULED', 9),
    ev('TIMER_FIRED', due + 30),
    ev('WORKFLOW_TASK_SCHEDULED', due + 30),
    ev('WORKFLOW_TASK_STARTED', due + 45),
    ev('WORKFLOW_TASK_COMPLETED', due + 60),
    ev('ACTIVITY_TASK_SCHEDULED', due + 60),
    ev('ACTIVITY_TASK_STARTED', due + 70),
    ev('ACTIVITY_TASK_COMPLETED', due + 90),
  ];

  it('splits the lateness at the timer, the workflow task and the activity, adding up to it', () => {
    const s = timerSegments(history, due, due + 85);
    expect(s).toEqual({ arming: 4, timer: 26, taskWait: 15, task: 15, activityWait: 10, activity: 15 });
    expect(Object.values(s!).reduce((a: number, b: number) => a + b, 0)).toBe(85);
  });

  it('skips a timer that fired before the due instant (an earlier rung) and answers undefined without one', () => {
    const early = [
      ...history.slice(0, 6),
      ev('TIMER_FIRED', due - 500_000),
      ev('WORKFLOW_TASK_STARTED', due - 499_000),
      ev('TIMER_STARTED', due - 498_996), // the task that woke at the early rung arms this one
      ...history.slice(6),
    ];
    expect(timerSegments(early, due, due + 85)).toMatchObject({ arming: 4, timer: 26 });
    expect(timerSegments(history.slice(0, 6), due, due + 85)).toBeUndefined();
  });
});

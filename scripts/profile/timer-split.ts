/**
 * Where each side's 逾期 lateness goes: the bench's timer phase (both sides at once, the same due instants), then
 * every fired workflow's history split at the timer, the workflow task and the activity (bench/parse.ts
 * timerSegments), printed as p50 / p90 per segment and side:
 *   npx tsx scripts/profile/timer-split.ts [--count 1000] [--spread 60s] [--cache 250] [--lead 45s]
 * --cache sets maxCachedWorkflows for both workers: at 250 most of the 1,000 measures are evicted before their
 * deadline, so their task replays the whole history; a cache that holds them all shows what that replay costs.
 * It also times, in place, the delivery log's two calls in duban's notice activity (its look before the send, its
 * record after): the worker runs in this process, so wrapping the class's methods reaches it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DeliveryLog } from '../../activities/delivery-log';
import { DurationSchema } from '../../src/domain/duration';
import { installLogger } from '../../src/worker/from-config';
import { outboxLateness, timedEvents, timerSegments, type TimerSegments } from '../../bench/parse';
import { pool } from '../../bench/pool';
import { startStack } from '../../bench/stack';
import { summarize } from '../../bench/stats';
import { dueTimes, dubanTimers, rawTimers } from '../../bench/timer-phase';
import { runMain } from './proc';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    spread: { type: 'string', default: '60s' },
    cache: { type: 'string', default: '250' },
    lead: { type: 'string', default: '45s' },
  },
});
const count = Number(values.count);
const duration = (text: string) => DurationSchema.parse(text);

/** Wraps a DeliveryLog method to keep each call's wall time (ms), for the report after the run. */
function timed(name: 'refresh' | 'record'): number[] {
  const times: number[] = [];
  const original = Object.getOwnPropertyDescriptor(DeliveryLog.prototype, name)?.value as (
    this: DeliveryLog,
    ...args: unknown[]
  ) => Promise<void>;
  Object.defineProperty(DeliveryLog.prototype, name, {
    value: async function (this: DeliveryLog, ...args: unknown[]) {
      const start = performance.now();
      try {
        return await original.apply(this, args);
      } finally {
        times.push(performance.now() - start);
      }
    },
  });
  return times;
}

async function main() {
  installLogger('warn');
  const logCalls = { refresh: timed('refresh'), record: timed('record') };
  const stack = await startStack({ maxCachedWorkflows: Number(values.cache) });
  try {
    const options = {
      count,
      spreadMs: duration(values.spread),
      concurrency: 50,
      leadMs: duration(values.lead),
      graceMs: 30_000,
    };
    const times = dueTimes(options);
    const prefix = `split-${Date.now().toString(36)}`;
    const [raw, duban] = await Promise.all([
      rawTimers(stack.client, stack.raw.worker, stack.outbox.raw, `${prefix}-raw`, times, options),
      dubanTimers(stack.client, stack.duban.worker, stack.outbox.duban, `${prefix}-duban`, times, options),
    ]);
    console.log(
      `${count} deadlines per side over ${values.spread}, cache ${values.cache}; lateness p50 duban ${duban.lateness.p50} ms, raw ${raw.lateness.p50} ms; quiet before the window: duban ${Math.round(duban.quietBeforeWindowMs)} ms, raw ${Math.round(raw.quietBeforeWindowMs)} ms`,
    );
    for (const [side, outbox] of [
      ['duban', stack.outbox.duban],
      ['raw', stack.outbox.raw],
    ] as const) {
      const notices = outboxLateness(readFileSync(outbox, 'utf8')).filter(
        (l) => l.kind === 'overdue' && l.workflowId.includes(prefix),
      );
      const split: TimerSegments[] = [];
      await pool(notices.length, 20, async (i) => {
        const n = notices[i]!;
        const history = await stack.client.workflow.getHandle(n.workflowId).fetchHistory();
        const s = timerSegments(timedEvents(historyToJSON(history)), n.dueMs, n.dueMs + n.latenessMs);
        if (s) split.push(s);
      });
      const keys = ['arming', 'timer', 'taskWait', 'task', 'activityWait', 'activity'] as const;
      const cells = keys.map((k) => {
        const sum = summarize(split.map((s) => s[k]));
        return `${k} ${sum.p50}/${sum.p90}`;
      });
      const total = summarize(notices.map((n) => n.latenessMs));
      console.log(
        `${side.padEnd(5)} ${split.length}/${notices.length} split; p50/p90 ms: ${cells.join(', ')}; whole ${total.p50}/${total.p90}`,
      );
    }
    const calls = Object.entries(logCalls).map(([name, times]) => {
      const sum = summarize(times);
      return `${name} ${sum.p50.toFixed(2)}/${sum.p90.toFixed(2)} (${times.length} calls)`;
    });
    console.log(`duban's delivery log in place, p50/p90 ms: ${calls.join(', ')}`);
  } finally {
    await stack.close();
  }
}

runMain(main);

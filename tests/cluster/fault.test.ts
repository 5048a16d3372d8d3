/**
 * Fault injection on the production cluster: `kill -9` of one `duban worker` at a time, cycle after cycle, while
 * measures are driven through their whole lifecycle over the HTTP API and an escalation ladder runs. A replacement
 * worker starts after each kill (as a supervisor — compose's restart policy — would start one). Afterwards:
 * - every transition the API acknowledged (200) is in the measure's final timeline exactly once, in the order it
 *   was acknowledged, and the timeline is one unbroken chain of states ending in 已销号;
 * - events the API did not answer (5xx, timeout) are counted, and none is in a timeline twice;
 * - no notice id (idempotency key) is in the workers' shared outbox twice, and the ladder went out in order.
 * DUBAN_FAULT_CYCLES sets the number of kill cycles (default 20).
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return --
   response bodies are untyped JSON off the wire; the assertions are what check their shape */
import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../../scripts/cluster/cluster';
import { call, cluster, duplicateNotices, eventually, figures, outbox, tokenFor } from './harness';
import { CALENDAR_TIME } from '../support/calendar-time';

const CYCLES = Number(process.env.DUBAN_FAULT_CYCLES ?? 20);
const MEASURES = 8;
const PLAN = 'cluster-fault';
const LADDER_PLAN = 'cluster-fault-ladder';
const LEAD = '市场监督管理局高新区分局';
const SUPERVISORS = ['纪工委', '组织和人事局', '行政审批服务局'];
const COORDINATOR = '行政审批服务局';
/** Roughly one kill cycle: the kill, a replacement worker polling, and a few seconds of work. */
const CYCLE_MS = 7_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function planFile(id: string, measures: number, dueIn: string, policy: Record<string, string>) {
  return {
    id,
    title: `督办集群测试：${id}`,
    issuer: 'duban cluster suite',
    dueIn,
    supervisors: SUPERVISORS,
    coordinator: COORDINATOR,
    policy,
    indicators: [
      {
        code: 1,
        name: '开办企业',
        leaders: ['王振海'],
        lead: LEAD,
        support: ['税务局'],
        measures: Array.from({ length: measures }, (_, i) => ({ text: `故障测试措施${i + 1}：按期完成整改。` })),
      },
    ],
  };
}

interface Sent {
  type: string;
  note: string;
  status: number;
}

interface Drive {
  measureId: string;
  acked: Sent[];
  unanswered: Sent[];
  refused: Sent[];
  finalState: string;
}

/** The next event for a measure in this state (the lifecycle with one rejection), and who sends it. */
interface View {
  state: string;
  progress?: { percent: number };
  rejections: number;
}

function next(view: View, note: string) {
  const lead = `dept:${LEAD}`;
  switch (view.state) {
    case 'assigned':
      return { as: lead, event: { type: 'START', note } };
    case 'in_progress': {
      const percent = view.progress?.percent ?? 0;
      if (percent < 30) return { as: lead, event: { type: 'REPORT_PROGRESS', percent: 30, note } };
      if (percent < 70) return { as: lead, event: { type: 'REPORT_PROGRESS', percent: 70, note } };
      return { as: lead, event: { type: 'SUBMIT', note } };
    }
    case 'submitted':
      return view.rejections === 0
        ? { as: 'supervisor', event: { type: 'REJECT', reason: note } }
        : { as: 'supervisor', event: { type: 'VERIFY', note } };
    case 'verified':
      return { as: 'supervisor', event: { type: 'CLOSE', note } };
    default:
      return undefined;
  }
}

/** Sends a measure's events one by one, deciding each from the measure's current view, until it is closed. */
async function drive(measureId: string, deadline: number): Promise<Drive> {
  const url = `/api/measures/${PLAN}/${measureId}`;
  const result: Drive = { measureId, acked: [], unanswered: [], refused: [], finalState: '?' };
  let seq = 0;
  while (Date.now() < deadline) {
    let view: View;
    try {
      const res = await call('GET', url, { as: 'supervisor', timeoutMs: 30_000 });
      if (res.status !== 200) throw new Error(String(res.status));
      view = res.body as View;
    } catch {
      await sleep(500); // the measure's worker was just killed: the server hands its task to the other one
      continue;
    }
    result.finalState = view.state;
    // A note without spaces marks the event in the timeline (REPORT_PROGRESS shows "<percent>% <note>").
    const step = next(view, `${measureId}#${++seq}`);
    if (!step) break;
    const note = (step.event as { note?: string; reason?: string }).note ?? (step.event as { reason: string }).reason;
    let status = 0;
    try {
      status = (await call('POST', `${url}/events`, { as: step.as, json: step.event, timeoutMs: 30_000 })).status;
    } catch {
      status = 0; // no answer within 30 s
    }
    const sent = { type: step.event.type, note, status };
    if (status === 200) result.acked.push(sent);
    else if (status === 403 || status === 409) result.refused.push(sent);
    else result.unanswered.push(sent);
    await sleep(800);
  }
  return result;
}

describe('kill -9 of workers on the production cluster', () => {
  it(
    `loses and duplicates nothing over ${CYCLES} kill cycles while lifecycles are driven and a ladder runs`,
    async () => {
      for (const actor of ['coordinator', 'supervisor', `dept:${LEAD}`]) await tokenFor(actor);
      const lifecycle = planFile(PLAN, MEASURES, '30d', {});
      const ladder = planFile(LADDER_PLAN, 2, '15s', {
        ...CALENDAR_TIME,
        remindBefore: '8s',
        escalateAfter: '8s',
        repeatEvery: '15s',
      });
      for (const p of [lifecycle, ladder]) {
        const res = await call('POST', '/api/plans', { as: 'coordinator', json: p });
        expect(res.status).toBe(201);
      }
      const measureIds = Array.from({ length: MEASURES }, (_, i) => `1.${i + 1}`);

      // The drivers start one after another across the whole kill window, so kills land in every state.
      const windowMs = CYCLES * CYCLE_MS;
      const deadline = Date.now() + windowMs + 240_000;
      const drives = Promise.all(
        measureIds.map(async (id, i) => {
          await sleep((i * windowMs) / MEASURES);
          return drive(id, deadline);
        }),
      );

      const slots = [...cluster.workerPids];
      let kills = 0;
      const killer = (async () => {
        for (let cycle = 1; cycle <= CYCLES; cycle++) {
          await sleep(CYCLE_MS - 4_000);
          const slot = cycle % slots.length;
          process.kill(slots[slot]!, 'SIGKILL');
          kills++;
          await sleep(500);
          slots[slot] = (await spawnWorker(cluster, `worker-${slot + 1}-after-kill-${cycle}`)).pid;
        }
      })();
      const [results] = await Promise.all([drives, killer]);

      // ---- every acknowledged transition exactly once, in order; nothing twice --------------------------------
      let acked = 0;
      let unanswered = 0;
      let unansweredApplied = 0;
      let refused = 0;
      for (const r of results) {
        expect(r.finalState, `measure ${r.measureId} closed`).toBe('closed');
        const res = await call('GET', `/api/measures/${PLAN}/${r.measureId}/timeline`, { as: 'supervisor' });
        const entries: Array<{ type: string; from: string; to: string; detail?: string }> = res.body.entries;
        const marked = (note: string) => entries.filter((e) => (e.detail ?? '').split(' ').includes(note));
        for (const sent of r.acked) {
          expect(
            marked(sent.note).map((e) => e.type),
            `${sent.note} in the timeline once`,
          ).toEqual([sent.type]);
        }
        const order = entries.flatMap((e) => r.acked.filter((s) => (e.detail ?? '').split(' ').includes(s.note)));
        expect(order.map((s) => s.note)).toEqual(r.acked.map((s) => s.note));
        for (const sent of [...r.unanswered, ...r.refused]) {
          const found = marked(sent.note).length;
          expect(found, `${sent.note} at most once`).toBeLessThanOrEqual(1);
          if (r.unanswered.includes(sent)) unansweredApplied += found;
        }
        for (let i = 1; i < entries.length; i++) expect(entries[i]!.from).toBe(entries[i - 1]!.to);
        expect(entries.at(-1)).toMatchObject({ type: 'CLOSE', to: 'closed' });
        acked += r.acked.length;
        unanswered += r.unanswered.length;
        refused += r.refused.length;
      }
      const closed = await eventually('every driven measure closed in visibility', async () => {
        const res = await call('GET', `/api/measures?plan=${PLAN}&state=closed`, { as: 'supervisor' });
        return res.body.items?.length === MEASURES && res.body.items;
      });
      expect(closed).toHaveLength(MEASURES);

      // ---- the ladder: every step out once, in order ----------------------------------------------------------
      // A notice being sent when its worker was killed waits for its activity's 1-minute start-to-close timeout
      // before the retry (issue 16): the steps arrive, late.
      const ladderIds = ['1.1', '1.2'];
      const ladderLines = await eventually(
        'the ladder (remind, overdue, escalate) of both measures',
        () => {
          const lines = outbox({ planId: LADDER_PLAN });
          const done = ladderIds.every((id) => {
            const kinds = lines.filter((l) => l.measureId === id).map((l) => l.kind);
            return ['remind', 'overdue', 'escalate'].every((k) => kinds.includes(k));
          });
          return done && lines;
        },
        180_000,
      );
      for (const id of ladderIds) {
        // The measure's workflow may still be cached by a killed worker: its update waits for that worker's sticky
        // queue to time out, past the API's deadline, and the API answers 202 pending. A client asks again with the
        // same key until it learns the one outcome (event-pending.test.ts), as this does.
        const res = await eventually(
          `CANCEL of ladder measure ${id} answered`,
          async () => {
            const reply = await call('POST', `/api/measures/${LADDER_PLAN}/${id}/events`, {
              as: 'coordinator',
              json: { type: 'CANCEL', reason: '测试结束' },
              headers: { 'idempotency-key': `ladder-cancel-${id}` },
            });
            expect([200, 202], JSON.stringify(reply.body)).toContain(reply.status);
            return reply.status === 200 && reply;
          },
          60_000,
        );
        expect(res.body).toMatchObject({ state: 'cancelled' });
      }
      let maxLateMs = 0;
      for (const id of ladderIds) {
        const lines = ladderLines.filter((l) => l.measureId === id);
        expect(lines.slice(0, 2).map((l) => l.kind)).toEqual(['remind', 'overdue']);
        expect(lines.slice(2).every((l) => l.kind === 'escalate')).toBe(true);
        const levels = lines.map((l) => l.level);
        expect(levels).toEqual([...levels].sort((a, b) => a - b));
        // The key ends with the step's scheduled instant (ms): the steps went out in their order, each once.
        const scheduled = lines.map((l) => Number(l.idempotencyKey.split(':').at(-1)));
        expect(scheduled.every((at, i) => at > 0 && (i === 0 || at > scheduled[i - 1]!))).toBe(true);
        lines.forEach((l, i) => (maxLateMs = Math.max(maxLateMs, Date.parse(l.time) - scheduled[i]!)));
      }
      const all = outbox();
      expect(duplicateNotices(all)).toEqual([]);

      figures('kill -9', {
        cycles: kills,
        measures: MEASURES,
        acknowledged: acked,
        acknowledgedFoundOnce: acked,
        lost: 0,
        duplicated: 0,
        unanswered,
        unansweredAppliedLater: unansweredApplied,
        unansweredStatuses: results.flatMap((r) => r.unanswered.map((u) => u.status)).join(',') || '-',
        refusedAfterLateApply: refused,
        ladderNotices: ladderLines.length,
        ladderMaxLateSeconds: Math.round(maxLateMs / 1000),
        outboxNotices: all.length,
        duplicateNoticeIds: 0,
      });
    },
    CYCLES * CYCLE_MS + 600_000,
  );
});

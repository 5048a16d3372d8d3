/**
 * Durable timers on a real Temporal server with a seconds-scale policy: the ladder fires in order with the right
 * recipients (also across a worker restart), submit stops it, an extension moves it, the verification SLA reminds
 * the supervision group, and webhook/SMTP deliveries reach real loopback receivers exactly once despite failures.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { countByType } from '../../bench/parse';
import { resolvePolicy } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { parseContacts } from '../../src/notify/contacts';
import { departmentScoreboard, scoreboardNow } from '../../src/reports/scoreboard';
import type { MeasureService } from '../../src/service/measures';
import { SA } from '../../src/measure';
import { measureWorkflowId } from '../../src/temporal/names';
import { eventually, readOutbox, type TestEnv, useTestEnv, withWorker } from './harness';
import { COORDINATOR, LEAD, LEADER, secondsPolicy, smallPlan, SUPERVISORS } from './fixtures';

interface OutboxLine {
  kind: string;
  level: number;
  light: string;
  dueAt: string | null;
  measureId: string;
  workflowId: string;
  time: string;
  to: Array<{ role: string; name: string }>;
}

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

function outbox(workflowId?: string): OutboxLine[] {
  return readOutbox<OutboxLine>(env, workflowId);
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const names = (line: OutboxLine | undefined) => (line?.to ?? []).map((r) => `${r.role}:${r.name}`).sort();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ladderPolicy = secondsPolicy({ remindBefore: '2s', escalateAfter: '2s', repeatEvery: '1h' });

describe('escalation ladder', () => {
  it('keeps its timer when a progress report pushes the 进展 reminder back, and still reminds on time', async () => {
    const plan = smallPlan({ measures: 1 }); // due in 2099: only the progress cadence is near
    const id = measureWorkflowId(plan.id, '2.1');
    const lead = `dept:${LEAD}` as const;
    const historyCounts = async () => {
      const counts = countByType(historyToJSON(await env.client.workflow.getHandle(id).fetchHistory()));
      const count = (type: string) => counts[type] ?? 0;
      return { started: count('TIMER_STARTED'), canceled: count('TIMER_CANCELED'), markers: count('MARKER_RECORDED') };
    };
    await withWorker(env, async () => {
      await startPlan(env.client, plan, resolvePolicy({ progressEvery: '3s' }), { taskQueue: env.taskQueue });
      await service.send(id, lead, { type: 'START' });
      const before = await historyCounts();
      await sleep(1000);
      await service.send(id, lead, { type: 'REPORT_PROGRESS', percent: 50 });
      const last = await service.send(id, lead, { type: 'REPORT_PROGRESS', percent: 60 });
      // Both reports moved the reminder later: no TimerCanceled/TimerStarted pair, one patch marker.
      expect(await historyCounts()).toEqual({ ...before, markers: before.markers + 1 });

      const reminded = await eventually(() => outbox(id).find((l) => l.kind === 'progress_remind'), 15_000);
      expect(Date.parse(reminded.time)).toBeGreaterThanOrEqual(Date.parse(last.progress!.at) + 3000);
      await sleep(500);
      expect(outbox(id).filter((l) => l.kind === 'progress_remind')).toHaveLength(1);
      // The early wake-up (3 s after START) re-armed once; the reminder's own firing armed the next period.
      const after = await historyCounts();
      expect(after.canceled).toBe(before.canceled);
      expect(after.started).toBe(before.started + 2);
      // Ended, so its 3-second cadence stops (each test has its own task queue, so no later test would see it).
      await service.send(id, 'coordinator', { type: 'CANCEL', reason: '测试结束' });
    });
  });

  it('reminds, marks overdue and escalates — once each, in order, with the light in visibility', async () => {
    const plan = smallPlan({ dueAt: inSeconds(4), measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    await withWorker(env, async () => {
      await startPlan(env.client, plan, ladderPolicy, { taskQueue: env.taskQueue });
      const lines = await eventually(() => outbox(id).length >= 3 && outbox(id), 20_000);
      expect(lines.map((l) => [l.kind, l.level, l.light])).toEqual([
        ['remind', 0, 'yellow'],
        ['overdue', 1, 'red'],
        ['escalate', 2, 'red'],
      ]);
      expect(names(lines[0])).toEqual([`dept:${LEAD}`]);
      expect(names(lines[1])).toEqual([`dept:${LEAD}`, `leader:${LEADER}`].sort());
      expect(names(lines[2])).toEqual(
        [
          ...SUPERVISORS.filter((s) => s !== COORDINATOR).map((s) => `supervisor:${s}`),
          `coordinator:${COORDINATOR}`,
          `supervisor:${COORDINATOR}`,
        ].sort(),
      );
      const due = Date.parse(plan.defaultDueAt!);
      expect(Date.parse(lines[1]!.time)).toBeGreaterThanOrEqual(due);
      expect(Date.parse(lines[2]!.time)).toBeGreaterThanOrEqual(due + 2000);

      const view = await service.get(id);
      expect(view).toMatchObject({ light: 'red', escalation: 2, state: 'assigned' });
      const sa = await eventually(async () => {
        const d = await env.client.workflow.getHandle(id).describe();
        return d.typedSearchAttributes.get(SA.escalation) === 2 && d.typedSearchAttributes;
      });
      expect(sa.get(SA.light)).toBe('red');
      const red = await eventually(async () => {
        const page = await service.list({ plan: plan.id, light: 'red', lead: LEAD });
        return page.items.length === 1 && page.items;
      });
      expect(red[0]?.workflowId).toBe(id);
      await sleep(1500);
      expect(outbox(id)).toHaveLength(3); // nothing fires twice

      // Handed in after the due time: light back to green, lateness on record for the reports (DubanLate).
      await service.send(id, `dept:${LEAD}`, { type: 'START' });
      const late = await service.send(id, `dept:${LEAD}`, { type: 'SUBMIT' });
      expect(late).toMatchObject({ state: 'submitted', light: 'green' });
      expect(late.submitted?.lateMs).toBeGreaterThan(0);
      const [score] = await eventually(async () => {
        const board = departmentScoreboard(await service.listAll({ plan: plan.id }), scoreboardNow());
        return board[0]?.late === 1 && board;
      });
      expect(score).toMatchObject({ department: LEAD, total: 1, late: 1, escalated: 1, byState: { submitted: 1 } });
    });
  });

  it('keeps the ladder across a worker restart between steps', async () => {
    // Remind 2 s after the start, overdue 4 s later: room for the first worker to shut down under load.
    const plan = smallPlan({ dueAt: inSeconds(6), measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    const policy = secondsPolicy({ remindBefore: '4s', escalateAfter: '2s', repeatEvery: '1h' });
    await withWorker(env, async () => {
      await startPlan(env.client, plan, policy, { taskQueue: env.taskQueue });
      await eventually(() => outbox(id).length >= 1, 20_000);
    });
    expect(outbox(id).map((l) => l.kind)).toEqual(['remind']);
    // The overdue timer fires on the server while no worker runs.
    await sleep(Math.max(0, Date.parse(plan.defaultDueAt!) - Date.now()) + 500);
    await withWorker(env, async () => {
      const lines = await eventually(() => outbox(id).length >= 3 && outbox(id), 20_000);
      expect(lines.map((l) => l.kind)).toEqual(['remind', 'overdue', 'escalate']);
      await sleep(1000);
      expect(outbox(id)).toHaveLength(3);
    });
  });

  it('never marks a measure submitted before its due time as overdue', async () => {
    const plan = smallPlan({ dueAt: inSeconds(3), measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    await withWorker(env, async () => {
      await startPlan(env.client, plan, secondsPolicy({ remindBefore: '10s', escalateAfter: '1s' }), {
        taskQueue: env.taskQueue,
      });
      await service.send(id, `dept:${LEAD}`, { type: 'START' });
      const submitted = await service.send(id, `dept:${LEAD}`, { type: 'SUBMIT' });
      expect(submitted).toMatchObject({ state: 'submitted', light: 'green', submitted: { lateMs: 0 } });
      await sleep(5000); // past due and past the escalation step
      expect(outbox(id).map((l) => l.kind)).toEqual(['remind']);
      const view = await service.get(id);
      expect(view.light).toBe('green');
      expect((await service.timeline(id)).map((e) => e.type)).not.toContain('OVERDUE');
      const onTime = await eventually(async () =>
        (await service.list({ plan: plan.id })).items.find((m) => m.late === false),
      );
      expect(onTime.workflowId).toBe(id);
    });
  });

  it('moves every pending step when an extension is approved', async () => {
    const plan = smallPlan({ dueAt: inSeconds(3), measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    await withWorker(env, async () => {
      await startPlan(env.client, plan, secondsPolicy({ remindBefore: '1s', escalateAfter: '1s', repeatEvery: '1h' }), {
        taskQueue: env.taskQueue,
      });
      await service.send(id, `dept:${LEAD}`, { type: 'START' });
      const newDueAt = inSeconds(7);
      await service.send(id, `dept:${LEAD}`, { type: 'REQUEST_EXTENSION', newDueAt, reason: '资金未到位' });
      const approved = await service.send(id, `leader:${LEADER}`, { type: 'APPROVE_EXTENSION' });
      expect(approved.dueAt).toBe(newDueAt);
      await sleep(3500); // the old due time passes: nothing may fire for it
      expect(outbox(id).filter((l) => l.kind === 'overdue')).toEqual([]);
      const lines = await eventually(() => outbox(id).some((l) => l.kind === 'escalate') && outbox(id), 20_000);
      const overdue = lines.find((l) => l.kind === 'overdue')!;
      expect(Date.parse(overdue.time)).toBeGreaterThanOrEqual(Date.parse(newDueAt));
      expect(Date.parse(overdue.dueAt!)).toBe(Date.parse(newDueAt));
      const dueAtSa = await eventually(async () => {
        const d = await env.client.workflow.getHandle(id).describe();
        return d.typedSearchAttributes.get(SA.dueAt);
      });
      expect(dueAtSa.getTime()).toBe(Date.parse(newDueAt));
    });
  });

  it('reminds the supervision group, then the coordinator, when verification is late', async () => {
    const plan = smallPlan({ dueAt: inSeconds(3600), measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    await withWorker(env, async () => {
      await startPlan(
        env.client,
        plan,
        secondsPolicy({ remindBefore: '1s', verifyRemindAfter: '1s', verifyEscalateAfter: '1s' }),
        {
          taskQueue: env.taskQueue,
        },
      );
      await service.send(id, `dept:${LEAD}`, { type: 'START' });
      await service.send(id, `dept:${LEAD}`, { type: 'SUBMIT' });
      const lines = await eventually(() => outbox(id).length >= 2 && outbox(id), 20_000);
      expect(lines.map((l) => l.kind)).toEqual(['verify_remind', 'verify_escalate']);
      expect(names(lines[0])).toEqual(SUPERVISORS.map((s) => `supervisor:${s}`).sort());
      expect(names(lines[1])).toEqual([`coordinator:${COORDINATOR}`]);
      await service.send(id, 'supervisor', { type: 'VERIFY' });
    });
  });
});

/** A 群机器人 on loopback that answers each post with `statusFor(path)` and records every post it saw. */
async function robot(statusFor: (urlPath: string) => number) {
  const hits: Array<{ path: string; key: string; status: number }> = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const urlPath = req.url ?? '';
      const status = statusFor(urlPath);
      hits.push({ path: urlPath, key: String(req.headers['idempotency-key']), status });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { hits, url, close: () => server.close() };
}

describe('notification channels through the workflow', () => {
  it('a retry on another worker, with a data dir of its own, does not repeat what the first delivered', async () => {
    // The lead's robot answers at once; the leader's fails until the second worker runs. The first worker delivers
    // the 逾期 notice to the lead, fails the leader, and stops; the retry lands on a worker whose delivery log is
    // empty and learns from the attempt's heartbeat that the lead already has it.
    let secondRunning = false;
    const { hits, url, close } = await robot((urlPath) => (urlPath === '/leader' && !secondRunning ? 502 : 200));
    const contacts = parseContacts({
      departments: { [LEAD]: { channel: 'webhook', url: `${url}/lead` } },
      leaders: { [LEADER]: { channel: 'webhook', url: `${url}/leader` } },
    });
    const overdue = (h: { key: string }) => h.key.includes('/overdue:');
    try {
      const plan = smallPlan({ dueAt: inSeconds(1.5), measures: 1 });
      await withWorker(
        env,
        async () => {
          await startPlan(env.client, plan, secondsPolicy({ remindBefore: '1s', escalateAfter: '1h' }), {
            taskQueue: env.taskQueue,
          });
          await eventually(() => hits.some((h) => overdue(h) && h.path === '/leader'), 30_000);
        },
        contacts,
      );
      secondRunning = true;
      const otherDir = mkdtempSync(path.join(tmpdir(), 'duban-data-other-'));
      const second = await env.startWorker(contacts, otherDir);
      await second.runUntil(() =>
        eventually(() => hits.some((h) => overdue(h) && h.path === '/leader' && h.status === 200), 30_000),
      );
      expect(hits.filter((h) => overdue(h) && h.path === '/lead')).toHaveLength(1);
      expect(hits.filter((h) => overdue(h) && h.path === '/leader' && h.status === 200)).toHaveLength(1);
      // The second worker's own log holds only what it sent: the lead's delivery was known from the heartbeat.
      const log = readFileSync(path.join(otherDir, 'deliveries.jsonl'), 'utf8').trim().split('\n');
      expect(log.map((l) => (JSON.parse(l) as { recipient: string }).recipient)).toEqual([`leader:${LEADER}`]);
    } finally {
      close();
    }
  });

  it('climbs the ladder on time while a channel is down, then delivers the queued notices in order', async () => {
    // The lead's robot is down: the 提醒 is retried with Temporal's backoff (1 s, 2 s, 4 s …). The rungs after it —
    // 逾期 at the due time, 上报 2 s later — must still change the light and the level on time (QUEUED_NOTICES);
    // their notices wait behind the 提醒 and follow it once the robot is back.
    let down = true;
    const { hits, url, close } = await robot(() => (down ? 503 : 200));
    const contacts = parseContacts({ departments: { [LEAD]: { channel: 'webhook', url } } });
    try {
      const plan = smallPlan({ dueAt: inSeconds(1.5), measures: 1 });
      const id = measureWorkflowId(plan.id, '2.1');
      await withWorker(
        env,
        async () => {
          await startPlan(env.client, plan, secondsPolicy({ remindBefore: '1s', escalateAfter: '2s' }), {
            taskQueue: env.taskQueue,
          });
          const escalated = await eventually(async () => {
            const view = await service.get(id);
            return view.escalation === 2 && view;
          }, 8_000);
          expect(escalated.light).toBe('red');
          // Nothing reached anyone yet: the 提醒 is still being retried, and nothing overtook it.
          expect(hits.length).toBeGreaterThan(0);
          expect(hits.every((h) => h.status === 503 && h.key.startsWith(`${id}/remind:`))).toBe(true);
          expect(outbox(id)).toEqual([]);

          down = false;
          const lines = await eventually(() => outbox(id).length >= 2 && outbox(id), 20_000);
          const sent = hits.filter((h) => h.status === 200).map((h) => h.key.slice(id.length + 1).split(':')[0]);
          expect(sent).toEqual(['remind', 'overdue']);
          // The leaders and the supervision group have no contacts here: their 逾期 and 上报 lines, in order.
          expect(lines.map((l) => l.kind)).toEqual(['overdue', 'escalate']);
        },
        contacts,
      );
    } finally {
      close();
    }
  });

  it('posts to a webhook that fails twice (delivered exactly once) and e-mails the leaders over SMTP', async () => {
    let attempts = 0;
    const delivered: Array<{ body: { msgtype: string; markdown: { title: string; text: string } }; key?: string }> = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        attempts++;
        if (attempts <= 2) {
          res.writeHead(502).end('bad gateway');
          return;
        }
        delivered.push({
          body: JSON.parse(Buffer.concat(chunks).toString()),
          key: req.headers['idempotency-key'] as string,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const mails: Array<{ to: string[]; raw: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((a) => a.address), raw: Buffer.concat(chunks).toString() });
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    try {
      const contacts = parseContacts({
        smtp: { host: '127.0.0.1', port: (smtp.server.address() as AddressInfo).port, from: 'duban@example.gov.cn' },
        departments: {
          [LEAD]: { channel: 'webhook', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/robot` },
        },
        leaders: { [LEADER]: { channel: 'smtp', to: 'zhang.lipeng@example.gov.cn' } },
      });
      const plan = smallPlan({ dueAt: inSeconds(1.5), measures: 1 });
      const id = measureWorkflowId(plan.id, '2.1');
      await withWorker(
        env,
        async () => {
          await startPlan(env.client, plan, secondsPolicy({ remindBefore: '1s', escalateAfter: '1h' }), {
            taskQueue: env.taskQueue,
          });
          // remind → webhook (fails twice, retried by Temporal); overdue → webhook + SMTP to the leader.
          await eventually(() => delivered.length >= 2 && mails.length >= 1, 30_000);
          await sleep(1500);
          expect(attempts).toBe(4); // 2 failures + 2 successes: nothing sent twice
          expect(delivered.map((d) => d.key)).toEqual([
            expect.stringMatching(new RegExp(`^${id}/remind:0:`)),
            expect.stringMatching(new RegExp(`^${id}/overdue:1:`)),
          ]);
          expect(delivered[0]!.body.msgtype).toBe('markdown');
          expect(delivered[1]!.body.markdown.text).toContain('2.1');
          expect(mails).toHaveLength(1);
          expect(mails[0]!.to).toEqual(['zhang.lipeng@example.gov.cn']);
          const deliveries = readFileSync(path.join(env.dataDir, 'deliveries.jsonl'), 'utf8').trim().split('\n');
          expect(deliveries.length).toBeGreaterThanOrEqual(3);
        },
        contacts,
      );
    } finally {
      receiver.close();
      await new Promise<void>((r) => smtp.close(r));
    }
  });
});

/**
 * Restarts under a running ladder on the production cluster: temporal-server is stopped across one measure's
 * reminder time, PostgreSQL across its escalation time. While Temporal is down the API answers 503 problems and an
 * event it refused leaves no trace; afterwards every pending step goes out once, late and in order, the open
 * measures answer again and a lifecycle carries on to 已销号.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return,
   @typescript-eslint/no-unsafe-call --
   response bodies are untyped JSON off the wire; the assertions are what check their shape */
import { describe, expect, it } from 'vitest';
import { pgStart, pgStop, startTemporalServer, stopTemporalServer } from '../../scripts/cluster/cluster';
import { call, cluster, duplicateNotices, eventually, figures, outbox, tokenFor } from './harness';
import { CALENDAR_TIME } from '../support/calendar-time';

const PLAN = 'cluster-restart';
const LIFE_PLAN = 'cluster-restart-life';
const LEAD = '科技和工业信息化局';
const STEP_S = 10;
const LADDER = ['remind', 'overdue', 'escalate'];

const plan = (id: string, measures: number, dueIn: string, policy: Record<string, string>) => ({
  id,
  title: `督办集群测试：${id}`,
  issuer: 'duban cluster suite',
  dueIn,
  supervisors: ['纪工委', '行政审批服务局'],
  coordinator: '行政审批服务局',
  policy,
  indicators: [
    {
      code: 5,
      name: '产业创新环境',
      leaders: ['李明'],
      lead: LEAD,
      measures: Array.from({ length: measures }, (_, i) => ({ text: `重启测试措施${i + 1}：按期完成。` })),
    },
  ],
});

const until = async (instant: number) => {
  const wait = instant - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

describe('restarts of temporal-server and PostgreSQL on the production cluster', () => {
  it('resumes open measures and pending timers: every late step goes out once, in order', async () => {
    for (const actor of ['coordinator', 'supervisor', `dept:${LEAD}`]) await tokenFor(actor);
    const lead = `dept:${LEAD}`;
    const policy = { ...CALENDAR_TIME, remindBefore: `${STEP_S}s`, escalateAfter: `${STEP_S}s`, repeatEvery: '1h' };
    const ladder = await call('POST', '/api/plans', { as: 'coordinator', json: plan(PLAN, 3, '30s', policy) });
    expect(ladder.status).toBe(201);
    const due = Date.parse(ladder.body.measures[0].dueAt as string);
    const life = await call('POST', '/api/plans', { as: 'coordinator', json: plan(LIFE_PLAN, 1, '30d', {}) });
    expect(life.status).toBe(201);
    const lifeUrl = `/api/measures/${LIFE_PLAN}/5.1`;
    expect((await call('POST', `${lifeUrl}/events`, { as: lead, json: { type: 'START' } })).status).toBe(200);

    // ---- temporal-server down across the reminder (due − 10 s) ---------------------------------------------------
    await until(due - (STEP_S + 5) * 1000);
    let serverPid = cluster.serverPid;
    await stopTemporalServer(serverPid);
    let downRead: Awaited<ReturnType<typeof call>>;
    let refused: Awaited<ReturnType<typeof call>>;
    try {
      downRead = await call('GET', lifeUrl, { as: 'supervisor', timeoutMs: 30_000 });
      refused = await call('POST', `${lifeUrl}/events`, {
        as: lead,
        json: { type: 'REPORT_PROGRESS', percent: 10, note: 'sent-while-temporal-down' },
        timeoutMs: 30_000,
      });
    } finally {
      // Whatever the answers were, the server comes back: a later test file must find the cluster whole.
      await until(due - 4_000);
      serverPid = await startTemporalServer(cluster);
    }
    const serverBack = Date.now();
    expect(downRead.status).toBe(503);
    expect(downRead.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(refused.status).toBe(503);
    const retryAfter = refused.headers.get('retry-after');

    // ---- PostgreSQL down across the escalation (due + 10 s), once the overdue notices are out -------------------
    await eventually(
      'the late reminders and the overdue notices after the server restart',
      () => {
        const lines = outbox({ planId: PLAN });
        return ['5.1', '5.2', '5.3'].every((id) => lines.filter((l) => l.measureId === id).length >= 2) && lines;
      },
      120_000,
    );
    await until(due + (STEP_S - 4) * 1000);
    await pgStop(cluster.root, cluster.pgData);
    await until(due + (STEP_S + 4) * 1000);
    await pgStart(cluster.root, cluster.pgData, cluster.pgOptions);

    const lines = await eventually(
      'every ladder step of the three measures',
      () => {
        const all = outbox({ planId: PLAN });
        return ['5.1', '5.2', '5.3'].every((id) => all.filter((l) => l.measureId === id).length >= 3) && all;
      },
      180_000,
    );
    let maxLateMs = 0;
    for (const id of ['5.1', '5.2', '5.3']) {
      const mine = lines.filter((l) => l.measureId === id);
      expect(mine.map((l) => l.kind)).toEqual(LADDER);
      const scheduled = mine.map((l) => Number(l.idempotencyKey.split(':').at(-1)));
      mine.forEach((l, i) => {
        expect(Date.parse(l.time)).toBeGreaterThanOrEqual(scheduled[i]!); // late, never early
        maxLateMs = Math.max(maxLateMs, Date.parse(l.time) - scheduled[i]!);
      });
      // The reminder fell due while the server was down: it went out after the restart.
      expect(Date.parse(mine[0]!.time)).toBeGreaterThanOrEqual(serverBack - 1_000);
    }
    expect(duplicateNotices(lines)).toEqual([]);

    // ---- the open measures answer again; the lifecycle carries on; nothing of the refused event -------------------
    const escalated = await eventually('three measures at level 2 in visibility', async () => {
      const res = await call('GET', `/api/measures?plan=${PLAN}&escalation=2`, { as: 'supervisor' });
      return res.body.items?.length === 3 && res.body.items;
    });
    expect(escalated.map((m: { state: string }) => m.state)).toEqual(['assigned', 'assigned', 'assigned']);
    const steps = [
      { as: lead, event: { type: 'REPORT_PROGRESS', percent: 80, note: 'after-restarts' } },
      { as: lead, event: { type: 'SUBMIT' } },
      { as: 'supervisor', event: { type: 'VERIFY' } },
      { as: 'supervisor', event: { type: 'CLOSE' } },
    ];
    for (const step of steps) {
      const res = await call('POST', `${lifeUrl}/events`, { as: step.as, json: step.event });
      expect(res.status, `${step.event.type}: ${JSON.stringify(res.body)}`).toBe(200);
    }
    const timeline = await call('GET', `${lifeUrl}/timeline`, { as: 'supervisor' });
    expect(timeline.body.entries.map((e: { type: string }) => e.type)).toEqual([
      'START',
      'REPORT_PROGRESS',
      'SUBMIT',
      'VERIFY',
      'CLOSE',
    ]);
    expect(JSON.stringify(timeline.body.entries)).not.toContain('sent-while-temporal-down');
    for (const id of ['5.1', '5.2', '5.3']) {
      const res = await call('POST', `/api/measures/${PLAN}/${id}/events`, {
        as: 'coordinator',
        json: { type: 'CANCEL', reason: '测试结束' },
      });
      expect(res.status).toBe(200);
    }
    figures('restarts', {
      serverRestarts: 1,
      postgresRestarts: 1,
      ladderSteps: lines.length,
      duplicates: 0,
      maxLateSeconds: Math.round(maxLateMs / 1000),
      apiWhileDown: downRead.status,
      retryAfter: retryAfter ?? 'none',
      serverPid,
    });
  }, 420_000);
});

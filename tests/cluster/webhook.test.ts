/**
 * Webhook receivers that misbehave, on the production cluster (the workers' contacts file is
 * tests/cluster/contacts.ts): one answers 500 twice per notice before it recovers, one hangs past the worker's
 * 10-second timeout on a notice's first attempt. Each notice is retried with backoff under the same
 * Idempotency-Key, accepted exactly once, and the ladder carries on to the next steps.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, cluster, duplicateNotices, eventually, figures, outbox } from './harness';
import { FLAKY_DEPT, HANGING_DEPT } from './contacts';
import { CALENDAR_TIME } from '../support/calendar-time';

const PLAN = 'cluster-webhook';
const LEADER = '回调测试领导';

interface Attempt {
  path: string;
  key: string;
  at: number;
  status: number | 'hung';
}

const attempts: Attempt[] = [];
let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const path = req.url ?? '';
    req.resume();
    req.on('end', () => {
      const earlier = attempts.filter((a) => a.path === path && a.key === key).length;
      const at = Date.now();
      if (path === '/flaky' && earlier < 2) {
        attempts.push({ path, key, at, status: 500 });
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"temporarily broken"}');
      } else if (path === '/hang' && earlier === 0) {
        attempts.push({ path, key, at, status: 'hung' }); // no answer: the worker gives up after 10 s
      } else {
        attempts.push({ path, key, at, status: 200 });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
      }
    });
  });
  const port = Number(new URL(cluster.webhookUrl).port);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const indicator = (code: number, lead: string) => ({
  code,
  name: code === 1 ? '开办企业' : '办理建筑许可',
  leaders: [LEADER],
  lead,
  measures: [{ text: `回调测试措施：${lead}按期完成整改。` }],
});

describe('webhook receivers that fail or hang', () => {
  it('retries with backoff under one Idempotency-Key, is accepted once per notice, and the ladder carries on', async () => {
    const plan = {
      id: PLAN,
      title: '督办集群测试：回调',
      issuer: 'duban cluster suite',
      dueIn: '15s',
      supervisors: ['纪工委', '行政审批服务局'],
      coordinator: '行政审批服务局',
      policy: { ...CALENDAR_TIME, remindBefore: '7s', escalateAfter: '7s', repeatEvery: '1h' },
      indicators: [indicator(1, FLAKY_DEPT), indicator(2, HANGING_DEPT)],
    };
    const imported = await call('POST', '/api/plans', { as: 'coordinator', json: plan });
    expect(imported.status).toBe(201);

    // remind and overdue reach the lead department by webhook; the escalation goes to the supervision group.
    const accepted = (path: string) => attempts.filter((a) => a.path === path && a.status === 200);
    await eventually(
      'remind and overdue accepted by both receivers, and both escalations out',
      () =>
        accepted('/flaky').length >= 2 &&
        accepted('/hang').length >= 2 &&
        outbox({ planId: PLAN }).filter((l) => l.kind === 'escalate').length >= 2,
      150_000,
    );

    for (const path of ['/flaky', '/hang']) {
      const keys = [...new Set(attempts.filter((a) => a.path === path).map((a) => a.key))];
      expect(keys.map((k) => k.split('/').at(-1)!.split(':')[0])).toEqual(['remind', 'overdue']);
      for (const key of keys) {
        const mine = attempts.filter((a) => a.path === path && a.key === key);
        expect(
          mine.filter((a) => a.status === 200),
          `${path} ${key} accepted once`,
        ).toHaveLength(1);
        expect(mine.at(-1)!.status).toBe(200);
        if (path === '/flaky') {
          expect(mine.map((a) => a.status)).toEqual([500, 500, 200]);
          // Backoff: the activity's retry policy starts at 1 s and doubles.
          expect(mine[1]!.at - mine[0]!.at).toBeGreaterThanOrEqual(900);
          expect(mine[2]!.at - mine[1]!.at).toBeGreaterThanOrEqual(1_800);
        } else {
          expect(mine[0]!.status).toBe('hung');
          expect(mine[1]!.at - mine[0]!.at).toBeGreaterThanOrEqual(10_000); // the worker's webhook timeout
        }
      }
    }

    const notices = outbox({ planId: PLAN });
    expect(duplicateNotices(notices)).toEqual([]);
    // The overdue notice's other recipient (the leader, no contact) got it once through the outbox, retries or not.
    for (const measureId of ['1.1', '2.1']) {
      const mine = notices.filter((l) => l.measureId === measureId);
      expect(mine.map((l) => l.kind)).toEqual(['overdue', 'escalate']);
      expect(mine[0]!.to).toEqual([{ role: 'leader', name: LEADER }]);
      const res = await call('POST', `/api/measures/${PLAN}/${measureId}/events`, {
        as: 'coordinator',
        json: { type: 'CANCEL', reason: '测试结束' },
      });
      expect(res.status).toBe(200);
    }
    figures('webhooks', {
      notices: 4,
      attempts: attempts.length,
      failed500: attempts.filter((a) => a.status === 500).length,
      hung: attempts.filter((a) => a.status === 'hung').length,
      accepted: attempts.filter((a) => a.status === 200).length,
      acceptedTwice: 0,
    });
  }, 240_000);
});

/**
 * An event the workflow has not answered (its worker down) is never reported as failed and applied later unseen:
 * the API answers 202 "pending" with the idempotency key, and the same request with the same key — once a worker
 * is back — gets the one outcome (the event applied exactly once), however often it is asked.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app';
import { createAuthenticator, devToken } from '../../src/auth/tokens';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { MeasureService } from '../../src/service/measures';
import { LEAD, smallPlan } from './fixtures';
import { eventually, useTestEnv, withWorker, type TestEnv } from './harness';

let env: TestEnv;
useTestEnv((ctx) => (env = ctx.env));

describe('an event while no worker answers', () => {
  it('is 202 pending with its key, and the same key later learns the one outcome', async () => {
    const plan = smallPlan({ measures: 2 });
    await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
    const service = new MeasureService(env.client);
    const auth = createAuthenticator({
      mode: 'dev',
      tokensFile: path.join(env.dataDir, 'tokens.json'),
      dataDir: env.dataDir,
    });
    const app = buildApp({ service, client: env.client, taskQueue: env.taskQueue, auth, temporalTimeoutMs: 1500 });
    const send = (body: object, key?: string, measureId = '2.1') =>
      app.inject({
        method: 'POST',
        url: `/api/measures/${plan.id}/${measureId}/events`,
        headers: {
          authorization: `Bearer ${devToken(`dept:${LEAD}`, env.dataDir)}`,
          ...(key ? { 'idempotency-key': key } : {}),
        },
        payload: body,
      });
    try {
      // The workflow has run its first task; now no worker polls its queue.
      await withWorker(env, () =>
        Promise.all(['2.1', '2.2'].map((measureId) => service.get({ planId: plan.id, measureId }))),
      );

      const pending = await send({ type: 'START' }, 'start-1');
      expect(pending.statusCode).toBe(202);
      expect(pending.json()).toMatchObject({ status: 'pending', idempotencyKey: 'start-1' });
      const unkeyed = await send({ type: 'START' }, undefined, '2.2');
      expect(unkeyed.statusCode).toBe(202);
      expect(unkeyed.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

      await withWorker(env, async () => {
        // A worker that has just started may take longer than the 1.5 s deadline to pick the update up (a busy
        // machine): the client asks again with the same key, as it would, until it learns the outcome — every
        // answer meanwhile is 202 again, never a refusal or a second application.
        const done = await eventually(async () => {
          const res = await send({ type: 'START' }, 'start-1');
          expect([200, 202], res.body).toContain(res.statusCode);
          return res.statusCode === 200 && res;
        }, 30_000);
        expect(done.statusCode, done.body).toBe(200);
        expect(done.json()).toMatchObject({ state: 'in_progress' });
        // Asked again: the same outcome, not a 409 for a second START.
        const again = await send({ type: 'START' }, 'start-1');
        expect(again.statusCode, again.body).toBe(200);
        for (const measureId of ['2.1', '2.2']) {
          const timeline = await service.timeline({ planId: plan.id, measureId });
          expect(timeline.filter((e) => e.type === 'START')).toHaveLength(1);
        }
      });
    } finally {
      await app.close();
    }
  });

  /**
   * A measure due in `dueInMs`, started; then, with no worker, a SUBMIT whose call gives up after `deadlineMs`; then,
   * once the due time has passed and at least 1.5 s after the send (so its 流转记录 entry keeps when it was sent),
   * the same SUBMIT with the same key while a worker runs. Returns what the retry saw.
   */
  async function submitRetriedAfterDue(dueInMs: number, deadlineMs: number) {
    const dueAt = new Date(Date.now() + dueInMs).toISOString();
    const plan = smallPlan({ measures: 1, dueAt });
    await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
    const service = new MeasureService(env.client);
    const ref = { planId: plan.id, measureId: '2.1' };
    await withWorker(env, () => service.send(ref, `dept:${LEAD}`, { type: 'START' }));
    const sending = Date.now();
    const submit = service.send(ref, `dept:${LEAD}`, { type: 'SUBMIT' }, { updateId: 'submit-1', deadlineMs });
    await expect(submit).rejects.toMatchObject({ kind: 'pending' });
    await sleepUntil(Math.max(Date.parse(dueAt), sending + 1500) + 500);
    return withWorker(env, async () => {
      const view = await service.send(ref, `dept:${LEAD}`, { type: 'SUBMIT' }, { updateId: 'submit-1' });
      const submits = (await service.timeline(ref)).filter((e) => e.type === 'SUBMIT');
      expect(view.state).toBe('submitted');
      expect(submits, 'applied once').toHaveLength(1);
      expect(submits[0]!.sentAt, "the first send's time").toBeDefined();
      const [sent, taken, due] = [Date.parse(submits[0]!.sentAt!), Date.parse(submits[0]!.at), Date.parse(dueAt)];
      expect(sent).toBeGreaterThanOrEqual(sending);
      expect(sent).toBeLessThan(sending + 1000);
      expect(taken).toBeGreaterThan(due);
      // Judged when sent, not when taken, and never as late as the workflow's own time would make it.
      expect(view.submitted?.lateMs).toBe(Math.max(0, sent - due));
      expect(view.submitted!.lateMs).toBeLessThan(taken - due);
    });
  }

  it('counts an event taken late by the workflow at the time the API received it: a SUBMIT in time is on time', async () => {
    // The SUBMIT waits in Temporal, sent before the due time (unless START took the whole 6 s), taken after it.
    await submitRetriedAfterDue(6000, 1500);
  }, 60_000);

  it("keeps the first send's time for a retry of an event Temporal never held (the caller gave up at once)", async () => {
    // A deadline already past: the client gives up before Temporal admits the update (or, rarely, just after — the
    // outcome is the same either way). Temporal keeps no unaccepted update durably, so the retry may be the first
    // it hears of the event; the service remembers when the event first arrived.
    await submitRetriedAfterDue(3000, 1);
  }, 60_000);
});

function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
}

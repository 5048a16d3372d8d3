/**
 * 缓办 on a real Temporal server and the real HTTP API, with a seconds-scale policy: the lead department asks over
 * HTTP, a 责任领导 approves; while paused the original due time passes with no reminder and no 催办 and the light is
 * grey; RESUME moves the due time by the paused time, and the ladder then fires on the new instants.
 */
import { describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/tokens';
import { resolvePolicy } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import type { MeasureView } from '../../src/measure';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { LEAD, LEADER, smallPlan } from './fixtures';
import { eventually, readOutbox, serveApi, type TestEnv, useTestEnv } from './harness';

interface OutboxLine {
  kind: string;
  workflowId: string;
  idempotencyKey: string;
}

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const lead = `dept:${LEAD}` as const;

describe('缓办 (pause)', () => {
  it('stays silent while paused and moves the due time and the ladder on RESUME', async () => {
    const due = Date.now() + 10_000;
    const plan = smallPlan({ dueAt: new Date(due).toISOString(), measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    // Calendar time throughout (no office working-day defaults): the pause shifts the due time by seconds here; the
    // working-day shift is the unit tests' (tests/unit/pause.test.ts).
    const policy = resolvePolicy({
      remindBefore: '3s',
      escalateAfter: '1h',
      acknowledgeWithin: 'off',
      verifyRemindAfter: '1h',
      verifyEscalateAfter: '1h',
    });
    const api = await serveApi(env);
    try {
      await startPlan(env.client, plan, policy, { taskQueue: env.taskQueue });
      await eventually(() => service.get(id));
      await service.send(id, lead, { type: 'START' });

      const asked = await fetch(`${api.base}/api/measures/${plan.id}/2.1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${devToken(lead, env.dataDir)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'REQUEST_PAUSE', reason: '等待上级批复用地指标' }),
      });
      expect(asked.status).toBe(200);
      expect(((await asked.json()) as MeasureView).pendingPause).toMatchObject({ by: lead });
      const refused = await fetch(`${api.base}/api/measures/${plan.id}/2.1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${devToken(lead, env.dataDir)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'APPROVE_PAUSE' }),
      });
      expect(refused.status).toBe(403);

      const paused = await service.send(id, `leader:${LEADER}`, { type: 'APPROVE_PAUSE', note: '同意缓办' });
      expect(paused).toMatchObject({ state: 'paused', light: 'grey' });
      // The update answers before the loop re-plans: the next step disappears right after.
      await eventually(async () => (await service.get(id)).nextStep === undefined);
      const rows = await eventually(async () => {
        const r = await service.list({ plan: plan.id, state: 'paused', light: 'grey' });
        return r.items.length === 1 && r.items;
      });
      expect(rows[0]?.workflowId).toBe(id);

      // The original due time passes: nothing is sent, nothing is recorded.
      await sleep(Math.max(0, due + 1_500 - Date.now()));
      expect(readOutbox<OutboxLine>(env, id)).toEqual([]);
      const quiet = await env.client.workflow.getHandle(id).query<Array<{ type: string }>>('timeline');
      expect(quiet.map((e) => e.type)).toEqual(['START', 'REQUEST_PAUSE', 'APPROVE_PAUSE']);
      expect(await service.get(id)).toMatchObject({ state: 'paused', light: 'grey', escalation: 0 });

      const resumed = await service.send(id, lead, { type: 'RESUME' });
      const pause = resumed.pauses?.[0];
      expect(pause).toBeDefined();
      const shift = Date.parse(pause!.resumedAt) - Date.parse(pause!.pausedAt);
      const newDue = due + shift;
      expect(pause!.shift).toEqual({ ms: shift });
      // The original due time fell inside the pause.
      expect(Date.parse(pause!.pausedAt)).toBeLessThan(due);
      expect(Date.parse(pause!.resumedAt)).toBeGreaterThan(due);
      expect(resumed).toMatchObject({ state: 'in_progress', light: 'green', originalDueAt: plan.defaultDueAt });
      expect(Date.parse(resumed.dueAt!)).toBe(newDue);
      expect(resumed.extensions).toEqual([]);
      const next = await eventually(async () => (await service.get(id)).nextStep);
      expect(next).toEqual({ kind: 'remind', at: new Date(newDue - 3_000).toISOString() });

      const lines = await eventually(() => {
        const out = readOutbox<OutboxLine>(env, id);
        return out.length >= 2 && out;
      }, 20_000);
      expect(lines.map((l) => l.idempotencyKey)).toEqual([
        `${id}/remind:0:${newDue - 3_000}`,
        `${id}/overdue:1:${newDue}`,
      ]);
      expect(await service.get(id)).toMatchObject({ light: 'red', escalation: 1 });
      await service.send(id, 'coordinator', { type: 'CANCEL', reason: '测试结束' });
    } finally {
      await api.close();
    }
  });
});

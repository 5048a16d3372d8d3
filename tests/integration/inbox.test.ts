/**
 * 我的待办 when a measure's worker is gone: its query is bounded on its own, the inbox lists what answered and says
 * how many did not, instead of holding the page until the request's deadline (real dev server, real workers).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import type { Plan } from '../../src/domain/plan';
import { startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { INBOX_QUERY_DEADLINE_MS, loadInbox } from '../../src/web/inbox';
import { inboxPage } from '../../src/web/pages/inbox-page';
import { smallPlan } from './fixtures';
import { eventually, type TestEnv, useTestEnv, withWorker } from './harness';

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

// A department no other test file names, so the inbox below holds exactly this file's measures.
const UNIT = `测试独有单位${process.pid}${Date.now() % 100_000}`;

function planFor(unit: string): Plan {
  const plan = smallPlan({ measures: 1 });
  plan.indicators[0]!.lead = [unit];
  plan.indicators[0]!.measures[0]!.lead = [unit];
  return plan;
}

describe('我的待办 with a measure whose worker is gone', () => {
  it('lists the measures that answer and counts the one that does not, within its own deadline', async () => {
    // Plan A runs on a task queue whose worker then stops: its queries will wait for a poller that never comes.
    const gone = planFor(UNIT);
    await withWorker(env, async () => {
      await startPlan(env.client, gone, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      await eventually(async () => (await service.get(`${gone.id}/2.1`)).state === 'assigned');
    });
    env.taskQueue = `${env.taskQueue}-live`;
    const live = planFor(UNIT);
    await withWorker(env, async () => {
      await startPlan(env.client, live, DEFAULT_POLICY, { taskQueue: env.taskQueue });
      await eventually(async () => (await service.listAll({ lead: UNIT })).length === 2);
      const started = Date.now();
      const inbox = await loadInbox(service, `dept:${UNIT}`);
      const took = Date.now() - started;
      expect(inbox.items.map((i) => [i.planId, i.measureId, i.tasks])).toEqual([
        [live.id, '2.1', expect.arrayContaining(['START'])],
      ]);
      expect(inbox).toMatchObject({ candidates: 2, truncated: false, unanswered: 1 });
      // Bounded by the measure's own deadline (the server may also refuse the query sooner: no worker polls).
      expect(took).toBeLessThan(INBOX_QUERY_DEADLINE_MS + 8_000);
      const html = inboxPage(`dept:${UNIT}`, inbox, { directory: { plans: [], departments: [], leaders: [] } });
      expect(html).toContain('另有 1 项措施暂未响应');
    });
  });
});

/**
 * 定期报送 on a real Temporal server with a seconds-scale cadence: a period that ends without a progress report is a
 * 漏报 — a MISSED_REPORT in the timeline and a notice to the lead department; a report made in the period satisfies
 * it.
 */
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { LEAD, smallPlan } from './fixtures';
import { eventually, readOutbox, type TestEnv, useTestEnv, withWorker } from './harness';

interface OutboxLine {
  kind: string;
  workflowId: string;
  idempotencyKey: string;
  to: Array<{ role: string; name: string }>;
}

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

const lead = `dept:${LEAD}` as const;

describe('定期报送 and 漏报', () => {
  it('records a 漏报 for a period without a report, and none for a period with one', async () => {
    const plan = smallPlan({ measures: 1 }); // due in 2099: only the reporting cadence is near
    const id = measureWorkflowId(plan.id, '2.1');
    await withWorker(env, async () => {
      await startPlan(env.client, plan, resolvePolicy({ reports: { every: '4s' } }), { taskQueue: env.taskQueue });
      await eventually(() => service.get(id));
      const started = Date.parse((await service.send(id, lead, { type: 'START' })).started!.at);
      const missed = () => readOutbox<OutboxLine>(env, id).filter((l) => l.kind === 'report_missed');

      // Period 1 [start, +4 s) passes without a report: 漏报.
      const [first] = await eventually(() => missed().length >= 1 && missed(), 10_000);
      expect(first?.idempotencyKey).toBe(`${id}/report_missed:1:${started + 4_000}`);
      expect(first?.to).toEqual([{ role: 'dept', name: LEAD }]);
      // A report in period 2 [+4 s, +8 s) satisfies it; period 3 [+8 s, +12 s) has none again.
      await service.send(id, lead, { type: 'REPORT_PROGRESS', percent: 30, note: '本周进展' });
      expect(Date.now()).toBeLessThan(started + 8_000);
      const lines = await eventually(() => missed().length >= 2 && missed(), 15_000);
      expect(lines.map((l) => l.idempotencyKey)).toEqual([
        `${id}/report_missed:1:${started + 4_000}`,
        `${id}/report_missed:3:${started + 12_000}`,
      ]);

      const view = await service.get(id);
      expect(view.missedReports).toBe(2);
      const timeline = await env.client.workflow
        .getHandle(id)
        .query<Array<{ type: string; actor: string }>>('timeline');
      expect(timeline.filter((e) => e.type === 'MISSED_REPORT').map((e) => e.actor)).toEqual(['system', 'system']);
      await service.send(id, 'coordinator', { type: 'CANCEL', reason: '测试结束' });
    });
  });
});

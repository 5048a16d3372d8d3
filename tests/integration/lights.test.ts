/**
 * Graded lights on a real Temporal server with a seconds-scale plan: green → yellow at half the span left → orange
 * at a quarter left (the lead department and the leaders are warned) → red at the due time, each change on time,
 * in the view, in DubanLight and in the outbox.
 */
import { describe, expect, it } from 'vitest';
import type { Light } from '../../src/domain/events';
import { resolvePolicy } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { LEAD, LEADER, smallPlan } from './fixtures';
import { eventually, readOutbox, type TestEnv, useTestEnv, withWorker } from './harness';

interface OutboxLine {
  kind: string;
  light: string;
  workflowId: string;
  to: Array<{ role: string; name: string }>;
}

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

const SPAN = 20_000;

describe('graded lights', () => {
  it('goes green → yellow → orange → red at the policy’s shares of the span, warning the leaders at orange', async () => {
    const due = Date.now() + SPAN;
    const plan = smallPlan({ dueAt: new Date(due).toISOString(), measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    const policy = resolvePolicy({ lights: { yellow: 0.5, orange: 0.25 }, escalateAfter: '1h' });
    await withWorker(env, async () => {
      await startPlan(env.client, plan, policy, { taskQueue: env.taskQueue });
      const seen: Array<{ light: Light; at: number }> = [];
      const orangeListed = { done: false };
      await eventually(async () => {
        const view = await service.get(id);
        if (seen.at(-1)?.light !== view.light) seen.push({ light: view.light, at: Date.now() });
        if (view.light === 'orange' && !orangeListed.done) {
          const rows = await service.list({ plan: plan.id, light: 'orange' });
          orangeListed.done = rows.items.some((r) => r.workflowId === id);
        }
        return view.light === 'red';
      }, SPAN + 10_000);

      expect(seen.map((s) => s.light)).toEqual(['green', 'yellow', 'orange', 'red']);
      const assignedAt = Date.parse((await service.get(id)).assignedAt);
      const span = due - assignedAt;
      // Each change seen within 3 s of its instant (polling, visibility and worker latency), never before it.
      const expected = [due - span / 2, due - span / 4, due];
      seen.slice(1).forEach((s, i) => {
        expect(s.at).toBeGreaterThanOrEqual(expected[i]! - 5);
        expect(s.at).toBeLessThan(expected[i]! + 3_000);
      });
      expect(orangeListed.done).toBe(true);

      const lines = await eventually(() => {
        const out = readOutbox<OutboxLine>(env, id);
        return out.length >= 3 && out;
      });
      expect(lines.map((l) => [l.kind, l.light])).toEqual([
        ['remind', 'yellow'],
        ['warn', 'orange'],
        ['overdue', 'red'],
      ]);
      const names = (l: OutboxLine | undefined) => (l?.to ?? []).map((r) => `${r.role}:${r.name}`);
      expect(names(lines[1])).toEqual([`dept:${LEAD}`, `leader:${LEADER}`]);
      expect(await eventually(async () => (await service.list({ plan: plan.id, light: 'red' })).items.length)).toBe(1);
      await service.send(id, 'coordinator', { type: 'CANCEL', reason: '测试结束' });
    });
  });
});

/**
 * 签收 on a real Temporal server with a seconds-scale policy: a measure nobody STARTs within the time is 催办'd to
 * the lead department, then the lead department and the leaders; START (签收) ends the ladder.
 */
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { LEAD, LEADER, smallPlan } from './fixtures';
import { eventually, readOutbox, type TestEnv, useTestEnv, withWorker } from './harness';

interface OutboxLine {
  kind: string;
  workflowId: string;
  to: Array<{ role: string; name: string }>;
}

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = (line: OutboxLine | undefined) => (line?.to ?? []).map((r) => `${r.role}:${r.name}`).sort();

describe('签收 deadline', () => {
  it('催办s an unacknowledged measure, widens to the leaders, and stops at START', async () => {
    const plan = smallPlan({ measures: 1 }); // due in 2099: only the 签收 ladder is near
    const id = measureWorkflowId(plan.id, '2.1');
    await withWorker(env, async () => {
      await startPlan(env.client, plan, resolvePolicy({ acknowledgeWithin: '2s' }), { taskQueue: env.taskQueue });
      const acks = () => readOutbox<OutboxLine>(env, id).filter((l) => l.kind === 'acknowledge_remind');
      const [first, second] = await eventually(() => acks().length >= 2 && acks(), 20_000);
      expect(names(first)).toEqual([`dept:${LEAD}`]);
      expect(names(second)).toEqual([`dept:${LEAD}`, `leader:${LEADER}`].sort());
      const timeline = await env.client.workflow
        .getHandle(id)
        .query<Array<{ type: string; detail?: string }>>('timeline');
      expect(timeline.filter((e) => e.type === 'REMIND').map((e) => e.detail)).toEqual([
        expect.stringMatching(/^acknowledge_remind:1:/),
        expect.stringMatching(/^acknowledge_remind:2:/),
      ]);

      await service.send(id, `dept:${LEAD}`, { type: 'START' });
      const count = acks().length;
      await sleep(4500);
      expect(acks()).toHaveLength(count);
      expect((await service.get(id)).nextStep?.kind).not.toBe('acknowledge_remind');
      await service.send(id, 'coordinator', { type: 'CANCEL', reason: '测试结束' });
    });
  });
});

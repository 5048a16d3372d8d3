/**
 * Working days on a real Temporal server: the workflow sandbox loads the bundled PRC holiday data and lays a
 * working-day policy on it. A dev server cannot wait for days, so the instants are read where the workflow
 * publishes them — the next step in the snapshot, the key of a step it fired — rather than waited for.
 */
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { addWorkdaysAt, policyCalendar, shanghaiDate } from '../../src/measure';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { LEAD, smallPlan } from './fixtures';
import { eventually, readOutbox, type TestEnv, useTestEnv, withWorker } from './harness';

let env: TestEnv;
let service: MeasureService;
useTestEnv((ctx) => ({ env, service } = ctx));

const DAY = 86_400_000;
const lead = `dept:${LEAD}` as const;

/** "YYYY-MM-DDT17:00:00+08:00", `days` calendar days from today in Beijing. */
function beijingFivePm(days: number): string {
  return `${shanghaiDate(Date.now() + days * DAY)}T17:00:00+08:00`;
}

describe('a policy in working days, in the workflow', () => {
  it('asks 签收 within a working day, reminds on working days around a plan’s extra day off, and gives verification 5 working days (the office defaults)', async () => {
    const dueIso = beijingFivePm(12);
    const due = Date.parse(dueIso);
    // The working day just before the due date becomes a day off for this plan only.
    const dayOff = shanghaiDate(addWorkdaysAt(policyCalendar(resolvePolicy()), due, -1));
    // 签收 and verification come from the office defaults (1 and 5 working days), not from the plan.
    const policy = resolvePolicy({ remindBefore: '2wd', calendar: { holidays: [dayOff] } });
    const calendar = policyCalendar(policy);
    const plan = smallPlan({ dueAt: dueIso, measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    await withWorker(env, async () => {
      await startPlan(env.client, plan, policy, { taskQueue: env.taskQueue });
      const assigned = await eventually(async () => {
        const v = await service.get(id);
        return v.nextStep && v;
      });
      expect(assigned.nextStep!.kind).toBe('acknowledge_remind');
      expect(Date.parse(assigned.nextStep!.at)).toBe(addWorkdaysAt(calendar, Date.parse(assigned.assignedAt), 1));

      await service.send(id, lead, { type: 'START' });
      const view = await eventually(async () => {
        const v = await service.get(id);
        return v.nextStep?.kind === 'remind' && v;
      });
      const remind = Date.parse(view.nextStep!.at);
      expect(view.nextStep!.kind).toBe('remind');
      expect(remind).toBe(addWorkdaysAt(calendar, due, -2));
      expect(calendar.isWorkday(shanghaiDate(remind))).toBe(true);
      expect(shanghaiDate(remind)).not.toBe(dayOff);
      expect(remind).toBeLessThanOrEqual(due - 3 * DAY); // the day off and any weekend do not count
      expect(new Date(remind).toISOString().slice(11, 16)).toBe('09:00'); // 17:00 Beijing, like the due time
      expect(view.light).toBe('green');

      const submitted = await service.send(id, lead, { type: 'SUBMIT' });
      const verify = await eventually(async () => {
        const v = await service.get(id);
        return v.nextStep?.kind === 'verify_remind' && v.nextStep;
      });
      expect(Date.parse(verify.at)).toBe(addWorkdaysAt(calendar, Date.parse(submitted.submitted!.at), 5));
      await service.send(id, 'coordinator', { type: 'CANCEL', reason: '测试结束' });
    });
  });

  it('counts 国庆 2024 from the bundled data: a measure due before it escalates after it', async () => {
    // Due Monday 2024-09-30 17:00, escalated 2 working days later: Oct 8 and 9, not Oct 2 (国庆, Oct 1–7 off).
    const plan = smallPlan({ dueAt: '2024-09-30T17:00:00+08:00', measures: 1 });
    const id = measureWorkflowId(plan.id, '2.1');
    const policy = resolvePolicy({ escalateAfter: '2wd', repeatEvery: '2000wd' });
    await withWorker(env, async () => {
      await startPlan(env.client, plan, policy, { taskQueue: env.taskQueue });
      // Imported long after: the ladder collapses into its latest step, which names its instant in its key.
      const line = await eventually(() => outbox(id).find((l) => l.kind === 'escalate'), 20_000);
      expect(line.idempotencyKey).toBe(`${id}/escalate:2:${Date.parse('2024-10-09T17:00:00+08:00')}`);
      const view = await service.get(id);
      expect(view).toMatchObject({ light: 'red', escalation: 2 });
      await service.send(id, 'coordinator', { type: 'CANCEL', reason: '测试结束' });
    });
  });
});

interface OutboxLine {
  kind: string;
  idempotencyKey: string;
  workflowId: string;
}

function outbox(workflowId: string): OutboxLine[] {
  return readOutbox<OutboxLine>(env, workflowId);
}

/**
 * The escalation ladder on the production cluster with a seconds-scale policy (like seeds/demo-escalation.json),
 * imported as a plan file through the API: reminder, overdue and escalation reach the outbox once each, in order
 * and on time, with the light and level in SQL visibility; after SUBMIT the verification SLA reminds the
 * supervision group, then the coordinator; closing stops everything.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-return --
   response bodies are untyped JSON off the wire; the assertions are what check their shape */
import { describe, expect, it } from 'vitest';
import { call, duplicateNotices, eventually, figures, outbox, type OutboxLine } from './harness';
import { CALENDAR_TIME } from '../support/calendar-time';

const PLAN = 'cluster-ladder';
const LEAD = '自然资源规划建设局';
const LEADER = '张立鹏';
const SUPERVISORS = ['纪工委', '组织和人事局', '行政审批服务局'];
const COORDINATOR = '行政审批服务局';
const DUE_IN_S = 12;
const STEP_S = 5;

const plan = {
  id: PLAN,
  title: '督办集群测试：逾期升级',
  issuer: 'duban cluster suite',
  dueIn: `${DUE_IN_S}s`,
  supervisors: SUPERVISORS,
  coordinator: COORDINATOR,
  policy: {
    ...CALENDAR_TIME,
    remindBefore: `${STEP_S}s`,
    escalateAfter: `${STEP_S}s`,
    repeatEvery: '1h',
    verifyRemindAfter: '3s',
    verifyEscalateAfter: '3s',
    progressEvery: '1h',
  },
  indicators: [
    {
      code: 2,
      name: '办理建筑许可',
      leaders: [LEADER],
      lead: LEAD,
      support: ['经济发展局'],
      measures: [{ text: '降低项目投资成本。取消建设单位委托施工图审查。' }, { text: '推广工程质量潜在缺陷保险。' }],
    },
  ],
};

const who = (line: OutboxLine | undefined) => (line?.to ?? []).map((r) => `${r.role}:${r.name}`).sort();

describe('the escalation ladder on the production cluster', () => {
  it('reminds, marks overdue and escalates once each, in order and on time; then the verification SLA', async () => {
    const imported = await call('POST', '/api/plans', { as: 'coordinator', json: plan });
    expect(imported.status).toBe(201);
    expect(imported.body.started).toBe(2);
    const due = Date.parse(imported.body.measures[0].dueAt as string);
    const ids: string[] = imported.body.measures.map((m: { workflowId: string }) => m.workflowId);

    const ladders = await eventually(
      'remind, overdue and escalate for both measures',
      () => {
        const lines = outbox({ planId: PLAN });
        const per = ids.map((id) => lines.filter((l) => l.workflowId === id));
        return per.every((l) => l.length >= 3) && per;
      },
      (DUE_IN_S + STEP_S + 30) * 1000,
    );
    for (const lines of ladders) {
      expect(lines.map((l) => [l.kind, l.level, l.light])).toEqual([
        ['remind', 0, 'yellow'],
        ['overdue', 1, 'red'],
        ['escalate', 2, 'red'],
      ]);
      expect(who(lines[0])).toEqual([`dept:${LEAD}`]);
      expect(who(lines[1])).toEqual([`dept:${LEAD}`, `leader:${LEADER}`].sort());
      expect(who(lines[2])).toEqual(
        [
          ...SUPERVISORS.filter((s) => s !== COORDINATOR).map((s) => `supervisor:${s}`),
          `supervisor:${COORDINATOR}`,
          `coordinator:${COORDINATOR}`,
        ].sort(),
      );
      // Timers are durable server-side timers: never early (a little late is allowed on a busy machine).
      expect(Date.parse(lines[0]!.time)).toBeGreaterThanOrEqual(due - STEP_S * 1000);
      expect(Date.parse(lines[1]!.time)).toBeGreaterThanOrEqual(due);
      expect(Date.parse(lines[2]!.time)).toBeGreaterThanOrEqual(due + STEP_S * 1000);
    }

    // SQL visibility shows the light and the level (it lags: poll).
    const red = await eventually('both measures red at level 2 in visibility', async () => {
      const res = await call('GET', `/api/measures?plan=${PLAN}&light=red&escalation=2`, { as: 'supervisor' });
      return res.body.items?.length === 2 && res.body.items;
    });
    expect(red.map((m: { lead: string[] }) => m.lead)).toEqual([[LEAD], [LEAD]]);
    const summary = await eventually('the plan summary counts both as escalated', async () => {
      const res = await call('GET', `/api/plans/${PLAN}`, { as: 'supervisor' });
      return res.body.escalated === 2 && res.body;
    });
    expect(summary).toMatchObject({ total: 2, overdue: 2, escalated: 2 });

    // Submitted late: the ladder stops, the verification SLA starts (supervision group, then the coordinator).
    const [first] = ids;
    const url = `/api/measures/${first!.replace(/^duban\//, '')}`;
    for (const event of [{ type: 'START' }, { type: 'SUBMIT', note: '已整改' }]) {
      const res = await call('POST', `${url}/events`, { as: `dept:${LEAD}`, json: event });
      expect(res.status).toBe(200);
    }
    const verifyLines = await eventually(
      'verify_remind and verify_escalate',
      () => {
        const lines = outbox({ planId: PLAN }).filter((l) => l.workflowId === first && l.kind.startsWith('verify_'));
        return lines.length >= 2 && lines;
      },
      30_000,
    );
    expect(verifyLines.map((l) => l.kind)).toEqual(['verify_remind', 'verify_escalate']);
    expect(who(verifyLines[1])).toContain(`coordinator:${COORDINATOR}`);
    for (const event of [{ type: 'VERIFY' }, { type: 'CLOSE' }]) {
      const res = await call('POST', `${url}/events`, { as: 'supervisor', json: event });
      expect(res.status).toBe(200);
    }
    const second = ids[1]!.replace(/^duban\//, '');
    const cancel = { type: 'CANCEL', reason: '测试结束' };
    expect((await call('POST', `/api/measures/${second}/events`, { as: 'coordinator', json: cancel })).status).toBe(
      200,
    );

    const notices = outbox({ planId: PLAN });
    expect(duplicateNotices(notices)).toEqual([]);
    expect(notices).toHaveLength(8);
    figures('ladder', { measures: 2, notices: notices.length, duplicates: 0 });
  });
});

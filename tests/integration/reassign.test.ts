/**
 * 改派 and 转办 over real HTTP against the real Temporal dev server with a worker: permissions follow the new units
 * at once, DubanLead/DubanSupport follow in visibility, the timeline says who, why and from → to.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON off the wire */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { loadInbox } from '../../src/web/inbox';
import { eventually, readOutbox, type ServedApi, type TestEnv, useServedApi } from './harness';
import { LEAD, smallPlan, SUPPORT } from './fixtures';

const NEW = '住房和城乡建设局';

let env: TestEnv;
let service: MeasureService;
let post: ServedApi['post'];
useServedApi((api) => ({ env, service, post } = api));

interface Notice {
  kind: string;
  workflowId: string;
  measureId: string;
  to: Array<{ role: string; name: string }>;
  summary?: string;
}
/** The notices of one kind the worker wrote for a plan's measures (the outbox channel of the test worker). */
const noticesOf = (kind: string, planId: string) =>
  readOutbox<Notice>(env).filter((n) => n.kind === kind && n.workflowId.includes(planId));

async function importPlan(measures = 1) {
  const plan = smallPlan({ measures });
  await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
  return plan.id;
}

describe('改派 (REASSIGN)', () => {
  it('moves the lead: the old lead is refused, the new one acts, visibility and the timeline follow', async () => {
    const planId = await importPlan();
    const events = `/api/measures/${planId}/2.1/events`;
    expect((await post(events, `dept:${LEAD}`, { type: 'START' })).status).toBe(200);

    const byDept = await post(events, `dept:${LEAD}`, { type: 'REASSIGN', lead: [NEW], reason: '自行改派' });
    expect(byDept.status).toBe(403);
    const empty = await post(events, 'supervisor', { type: 'REASSIGN', reason: '空' });
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toMatch(/lead/);

    const moved = await post(events, 'supervisor', {
      type: 'REASSIGN',
      lead: [NEW],
      support: [SUPPORT, LEAD],
      reason: '机构改革，职责划转',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ lead: [NEW], support: [SUPPORT, LEAD], state: 'in_progress' });
    expect(moved.body.allowed).toContain('REASSIGN');

    const oldLead = await post(events, `dept:${LEAD}`, { type: 'SUBMIT' });
    expect(oldLead.status).toBe(403);
    // The old lead now supports: it may still report progress, as a 配合部门 may.
    expect((await post(events, `dept:${LEAD}`, { type: 'REPORT_PROGRESS', percent: 20 })).status).toBe(200);
    expect((await post(events, `dept:${NEW}`, { type: 'SUBMIT' })).status).toBe(200);

    const found = await eventually(async () => {
      const rows = await service.listAll({ plan: planId, lead: NEW });
      return rows.length ? rows : undefined;
    });
    expect(found[0]).toMatchObject({ lead: [NEW], support: [SUPPORT, LEAD] });
    expect(await service.listAll({ plan: planId, lead: LEAD })).toEqual([]);

    // The units newly given the measure are told, once: the new lead (the old lead, now support, already knew it).
    const told = await eventually(() => noticesOf('reassigned', planId)[0]);
    expect(told.to).toEqual([{ role: 'dept', name: NEW }]);
    expect(told.summary).toBe(`牵头部门：${NEW}。理由：机构改革，职责划转`);
    expect(noticesOf('reassigned', planId)).toHaveLength(1);

    const timeline = await service.timeline(`${planId}/2.1`);
    expect(timeline.find((e) => e.type === 'REASSIGN')).toMatchObject({
      actor: 'supervisor',
      detail: `牵头部门 ${LEAD} → ${NEW}；配合部门 ${SUPPORT} → ${SUPPORT}、${LEAD}: 机构改革，职责划转`,
    });
  });
});

describe('转办 (TRANSFER_REQUEST → ACCEPT / REFUSE)', () => {
  const receiver = `dept:${NEW}` as const;

  it('the receiving unit finds it in its inbox, accepts, and leads; the old lead is refused', async () => {
    const planId = await importPlan();
    const events = `/api/measures/${planId}/2.1/events`;
    // Still 已交办: the lead hands it on before 签收.
    const asked = await post(events, `dept:${LEAD}`, { type: 'TRANSFER_REQUEST', to: NEW, reason: '不属于本单位职责' });
    expect(asked.status).toBe(200);
    expect(asked.body.pendingTransfer).toMatchObject({ to: NEW, by: `dept:${LEAD}` });
    // The receiving unit is asked to accept or refuse.
    const request = await eventually(() => noticesOf('transfer_request', planId)[0]);
    expect(request).toMatchObject({ measureId: '2.1', to: [{ role: 'dept', name: NEW }] });
    expect(request.summary).toBe(`${LEAD}申请转办至${NEW}。理由：不属于本单位职责`);

    const inbox = await eventually(async () => {
      const box = await loadInbox(service, receiver, planId);
      return box.items.length ? box : undefined;
    });
    expect(inbox.items.map((i) => [i.measureId, i.tasks])).toEqual([['2.1', ['TRANSFER_ACCEPT', 'TRANSFER_REFUSE']]]);

    const accepted = await post(events, receiver, { type: 'TRANSFER_ACCEPT', note: '已接收' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ lead: [NEW], support: [SUPPORT], state: 'assigned' });
    expect(accepted.body.allowed).toContain('START');
    expect((await post(events, `dept:${LEAD}`, { type: 'START' })).status).toBe(403);
    expect((await post(events, receiver, { type: 'START' })).status).toBe(200);

    const row = await eventually(async () => (await service.listAll({ plan: planId, lead: NEW }))[0]);
    expect(row).toMatchObject({ lead: [NEW], support: [SUPPORT] });
    const handed = await eventually(() => noticesOf('transferred', planId)[0]);
    expect(handed.to).toEqual([{ role: 'dept', name: NEW }]);
  });

  it('refused by the receiving unit: nothing changes, and it leaves the receiver’s listing', async () => {
    const planId = await importPlan();
    const events = `/api/measures/${planId}/2.1/events`;
    await post(events, `dept:${LEAD}`, { type: 'START' });
    await post(events, `dept:${LEAD}`, { type: 'TRANSFER_REQUEST', to: NEW, reason: '建议转办' });
    await eventually(async () => (await service.listAll({ plan: planId, support: NEW })).length > 0);

    const other = await post(events, `dept:${SUPPORT}`, { type: 'TRANSFER_REFUSE', reason: '不是我' });
    expect(other.status).toBe(403);
    const refused = await post(events, receiver, { type: 'TRANSFER_REFUSE', reason: '非本局职能' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ lead: [LEAD], support: [SUPPORT] });
    expect(refused.body.pendingTransfer).toBeUndefined();
    await eventually(async () => (await service.listAll({ plan: planId, support: NEW })).length === 0);
    expect((await loadInbox(service, receiver, planId)).items).toEqual([]);
    const timeline = await service.timeline(`${planId}/2.1`);
    expect(timeline.slice(-2).map((e) => [e.type, e.actor, e.detail])).toEqual([
      ['TRANSFER_REQUEST', `dept:${LEAD}`, `→ ${NEW}: 建议转办`],
      ['TRANSFER_REFUSE', receiver, '非本局职能'],
    ]);
  });
});

/**
 * 改派 and 转办 over real HTTP against the real Temporal dev server with a worker: permissions follow the new units
 * at once, DubanLead/DubanSupport follow in visibility, the timeline says who, why and from → to.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON off the wire */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/tokens';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import { MeasureService } from '../../src/service/measures';
import { eventually, serveApi, testEnv, type TestEnv } from './harness';
import { LEAD, smallPlan, SUPPORT } from './fixtures';

const NEW = '住房和城乡建设局';

let env: TestEnv;
let service: MeasureService;
let server: Awaited<ReturnType<typeof serveApi>>;

beforeAll(async () => {
  env = await testEnv();
  service = new MeasureService(env.client);
  server = await serveApi(env);
});
afterAll(async () => {
  await server?.close();
  await env?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked field by field
async function post(url: string, actor: string, json: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.base}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${devToken(actor, env.dataDir)}`, 'content-type': 'application/json' },
    body: JSON.stringify(json),
  });
  return { status: res.status, body: await res.json() };
}

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

    const timeline = await service.timeline(`${planId}/2.1`);
    expect(timeline.find((e) => e.type === 'REASSIGN')).toMatchObject({
      actor: 'supervisor',
      detail: `牵头部门 ${LEAD} → ${NEW}；配合部门 ${SUPPORT} → ${SUPPORT}、${LEAD}: 机构改革，职责划转`,
    });
  });
});

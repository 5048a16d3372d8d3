/**
 * 分解 over real HTTP against the real Temporal dev server with a worker: a measure split into three parts for three
 * departments starts three child measures; each department acts on its part only; the parent's SUBMIT is refused
 * while parts are open and rolls up 1/3, 2/3, 3/3 as they are verified; a late part escalates to its unit, then
 * (level 2) to the parent's lead; CLOSE_SPLIT lets the parent be handed in with a part open; the CLI splits too.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON off the wire */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/domain/plan';
import { DEFAULT_POLICY, type EscalationPolicy } from '../../src/domain/policy';
import { measureInputs, measureStartOptions, startOne, startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { loadInbox } from '../../src/web/inbox';
import { eventually, readOutbox, runCli, type ServedApi, type TestEnv, useServedApi } from './harness';
import { COORDINATOR, LEAD, LEADER, secondsPolicy, smallPlan, SUPERVISORS } from './fixtures';

const UNITS = ['住房和城乡建设局', '市场监督管理局', '生态环境分局'];

let env: TestEnv;
let service: MeasureService;
let post: ServedApi['post'];
let get: ServedApi['get'];
useServedApi((api) => ({ env, service, post, get } = api));

interface OutboxLine {
  kind: string;
  level: number;
  workflowId: string;
  to: Array<{ role: string; name: string }>;
}

/** A plan whose measure 2.2 names the three units as 配合部门, so the plan knows them as departments. */
async function importPlan(policy: EscalationPolicy = DEFAULT_POLICY): Promise<Plan> {
  const plan = smallPlan({ measures: 2 });
  plan.indicators[0]!.measures[1]!.support = UNITS;
  await startPlan(env.client, plan, policy, { taskQueue: env.taskQueue });
  // The units are checked against the plan's listing (visibility): wait until it shows both measures.
  await eventually(async () => (await service.listAll({ plan: plan.id })).length === 2);
  return plan;
}

const lead = `dept:${LEAD}`;
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describe('分解 (SPLIT)', () => {
  it('three parts: each unit acts on its own, the parent rolls up 1/3 → 3/3 and may then be handed in', async () => {
    const plan = await importPlan();
    const parentId = measureWorkflowId(plan.id, '2.1');
    const events = (id: string) => `/api/measures/${plan.id}/${id}/events`;
    expect((await post(events('2.1'), lead, { type: 'START' })).status).toBe(200);

    const parts = UNITS.map((unit, i) => ({ title: `第${i + 1}片区整治`, unit }));
    const unknown = await post(events('2.1'), lead, { type: 'SPLIT', parts: [{ title: 'x', unit: '不存在的局' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toMatch(/^event\.parts\[0\]\.unit: 不存在的局 is not a department of plan/);
    expect((await post(events('2.1'), `dept:${UNITS[0]}`, { type: 'SPLIT', parts })).status).toBe(403);

    const split = await post(events('2.1'), lead, { type: 'SPLIT', parts, note: '按片区分解' });
    expect(split.status).toBe(200);
    const made = split.body.split.parts as Array<{ measureId: string; unit: string }>;
    expect(made.map((p) => [p.measureId, p.unit])).toEqual(UNITS.map((unit, i) => [`2.1:p${i + 1}`, unit]));
    expect(split.body.rollUp).toEqual({ done: 0, total: 3, share: 0 });

    // The parts are measures of their own, findable by DubanParent, led by their units.
    const listed = await eventually(async () => {
      const rows = await service.listAll({ parent: parentId });
      return rows.length === 3 ? rows : undefined;
    });
    expect(listed.map((r) => [r.workflowId, r.lead, r.parent]).sort()).toEqual(
      UNITS.map((unit, i) => [`${parentId}:p${i + 1}`, [unit], parentId]),
    );
    // In its unit's 我的待办 (to 签收); 分解 itself is a power, never a task: the coordinator finds nothing waiting.
    const box = await eventually(async () => {
      const inbox = await loadInbox(service, `dept:${UNITS[0]}`, plan.id);
      return inbox.items.length ? inbox : undefined;
    });
    expect(box.items.map((i) => [i.measureId, i.tasks])).toEqual([['2.1:p1', ['START', 'REQUEST_EXTENSION']]]);
    expect((await loadInbox(service, 'coordinator', plan.id)).items).toEqual([]);
    const part1 = await service.get(`${plan.id}/2.1:p1`);
    expect(part1).toMatchObject({
      measureId: '2.1:p1',
      lead: [UNITS[0]],
      leaders: [LEADER],
      parent: { workflowId: parentId },
    });

    // Each unit acts on its part, not on another's, not on the parent.
    expect((await post(events('2.1:p2'), `dept:${UNITS[0]}`, { type: 'START' })).status).toBe(403);
    expect((await post(events('2.1'), `dept:${UNITS[0]}`, { type: 'SUBMIT' })).status).toBe(403);

    const refused = await post(events('2.1'), lead, { type: 'SUBMIT' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/has 3 open part\(s\) \(分解\): 2\.1:p1 第1片区整治 \(住房和城乡建设局/);

    for (const [i, unit] of UNITS.entries()) {
      const id = `2.1:p${i + 1}`;
      expect((await post(events(id), `dept:${unit}`, { type: 'START' })).status).toBe(200);
      expect((await post(events(id), `dept:${unit}`, { type: 'REPORT_PROGRESS', percent: 100 })).status).toBe(200);
      expect((await post(events(id), `dept:${unit}`, { type: 'SUBMIT', note: '已完成' })).status).toBe(200);
      expect((await post(events(id), 'supervisor', { type: 'VERIFY', grade: '良好' })).status).toBe(200);
      const parent = await eventually(async () => {
        const view = await service.get(parentId);
        return view.rollUp?.done === i + 1 ? view : undefined;
      });
      expect(parent.rollUp).toMatchObject({ done: i + 1, total: 3 });
      expect(parent.split?.parts[i]).toMatchObject({ state: 'verified', light: 'green' });
    }

    const read = await get(`/api/measures/${plan.id}/2.1`, lead);
    expect(read.body.rollUp).toEqual({ done: 3, total: 3, share: 1 });
    expect(read.body.split.parts[2]).toMatchObject({ measureId: '2.1:p3', unit: UNITS[2], state: 'verified' });
    expect((await get(`/api/measures/${plan.id}/2.1:p3`, `dept:${UNITS[2]}`)).body).toMatchObject({
      state: 'verified',
      parent: { measureId: '2.1', lead: [LEAD] },
    });
    expect((await post(events('2.1'), lead, { type: 'SUBMIT' })).status).toBe(200);
    const timeline = await service.timeline(parentId);
    expect(timeline.find((e) => e.type === 'SPLIT')?.detail).toMatch(
      /^分解为 3 项: 2\.1:p1 第1片区整治（住房和城乡建设局/,
    );
    expect(timeline.filter((e) => e.type === 'PART_UPDATE').length).toBeGreaterThanOrEqual(3);
  });

  it('a late part escalates to its unit, then to the parent’s lead; CLOSE_SPLIT lets the parent submit', async () => {
    const policy = secondsPolicy({ remindBefore: '2s', escalateAfter: '3s', repeatEvery: '1h' });
    const plan = await importPlan(policy);
    const parentId = measureWorkflowId(plan.id, '2.1');
    const events = (id: string) => `/api/measures/${plan.id}/${id}/events`;
    const parts = [
      { title: '限期整改', unit: UNITS[0], dueAt: inSeconds(4) },
      { title: '长期整改', unit: UNITS[1] },
    ];
    expect((await post(events('2.1'), lead, { type: 'SPLIT', parts })).status).toBe(200); // while 已交办
    const partId = `${parentId}:p1`;
    const escalated = await eventually(() => {
      const lines = readOutbox<OutboxLine>(env, partId);
      return lines.some((l) => l.kind === 'escalate') ? lines : undefined;
    }, 30_000);
    const to = (kind: string) => escalated.find((l) => l.kind === kind)?.to.map((r) => `${r.role}:${r.name}`) ?? [];
    expect(to('remind')).toEqual([`dept:${UNITS[0]}`]);
    expect(to('overdue')).toEqual([`dept:${UNITS[0]}`, `leader:${LEADER}`]);
    expect(to('escalate')).toEqual([
      `dept:${LEAD}`,
      ...SUPERVISORS.map((s) => `supervisor:${s}`),
      `coordinator:${COORDINATOR}`,
    ]);
    // The part's unit hears first: remind and overdue before the escalation reaches the parent's lead.
    expect(escalated.map((l) => l.kind).slice(0, 3)).toEqual(['remind', 'overdue', 'escalate']);
    expect(readOutbox<OutboxLine>(env, parentId).filter((l) => l.kind === 'escalate')).toEqual([]);
    const parent = await eventually(async () => {
      const view = await service.get(parentId);
      return view.split?.parts[0]?.escalation === 2 ? view : undefined;
    });
    expect(parent.split?.parts[0]).toMatchObject({ state: 'assigned', light: 'red', escalation: 2 });

    expect((await post(events('2.1'), lead, { type: 'START' })).status).toBe(200);
    expect((await post(events('2.1'), lead, { type: 'SUBMIT' })).status).toBe(409);
    expect((await post(events('2.1'), 'coordinator', { type: 'CLOSE_SPLIT', reason: '并入下一阶段' })).status).toBe(
      403,
    );
    const closed = await post(events('2.1'), lead, { type: 'CLOSE_SPLIT', reason: '其余部分并入下一阶段' });
    expect(closed.status).toBe(200);
    expect(closed.body.split.closed).toMatchObject({ by: lead, reason: '其余部分并入下一阶段' });
    expect((await post(events('2.1'), lead, { type: 'SUBMIT' })).status).toBe(200);
    // The open parts run on as measures of their own.
    expect((await service.get(partId)).state).toBe('assigned');
  });

  it('the parent keeps its parts across continue-as-new, and parts still reach its new run', async () => {
    const plan = smallPlan({ measures: 2 });
    plan.indicators[0]!.measures[1]!.support = UNITS;
    const [first, second] = measureInputs(plan, DEFAULT_POLICY);
    // A low threshold for the parent (and so for its parts, which inherit it).
    await env.client.workflow.start(
      'measureWorkflow',
      measureStartOptions({ ...first!, maxHistoryEvents: 20 }, env.taskQueue),
    );
    await startOne(env.client, second!, env.taskQueue);
    await eventually(async () => (await service.listAll({ plan: plan.id })).length === 2);
    const parentId = measureWorkflowId(plan.id, '2.1');
    const firstRun = (await env.client.workflow.getHandle(parentId).describe()).runId;
    const events = (id: string) => `/api/measures/${plan.id}/${id}/events`;
    expect((await post(events('2.1'), lead, { type: 'START' })).status).toBe(200);
    const parts = UNITS.slice(0, 2).map((unit, i) => ({ title: `第${i + 1}项`, unit }));
    expect((await post(events('2.1'), lead, { type: 'SPLIT', parts })).status).toBe(200);
    for (let percent = 10; percent <= 80; percent += 10) {
      expect((await post(events('2.1'), lead, { type: 'REPORT_PROGRESS', percent })).status).toBe(200);
    }
    await eventually(async () => (await env.client.workflow.getHandle(parentId).describe()).runId !== firstRun);
    expect((await service.get(parentId)).split?.parts.map((p) => p.measureId)).toEqual(['2.1:p1', '2.1:p2']);

    const unit = `dept:${UNITS[0]}`;
    for (const body of [{ type: 'START' }, { type: 'SUBMIT' }]) {
      expect((await post(events('2.1:p1'), unit, body)).status).toBe(200);
    }
    expect((await post(events('2.1:p1'), 'supervisor', { type: 'VERIFY', grade: '合格' })).status).toBe(200);
    const rolled = await eventually(async () => {
      const view = await service.get(parentId);
      return view.rollUp?.done === 1 ? view : undefined;
    });
    expect(rolled.rollUp).toEqual({ done: 1, total: 2, share: 0.5 });
    // Started once: the new run did not start the parts again.
    // Started once each: the parent's new run started no part again (visibility also lists the runs a part itself
    // continued from, with its inherited low threshold).
    // (Visibility lags: a part's new run may show a moment after its old one closed.)
    const running = await eventually(async () => {
      const rows = (await service.listAll({ parent: parentId })).filter((r) => r.status === 'RUNNING');
      return rows.length >= 2 ? rows : undefined;
    });
    expect(running.map((r) => r.workflowId).sort()).toEqual([`${parentId}:p1`, `${parentId}:p2`]);
  });

  it('a 改派 of the parent reaches its open parts: their escalations go to the new lead, their timelines say so', async () => {
    const plan = await importPlan();
    const events = (id: string) => `/api/measures/${plan.id}/${id}/events`;
    const parts = UNITS.slice(0, 2).map((unit, i) => ({ title: `第${i + 1}段`, unit }));
    expect((await post(events('2.1'), lead, { type: 'SPLIT', parts })).status).toBe(200);
    await eventually(async () => (await service.listAll({ parent: measureWorkflowId(plan.id, '2.1') })).length === 2);
    // Part 2 is finished (verified and closed) before the parent changes hands: it is not told.
    for (const [actor, type] of [
      [`dept:${UNITS[1]}`, 'START'],
      [`dept:${UNITS[1]}`, 'SUBMIT'],
      ['supervisor', 'VERIFY'],
      ['supervisor', 'CLOSE'],
    ] as const) {
      expect((await post(events('2.1:p2'), actor, { type })).status).toBe(200);
    }
    await eventually(async () => (await service.get(`${plan.id}/2.1`)).split?.parts[1]?.state === 'closed');

    const NEW = '住房保障中心';
    const moved = await post(events('2.1'), 'supervisor', { type: 'REASSIGN', lead: [NEW], reason: '职责调整' });
    expect(moved.status).toBe(200);
    const part1 = await eventually(async () => {
      const view = await service.get(`${plan.id}/2.1:p1`);
      return view.parent?.lead[0] === NEW && view;
    });
    expect(part1.parent).toMatchObject({ lead: [NEW] });
    const told = (await service.timeline(`${plan.id}/2.1:p1`)).filter((e) => e.type === 'PARENT_LEAD');
    expect(told).toEqual([expect.objectContaining({ actor: 'system', detail: `母任务牵头部门 → ${NEW}` })]);
    expect((await service.get(`${plan.id}/2.1:p2`)).parent).toMatchObject({ lead: [LEAD] });
    // Once per change: another event on the parent tells nobody again.
    await post(events('2.1'), `dept:${NEW}`, { type: 'START' });
    expect((await service.timeline(`${plan.id}/2.1:p1`)).filter((e) => e.type === 'PARENT_LEAD')).toHaveLength(1);
  });

  it('from the CLI: duban event <id> SPLIT --part "title|unit|YYYY-MM-DD"', async () => {
    const plan = await importPlan();
    const ref = `${plan.id}/2.2`;
    const out = await runCli(env, [
      'event',
      ref,
      'SPLIT',
      '--as',
      `dept:${LEAD}`,
      '--part',
      `东片区|${UNITS[0]}|2099-06-30`,
      '--part',
      `西片区|${UNITS[1]}`,
    ]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/分解 parts: 已完成 0\/2/);
    const view = await service.get(ref);
    expect(view.split?.parts.map((p) => [p.measureId, p.unit, p.dueAt])).toEqual([
      ['2.2:p1', UNITS[0], '2099-06-30T23:59:59+08:00'],
      ['2.2:p2', UNITS[1], '2099-12-31T23:59:59+08:00'],
    ]);
    await eventually(async () => (await service.get(`${ref}:p2`)).measureId === '2.2:p2');
    const status = await runCli(env, ['status', `${ref}:p2`]);
    expect(status.stdout).toMatch(/分解自 part of: duban\/.*\/2\.2/);
  });
});

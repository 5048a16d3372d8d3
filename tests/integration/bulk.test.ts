/**
 * Bulk actions over real HTTP against the real Temporal dev server with a worker: a plan-wide 直接延期 with one
 * closed measure refused and reported (dry run first, which sends nothing), 催办 now with one notice per measure in
 * the outbox, 403 for anyone but the two offices, 400 naming the field, and the CLI's report.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call --
   response bodies are untyped JSON off the wire; the assertions are what check their shape */
import { describe, expect, it, vi } from 'vitest';
import { bulkCommand } from '../../src/commands/bulk-command';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { startPlan } from '../../src/importer/start';
import type { MeasureService } from '../../src/service/measures';
import { measureWorkflowId } from '../../src/temporal/names';
import { eventually, readOutbox, type ServedApi, type TestEnv, useServedApi } from './harness';
import { LEAD, smallPlan } from './fixtures';

const NEW_DUE = '2100-06-30T23:59:59+08:00';

let env: TestEnv;
let service: MeasureService;
let post: ServedApi['post'];
useServedApi((api) => ({ env, service, post } = api));

const bulk = (actor: string, json: unknown) => post('/api/bulk', actor, json);

/** A plan of three measures whose 2.3 is closed (已销号), all listed by visibility. */
async function planWithOneClosed(): Promise<string> {
  const plan = smallPlan({ measures: 3 });
  await startPlan(env.client, plan, DEFAULT_POLICY, { taskQueue: env.taskQueue });
  const closed = measureWorkflowId(plan.id, '2.3');
  for (const [actor, type] of [
    [`dept:${LEAD}`, 'START'],
    [`dept:${LEAD}`, 'SUBMIT'],
    ['supervisor', 'VERIFY'],
    ['supervisor', 'CLOSE'],
  ] as const)
    await service.send(closed, actor, { type });
  await eventually(async () => {
    const rows = await service.listAll({ plan: plan.id });
    return rows.length === 3 && rows.some((r) => r.state === 'closed');
  });
  return plan.id;
}

describe('bulk actions (POST /api/bulk)', () => {
  it('extends a plan’s measures: a dry run first, then the change; the closed one is refused and reported', async () => {
    const planId = await planWithOneClosed();
    const request = {
      action: 'extend',
      filter: { plan: planId },
      params: { newDueAt: NEW_DUE, reason: '统一延期' },
      dryRun: true,
    };
    const historyBefore = await service.historyLength(`${planId}/2.1`);

    const dry = await bulk('supervisor', request);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, matched: 3, counts: { would_change: 2, would_be_refused: 1 } });
    expect(dry.body.items.map((i: { measureId: string; outcome: string }) => [i.measureId, i.outcome])).toEqual([
      ['2.1', 'would_change'],
      ['2.2', 'would_change'],
      ['2.3', 'would_be_refused'],
    ]);
    expect(dry.body.items[0].after.dueAt).toBe(NEW_DUE);
    expect(dry.body.items[2].reason).toMatch(/closed \(已销号\)/);
    expect(await service.historyLength(`${planId}/2.1`)).toBe(historyBefore);
    expect((await service.get(`${planId}/2.1`)).extensions).toEqual([]);

    const done = await bulk('coordinator', { ...request, dryRun: false });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ dryRun: false, matched: 3, counts: { succeeded: 2, refused: 1, failed: 0 } });
    const refused = done.body.items.find((i: { measureId: string }) => i.measureId === '2.3');
    expect(refused).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/closed/) });
    for (const id of ['2.1', '2.2']) {
      const view = await service.get(`${planId}/${id}`);
      expect(view.dueAt).toBe(NEW_DUE);
      expect(view.extensions).toEqual([
        {
          by: 'coordinator',
          at: expect.any(String),
          from: '2099-12-31T23:59:59+08:00',
          to: NEW_DUE,
          reason: '统一延期',
        },
      ]);
    }
    expect((await service.get(`${planId}/2.3`)).dueAt).toBe('2099-12-31T23:59:59+08:00');
  });

  it('催办 now: one notice per open measure to its lead department, exactly once', async () => {
    const planId = await planWithOneClosed();
    const done = await bulk('supervisor', {
      action: 'remind',
      filter: { plan: planId, state: 'assigned' },
      params: { note: '请本周内签收' },
    });
    expect(done.body).toMatchObject({ matched: 2, counts: { succeeded: 2 } });
    const urges = () =>
      readOutbox<{ workflowId: string; kind: string; recipients: unknown }>(env).filter(
        (n) => n.kind === 'urge' && n.workflowId.startsWith(`duban/${planId}/`),
      );
    await eventually(() => urges().length === 2);
    expect(urges().map((n) => n.recipients)).toEqual([[{ role: 'dept', name: LEAD }], [{ role: 'dept', name: LEAD }]]);
    // A later change wakes each workflow again: the 催办 already sent is not sent again.
    await bulk('supervisor', {
      action: 'extend',
      filter: { plan: planId, state: 'assigned' },
      params: { newDueAt: NEW_DUE, reason: 'r' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(urges()).toHaveLength(2);
  });

  it('is the two offices’ only (403 before the body is read), and names what a request lacks (400)', async () => {
    const dept = await bulk(`dept:${LEAD}`, { action: 'cancel' });
    expect(dept.status).toBe(403);
    expect(dept.body.detail).toMatch(/only the 联合督导组/);
    const noFilter = await bulk('supervisor', { action: 'cancel', filter: {}, params: { reason: 'x' } });
    expect(noFilter.status).toBe(400);
    expect(noFilter.body.detail).toMatch(/filter/);
    const noReason = await bulk('supervisor', { action: 'cancel', filter: { plan: 'nothing-here' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.detail).toMatch(/params\.reason/);
  });

  it('duban bulk prints a line per measure and fails when one is refused', async () => {
    const planId = await planWithOneClosed();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await bulkCommand(
        service,
        'extend',
        { plan: planId },
        { as: 'supervisor', due: '2100-01-31', reason: 'r', dryRun: true },
      );
      const out = String(log.mock.calls.at(-1)?.[0]);
      expect(out).toMatch(/^dry run — nothing sent: extend \(EXTEND\) on 3 measure\(s\)/);
      expect(out).toMatch(/2\.1\s+would_change\s+due 2099-12-31 → 2100-01-31/);
      await expect(
        bulkCommand(service, 'extend', { plan: planId }, { as: 'supervisor', due: '2100-01-31', reason: 'r' }),
      ).rejects.toMatchObject({ kind: 'conflict', message: '1 refused, 0 failed' });
      expect(String(log.mock.calls.at(-1)?.[0])).toMatch(/2\.3\s+refused\s+.*closed/);
      await expect(
        bulkCommand(service, 'extend', { plan: planId }, { as: `dept:${LEAD}`, due: '2100-01-31', reason: 'r' }),
      ).rejects.toMatchObject({ kind: 'forbidden' });
    } finally {
      log.mockRestore();
    }
  });
});

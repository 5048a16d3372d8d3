/**
 * The bench's stack as the bench runs it (fourth pass): `duban api` in a process of its own in production mode
 * with a tokens file, the raw side's bare HTTP server in another, and every timed round trip from one client
 * process — on the bench's own dev server, with a handful of measures, so the phase that judges the HTTP goal is
 * known to run end to end before anyone waits eight minutes for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken } from '../../src/auth/tokens';
import { installLogger } from '../../src/worker/from-config';
import { measureWorkflowId } from '../../src/temporal/names';
import { settle, startStack, type BenchStack } from '../../bench/stack';
import { importedTargets, updatePhase } from '../../bench/update-phase';
import { leadActor } from '../../bench/plan';
import { RAW_REPLY } from '../../bench/raw-reply';
import { rawUpdate } from '../../bench/raw-update';

describe('the bench stack', () => {
  let stack: BenchStack;
  beforeAll(async () => {
    installLogger('warn'); // as the bench does
    stack = await startStack({ maxCachedWorkflows: 50 });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('runs the API apart in production mode: a tokens-file token works, a dev token does not', async () => {
    expect(stack.api.placement).toBe('process');
    const [target] = await importedTargets(stack, 'stack-auth', 1);
    const url = `${stack.apiUrl}/api/measures/${target!.planId}/${target!.measure.id}`;
    const as = (token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const ok = await as(stack.tokenFor(leadActor(target!.measure)));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { workflowId: string }).workflowId).toBe(
      measureWorkflowId(target!.planId, target!.measure.id),
    );
    expect((await as(devToken(leadActor(target!.measure), stack.dataDir))).status).toBe(401);
  });

  it('times every side of the event round trip from the client process, each with every sample', async () => {
    const targets = await importedTargets(stack, 'stack-events', 6);
    const options = { targets: 6, updates: 24, concurrency: 2, rounds: 2 };
    const result = await updatePhase(
      stack,
      targets[0]!.planId,
      targets.map((t) => t.measure),
      targets.map((t) => t.rawId),
      options,
    );
    for (const side of [result.api, result.rawHttp, result.service, result.raw, result.rawReply]) {
      expect(side.count).toBe(24);
      expect(side.p50).toBeGreaterThan(0);
      expect(side.p99).toBeGreaterThanOrEqual(side.p50);
    }
    expect(result.apiP50Ratio).toBeCloseTo(result.api.p50 / result.raw.p50, 5);
    // The raw side's two updates: the no-op's null, and the view-sized reply.
    const percent = { type: 'REPORT_PROGRESS', percent: 1 };
    expect(await rawUpdate(stack.client, targets[0]!.rawId, 'raw', percent)).toBeNull();
    expect(await rawUpdate(stack.client, targets[0]!.rawId, 'raw', percent, true)).toEqual(RAW_REPLY);
    await settle([stack.duban.worker, stack.raw.worker]);
    // The progress reports reached the measures (through the API and through the service).
    const view = await stack.service.get({ planId: targets[0]!.planId, measureId: targets[0]!.measure.id });
    expect(view.state).toBe('in_progress');
    expect(view.progress?.percent).toBeGreaterThan(0);
  });
});

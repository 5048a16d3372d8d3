/**
 * Determinism guard: recorded histories (tests/histories, made by scripts/record-histories.ts) must replay on the
 * current workflow code. A change that breaks this needs `patched()` (or a new workflow type), not a re-recording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it, inject } from 'vitest';
import { measureWorkflowId } from '../../src/temporal/names';

const DIR = path.resolve(__dirname, '..', 'histories');
const histories = readdirSync(DIR).filter((f) => f.endsWith('.json'));

/**
 * The workflow id a history was recorded under, from its input (`duban/<planId>/<measureId>`): a split measure names
 * its parts' child workflows after its own id, so the replay must run under the same one.
 */
function recordedId(json: { events?: Array<Record<string, unknown>> }): string | undefined {
  const started = json.events?.[0]?.workflowExecutionStartedEventAttributes as
    { input?: { payloads?: Array<{ data?: string }> } } | undefined;
  const data = started?.input?.payloads?.[0]?.data;
  if (!data) return undefined;
  const input = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as {
    planId?: string;
    measure?: { id?: string };
  };
  return input.planId && input.measure?.id ? measureWorkflowId(input.planId, input.measure.id) : undefined;
}

describe('replay of recorded histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(2);
  });
  it.each(histories)('%s replays without non-determinism', async (file) => {
    const json = JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as Parameters<typeof historyFromJSON>[0];
    const history = historyFromJSON(json);
    const workflowId = recordedId(json as { events?: Array<Record<string, unknown>> }) ?? file;
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundle') } }, history, workflowId),
    ).resolves.toBeUndefined();
  });
});

describe('the workflow bundle', () => {
  it('does not load zod (loaded once per cached workflow, it cost ~750 KB each: see README, Performance)', () => {
    const code = readFileSync(inject('workflowBundle'), 'utf8');
    expect(code).toContain('measureWorkflow');
    expect(code).not.toMatch(/node_modules\/zod\//);
  });
});

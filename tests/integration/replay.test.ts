/**
 * Determinism guard: recorded histories (tests/histories, made by scripts/record-histories.ts) must replay on the
 * current workflow code. A change that breaks this needs `patched()` (or a new workflow type), not a re-recording.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it, inject } from 'vitest';

const DIR = path.resolve(__dirname, '..', 'histories');
const histories = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(2);
  });
  it.each(histories)('%s replays without non-determinism', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundle') } }, history, file),
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

/** The workflow sandbox's stack depth: set for contexts created during a worker's creation, then put back. */
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_STACK_FRAMES, withWorkflowStackFrames } from '../../src/worker/stack-frames';

const limitOfNewContext = () => vm.runInNewContext('Error.stackTraceLimit') as number;

/** Error.stackTraceLimit inside a vm context created in a new worker thread (as the SDK's workflow threads do). */
function limitInThread(): Promise<number> {
  const code = `require('node:worker_threads').parentPort.postMessage(require('node:vm').runInNewContext('Error.stackTraceLimit'))`;
  return new Promise((resolve, reject) => {
    const thread = new Worker(code, { eval: true });
    thread.once('message', (n: number) => void thread.terminate().then(() => resolve(n)));
    thread.once('error', reject);
  });
}

describe('withWorkflowStackFrames', () => {
  it('gives contexts and threads created meanwhile the limit, and restores the default after', async () => {
    const before = limitOfNewContext();
    expect(before).not.toBe(WORKFLOW_STACK_FRAMES);
    const inside = await withWorkflowStackFrames(WORKFLOW_STACK_FRAMES, async () => ({
      context: limitOfNewContext(),
      thread: await limitInThread(),
    }));
    expect(inside).toEqual({ context: WORKFLOW_STACK_FRAMES, thread: WORKFLOW_STACK_FRAMES });
    expect(limitOfNewContext()).toBe(before);
    expect(Error.stackTraceLimit).toBe(before); // this process's own errors never changed
  });

  it('restores the default when the creation fails', async () => {
    const before = limitOfNewContext();
    await expect(withWorkflowStackFrames(3, () => Promise.reject(new Error('no server')))).rejects.toThrow('no server');
    expect(limitOfNewContext()).toBe(before);
  });
});

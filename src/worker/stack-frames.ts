/**
 * How many stack frames V8 captures in the workflow sandbox. The SDK's promise hook captures and source-maps a
 * stack trace for every promise created in workflow code (it feeds Temporal UI's "Stack Trace" view), and that
 * work grows with the frames captured: at V8's default of 10, two of them the hook's own, it was the largest
 * single cost of a measure's workflow task (docs/performance.md). Five frames keep three of the workflow's own —
 * where a workflow waits and who called it — in that view and in workflow error stacks. V8 reads the limit when a
 * context is created, and the SDK freezes the sandbox's `Error`, so the flag is set while the worker's threads
 * and their contexts are created, then put back: the rest of the process keeps its own limit.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

/** The default: the hook's two frames and three of the workflow's. */
export const WORKFLOW_STACK_FRAMES = 5;

/** Runs `create` (a Worker.create) with new contexts capturing `frames` stack frames, then restores the default. */
export async function withWorkflowStackFrames<T>(frames: number, create: () => Promise<T>): Promise<T> {
  const before = vm.runInNewContext('Error.stackTraceLimit') as number;
  if (frames === before) return create();
  v8.setFlagsFromString(`--stack-trace-limit=${frames}`);
  try {
    return await create();
  } finally {
    v8.setFlagsFromString(`--stack-trace-limit=${before}`);
  }
}

/**
 * 分解 in the measure workflow (docs/domain.md "分解"): a split measure starts its parts as child measure workflows,
 * and a part reports its state to its parent. Workflow code (Temporal APIs only); the rules are the core's
 * (src/measure/split.ts). Kept apart from measure.workflow.ts so that file stays a wiring of messages and timers.
 */
import { getExternalWorkflowHandle, log, ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import {
  measureMemo,
  measureSummary,
  partMeasure,
  partNumber,
  startSearchAttributes,
  staticDetails,
  stateOf,
  type MeasureSnapshot,
  type Part,
  type PartReport,
} from '../src/measure';
import { partSignal, type MeasureWorkflowInput } from './measure.messages';

/**
 * Patch: 分解 — a split measure starts its parts as child workflows. Asked only once a SPLIT was accepted, so
 * measures never split record no marker (no history before it has a SPLIT).
 */
const SPLIT = 'split';

/** The `fired` key marking a part as started (carried over continue-as-new with the other keys). */
const partKey = (part: Part) => `split:p${part.n}`;

/** A part as a measure of its own: the parent's input, with the part's measure and the parent named. */
function partInput(input: MeasureWorkflowInput, workflowId: string, snapshot: MeasureSnapshot, part: Part) {
  const { carry: _carry, parent: _parent, ...inherited } = input;
  const ctx = snapshot.context;
  const parentMeasure = { ...input.measure, title: ctx.title ?? input.measure.title, leaders: ctx.leaders };
  return {
    ...inherited,
    measure: partMeasure(parentMeasure, part),
    parent: { measureId: input.measure.id, workflowId, lead: ctx.lead },
  } satisfies MeasureWorkflowInput;
}

/**
 * Starts each part of an accepted SPLIT that has not been started, once (marked in `fired` first). Its id is the
 * parent's with `:p<n>`; ABANDON: a part lives on its own clock, whatever becomes of its parent's run.
 */
export async function startParts(
  input: MeasureWorkflowInput,
  workflowId: string,
  snapshot: MeasureSnapshot,
  fired: Set<string>,
): Promise<void> {
  const split = snapshot.context.split;
  if (!split || split.parts.every((p) => fired.has(partKey(p))) || !patched(SPLIT)) return;
  for (const part of split.parts) {
    if (fired.has(partKey(part))) continue;
    fired.add(partKey(part));
    const child = partInput(input, workflowId, snapshot, part);
    try {
      await startChild('measureWorkflow', {
        workflowId: `${workflowId}:p${part.n}`,
        args: [child],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: startSearchAttributes(child),
        memo: measureMemo(child),
        staticSummary: measureSummary(child.measure),
        staticDetails: staticDetails(child),
      });
    } catch (err) {
      log.error('a part (分解) could not be started', { part: part.measureId, error: String(err) });
    }
  }
}

/**
 * What a part tells its parent after every change of its state, light or level, by workflow id (so it reaches the
 * parent's current run after a continue-as-new). Only parts have `input.parent`: a plan's measure sends nothing.
 */
export function partReporter(input: MeasureWorkflowInput) {
  const part = input.parent ? partNumber(input.measure.id) : undefined;
  let reportedAs = '';
  const current = (snapshot: MeasureSnapshot): PartReport | undefined =>
    part === undefined
      ? undefined
      : { part, state: stateOf(snapshot), light: snapshot.context.light, escalation: snapshot.context.escalation };
  return {
    /** A change not yet reported (one that came while the last report was on its way still goes out). */
    stale: (snapshot: MeasureSnapshot) => part !== undefined && JSON.stringify(current(snapshot)) !== reportedAs,
    async report(snapshot: MeasureSnapshot): Promise<void> {
      const report = current(snapshot);
      if (!input.parent || !report || JSON.stringify(report) === reportedAs) return;
      reportedAs = JSON.stringify(report);
      try {
        await getExternalWorkflowHandle(input.parent.workflowId).signal(partSignal, report);
      } catch (err) {
        // The parent's workflow has completed (closed, cancelled): nothing waits for this part any more.
        log.warn('the parent measure did not take the report', { parent: input.parent.workflowId, error: String(err) });
      }
    },
  };
}

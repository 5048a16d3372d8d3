/**
 * 分解 in the measure workflow (docs/domain.md "分解"): a split measure starts its parts as child measure workflows,
 * and a part reports its state to its parent. Workflow code (Temporal APIs only); the rules are the core's
 * (src/measure/split.ts). Kept apart from measure.workflow.ts so that file stays a wiring of messages and timers.
 */
import { getExternalWorkflowHandle, log, ParentClosePolicy, patched, startChild } from '@temporalio/workflow';
import {
  FINAL_STATES,
  measureMemo,
  measureSummary,
  partMeasure,
  partMeasureId,
  partNumber,
  sameUnits,
  startSearchAttributes,
  staticDetails,
  stateOf,
  type MeasureSnapshot,
  type Part,
  type PartReport,
} from '../src/measure';
import { parentLeadSignal, partSignal, type MeasureWorkflowInput } from './measure.messages';

/**
 * Patch: 分解 — a split measure starts its parts as child workflows. Asked only once a SPLIT was accepted, so
 * measures never split record no marker (no history before it has a SPLIT).
 */
const SPLIT = 'split';

/**
 * Patch: a split measure tells its open parts when its 牵头部门 changes after the split. Asked only once such a
 * change exists, so no history before it (none has a change of lead after a SPLIT) records a marker.
 */
const PARENT_LEAD = 'split-parent-lead';

/** A part's workflow id: its parent's, with the part's suffix (the same as its measure id's). */
const partWorkflowId = (parentWorkflowId: string, part: Part) => partMeasureId(parentWorkflowId, part.n);

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

/** Whether an accepted SPLIT has parts not yet started. */
export function hasPartsToStart(snapshot: MeasureSnapshot, fired: ReadonlySet<string>): boolean {
  const split = snapshot.context.split;
  return split !== undefined && !split.parts.every((p) => fired.has(partKey(p)));
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
  if (!split || !hasPartsToStart(snapshot, fired) || !patched(SPLIT)) return;
  for (const part of split.parts) {
    if (fired.has(partKey(part))) continue;
    fired.add(partKey(part));
    const child = partInput(input, workflowId, snapshot, part);
    try {
      await startChild('measureWorkflow', {
        workflowId: partWorkflowId(workflowId, part),
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

/** The `fired` keys of the changes of the parent's lead since the split that its parts have not been told of. */
export function untoldLeadChanges(snapshot: MeasureSnapshot, fired: ReadonlySet<string>): Array<{ key: string }> {
  const ctx = snapshot.context;
  if (!ctx.split) return [];
  const since = Date.parse(ctx.split.at);
  return (ctx.unitChanges ?? [])
    .map((change, i) => ({ change, key: `split:lead:${i + 1}` }))
    .filter(
      ({ change, key }) =>
        Date.parse(change.at) >= since && !sameUnits(change.from.lead, change.to.lead) && !fired.has(key),
    );
}

/**
 * After each change of the parent's lead made since the split (改派, 转办, a revision), tells every started part
 * still running its new lead, once per change (marked in `fired`, carried over continue-as-new): a part's level-2
 * escalation reaches its parent's lead as it is now, not as it was at the split.
 */
export async function tellPartsOfLead(
  workflowId: string,
  snapshot: MeasureSnapshot,
  fired: Set<string>,
): Promise<void> {
  const ctx = snapshot.context;
  const split = ctx.split;
  const untold = untoldLeadChanges(snapshot, fired);
  if (!split || !untold.length || !patched(PARENT_LEAD)) return;
  for (const { key } of untold) fired.add(key);
  for (const part of split.parts) {
    if (!fired.has(partKey(part)) || FINAL_STATES.includes(part.state)) continue;
    try {
      await getExternalWorkflowHandle(partWorkflowId(workflowId, part)).signal(parentLeadSignal, { lead: ctx.lead });
    } catch (err) {
      // The part has finished since its last report: nothing of it escalates any more.
      log.warn('a part (分解) did not take its parent’s new lead', { part: part.measureId, error: String(err) });
    }
  }
}

/**
 * What people see of a measure: the view the `snapshot` query and every accepted event answer with (the API's
 * MeasureViewSchema is checked against it), and judging events on a view (what an actor may send now).
 */
import type { Actor, EventType, MeasureEvent } from '../domain/events';
import type { Measure } from '../domain/plan';
import { allowedEvents, decide, type Verdict } from './decide';
import { stateOf, type MeasureContext, type MeasureSnapshot } from './machine';
import type { StepKind } from './schedule';
import { restoreSnapshot } from './snapshot';
import { rollUp, type ParentRef, type RollUp } from './split';
import { STATE_LABELS, type MeasureState } from './states';

/** Context fields only the machine needs (the reminder window it judges the light by): never shown. */
type InternalField = 'yellowWithinMs' | 'yellowRule' | 'lights';

/** Where a measure sits in its plan: what the workflow is started with, apart from policy and recipients. */
export interface PlannedMeasure {
  planId: string;
  planTitle: string;
  indicator: { code: string; name: string };
  measure: Measure;
  /** 分解: the measure is a part of this one (absent for a plan's own measures). */
  parent?: ParentRef;
}

/** What `snapshot` returns and what an accepted event answers with. */
export interface MeasureView extends Omit<MeasureContext, InternalField> {
  workflowId: string;
  planId: string;
  planTitle: string;
  indicator: { code: string; name: string };
  title: string;
  text: string;
  state: MeasureState;
  stateLabel: string;
  /** The next timer step, if any (kind and instant). */
  nextStep?: { kind: StepKind; at: string };
  /** 分解: the parts done of those not cancelled (present once split). */
  rollUp?: RollUp;
}

/** A timer step the workflow waits for: its kind and when (epoch ms). */
export interface NextStep {
  kind: StepKind;
  at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function measureView(
  snapshot: MeasureSnapshot,
  planned: PlannedMeasure & { workflowId: string },
  nextStep?: NextStep,
): MeasureView {
  const { yellowWithinMs: _internal, yellowRule: _rule, lights: _lights, ...context } = snapshot.context;
  const state = stateOf(snapshot);
  return {
    ...context,
    workflowId: planned.workflowId,
    planId: planned.planId,
    planTitle: planned.planTitle,
    indicator: planned.indicator,
    title: context.title ?? planned.measure.title,
    text: planned.measure.text,
    state,
    stateLabel: STATE_LABELS[state],
    ...(nextStep ? { nextStep: { kind: nextStep.kind, at: iso(nextStep.at) } } : {}),
    ...(context.split ? { rollUp: rollUp(context.split) } : {}),
  };
}

/**
 * The machine restored from a view, for judging events only (the API's `allowed`, a finished measure's refusal):
 * the internal fields a view leaves out matter when an event is applied, never when one is judged.
 */
function judgedFrom(view: MeasureView): MeasureSnapshot {
  return restoreSnapshot({ value: view.state, context: { ...view, yellowWithinMs: 0 } });
}

/** The events `actor` may send now to the measure `view` shows. */
export function allowedFor(view: MeasureView, actor: Actor, at: string): EventType[] {
  return allowedEvents(judgedFrom(view), actor, at);
}

/** `decide()` on the measure `view` shows. */
export function decideOnView(view: MeasureView, event: MeasureEvent): Verdict {
  return decide(judgedFrom(view), event);
}

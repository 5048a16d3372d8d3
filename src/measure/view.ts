/**
 * What people see of a measure: the view the `snapshot` query and every accepted event answer with (the API's
 * MeasureViewSchema is checked against it), and the text Temporal UI shows — the summary, the details fixed at
 * start and the details the workflow keeps current. The importer and the workflow both build their text here, so
 * the "牵头部门 · 配合部门" line reads the same everywhere.
 */
import type { Actor, EventType, MeasureEvent } from '../domain/events';
import type { Measure } from '../domain/plan';
import { allowedEvents, decide, type Verdict } from './decide';
import { stateOf, type MeasureContext, type MeasureSnapshot } from './machine';
import type { StepKind } from './schedule';
import { restoreSnapshot } from './snapshot';
import { STATE_LABELS, type MeasureState } from './states';

/** Context fields only the machine needs (the reminder window it judges the light by): never shown. */
type InternalField = 'yellowWithinMs';

/** Where a measure sits in its plan: what the workflow is started with, apart from policy and recipients. */
export interface PlannedMeasure {
  planId: string;
  planTitle: string;
  indicator: { code: string; name: string };
  measure: Measure;
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
  const { yellowWithinMs: _internal, ...context } = snapshot.context;
  const state = stateOf(snapshot);
  return {
    ...context,
    workflowId: planned.workflowId,
    planId: planned.planId,
    planTitle: planned.planTitle,
    indicator: planned.indicator,
    title: planned.measure.title,
    text: planned.measure.text,
    state,
    stateLabel: STATE_LABELS[state],
    ...(nextStep ? { nextStep: { kind: nextStep.kind, at: iso(nextStep.at) } } : {}),
  };
}

/** "牵头部门: A、B · 配合部门: C" (the 配合部门 part only when there are any). */
export function unitsLine(units: Pick<Measure, 'lead' | 'support'>): string {
  const support = units.support.length ? ` · 配合部门: ${units.support.join('、')}` : '';
  return `牵头部门: ${units.lead.join('、')}${support}`;
}

const leadersLine = (leaders: readonly string[]) => `责任领导: ${leaders.join('、') || '—'}`;

/** Temporal UI's one-line summary of a measure workflow: its id and title. */
export function measureSummary(measure: Pick<Measure, 'id' | 'title'>): string {
  return `${measure.id} ${measure.title}`;
}

/** Temporal UI's details fixed at start: where the measure sits in its plan, who is responsible, and its text. */
export function staticDetails({ planTitle, indicator, measure: m }: PlannedMeasure): string {
  return [
    `**${planTitle}**`,
    `(${indicator.code}) ${indicator.name} · 整改措施 ${m.id}`,
    unitsLine(m),
    `${leadersLine(m.leaders)} · 截止: ${m.dueAt ?? '持续推进'}`,
    '',
    m.text,
  ].join('\n');
}

/** Temporal UI's current details, rewritten by the workflow whenever one of these lines changes. */
export function currentDetails(snapshot: MeasureSnapshot, title: string, nextStep?: NextStep): string {
  const ctx = snapshot.context;
  const state = stateOf(snapshot);
  const lines = [
    `**${ctx.measureId} ${title}**`,
    `状态 state: ${STATE_LABELS[state]} (${state}) · 灯 light: ${ctx.light} · 督办级别 escalation: ${ctx.escalation}`,
    `截止 due: ${ctx.dueAt ?? '持续推进 (ongoing)'}${ctx.originalDueAt !== ctx.dueAt ? ` (原 ${ctx.originalDueAt})` : ''}`,
    unitsLine(ctx),
    leadersLine(ctx.leaders),
  ];
  if (ctx.progress)
    lines.push(
      `进展 progress: ${ctx.progress.percent}% (${ctx.progress.by}, ${ctx.progress.at}) ${ctx.progress.note ?? ''}`,
    );
  if (ctx.pendingExtension)
    lines.push(`延期申请 pending extension → ${ctx.pendingExtension.newDueAt}: ${ctx.pendingExtension.reason}`);
  if (ctx.rejections)
    lines.push(`退回整改 rejections: ${ctx.rejections}${ctx.lastRejection ? ` — ${ctx.lastRejection.reason}` : ''}`);
  if (nextStep) lines.push(`下一步 next: ${nextStep.kind} at ${iso(nextStep.at)}`);
  return lines.join('\n');
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

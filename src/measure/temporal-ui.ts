/**
 * Everything Temporal holds about a measure for people (docs/domain.md "Search attributes"): the custom search
 * attributes and the memo, so lists, reports and Temporal UI filter without querying any workflow, and the text
 * Temporal UI shows — the summary, the details fixed at start and the details the workflow keeps current. The
 * importer writes the start values and the workflow the current ones, both from here, so the "牵头部门 · 配合部门"
 * line reads the same everywhere. The keys are plain data shaped like the SDK's SearchAttributeKey
 * (src/temporal/names.ts checks that at compile time), so this module needs no Temporal import.
 */
import type { Measure } from '../domain/plan';
import { stateOf, type MeasureSnapshot } from './machine';
import { rollUp } from './split';
import { LIGHT_LABELS, STATE_LABELS } from './states';
import type { NextStep, PlannedMeasure } from './view';
import { SA, type SearchPair, type SearchUpdatePair } from './words';

export {
  SA,
  type SearchKey,
  type SearchPair,
  type SearchUpdatePair,
  type SearchValue,
  type SearchValueOfType,
} from './words';

/** What a measure's workflow starts with: everything a list can filter on before the workflow first runs. */
export function startSearchAttributes({ planId, indicator, measure: m, parent }: PlannedMeasure): SearchPair[] {
  return [
    { key: SA.plan, value: planId },
    { key: SA.indicator, value: indicator.code },
    { key: SA.lead, value: m.lead },
    { key: SA.support, value: m.support },
    { key: SA.leaders, value: m.leaders },
    { key: SA.state, value: 'assigned' },
    { key: SA.escalation, value: 0 },
    ...(m.dueAt ? [{ key: SA.dueAt, value: new Date(m.dueAt) }] : []),
    ...(parent ? [{ key: SA.parent, value: parent.workflowId }] : []),
  ];
}

/**
 * Whether a measure has an appraisal to publish (DubanGrade, DubanRejections): graded or sent back at least once.
 * Until then both stay unset (a report reads that as ungraded, 0 rejections), so a measure never graded or sent
 * back upserts nothing more than before; the workflow asks this before it asks for its patch.
 */
export function hasAppraisal(snapshot: MeasureSnapshot): boolean {
  return snapshot.context.quality !== undefined || snapshot.context.rejections > 0;
}

/**
 * What changes as the measure moves: the workflow upserts these after every change that alters one. With
 * `appraisal` (the workflow's patch, see measure.workflow.ts) also the grade and the rejection count.
 */
export function currentSearchAttributes(snapshot: MeasureSnapshot, appraisal = false): SearchUpdatePair[] {
  const ctx = snapshot.context;
  const pairs: SearchUpdatePair[] = [
    { key: SA.state, value: stateOf(snapshot) },
    { key: SA.light, value: ctx.light },
    { key: SA.escalation, value: ctx.escalation },
  ];
  if (ctx.dueAt) pairs.push({ key: SA.dueAt, value: new Date(ctx.dueAt) });
  // The units are fixed at start until a plan revision (AMEND), a 改派 or a 转办 changes them (lastAmendment or
  // unitChanges is then present, never in a history from before those events): only then does the workflow keep
  // them current, so an untouched measure (every recorded history) upserts exactly what it always did. A 转办's
  // receiving unit is listed with the 配合部门 while it is pending, so its inbox finds the measure through
  // DubanSupport (SQL visibility has no KeywordList slot left for a search attribute of its own).
  if (ctx.lastAmendment || ctx.unitChanges) {
    const receiver =
      ctx.pendingTransfer && !ctx.support.includes(ctx.pendingTransfer.to) ? [ctx.pendingTransfer.to] : [];
    const support = [...ctx.support, ...receiver];
    // An emptied list is unset (null), not an empty list: visibility stores and lists that as one empty name.
    pairs.push({ key: SA.lead, value: ctx.lead }, { key: SA.support, value: support.length ? support : null });
  }
  if (ctx.lastAmendment) {
    if (!ctx.dueAt) pairs.push({ key: SA.dueAt, value: null }); // amended to 持续推进
    pairs.push({ key: SA.leaders, value: ctx.leaders.length ? ctx.leaders : null });
  }
  // Lateness is judged at SUBMIT (and forgotten when the submission is rejected): the reports count it.
  pairs.push({ key: SA.late, value: ctx.submitted ? ctx.submitted.lateMs > 0 : null });
  if (appraisal) {
    pairs.push({ key: SA.grade, value: ctx.quality?.grade ?? null });
    pairs.push({ key: SA.rejections, value: ctx.rejections });
  }
  return pairs;
}

/** The memo: the texts a listing shows beside the search attributes (they are not filtered on). */
export type MeasureMemo = {
  title: string;
  planTitle: string;
};

export function measureMemo(planned: { planTitle: string; measure: Pick<Measure, 'title'> }): MeasureMemo {
  return { title: planned.measure.title, planTitle: planned.planTitle };
}

const iso = (ms: number) => new Date(ms).toISOString();

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
    `状态 state: ${STATE_LABELS[state]} (${state}) · 灯 light: ${LIGHT_LABELS[ctx.light]} (${ctx.light}) · 督办级别 escalation: ${ctx.escalation}`,
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
  if (ctx.pendingPause) lines.push(`缓办申请 pending pause: ${ctx.pendingPause.reason}`);
  if (ctx.paused) lines.push(`缓办中 paused since ${ctx.paused.pausedAt}: ${ctx.paused.reason}`);
  if (ctx.pauses?.length) lines.push(`缓办 pauses: ${ctx.pauses.length} (截止顺延 due moved, 原 ${ctx.originalDueAt})`);
  if (ctx.missedReports) lines.push(`漏报 missed reports: ${ctx.missedReports}`);
  if (ctx.rejections)
    lines.push(`退回整改 rejections: ${ctx.rejections}${ctx.lastRejection ? ` — ${ctx.lastRejection.reason}` : ''}`);
  if (ctx.quality)
    lines.push(`质量评定 grade: ${ctx.quality.grade}${ctx.quality.defaulted ? ' (未评定, 按合格)' : ''}`);
  if (ctx.split) {
    const { done, total } = rollUp(ctx.split);
    lines.push(`分解 parts: 已完成 ${done}/${total}${ctx.split.closed ? ' (已结束分解 split closed)' : ''}`);
  }
  if (ctx.parent) lines.push(`分解自 part of: ${ctx.parent.measureId} (${ctx.parent.workflowId})`);
  if (nextStep) lines.push(`下一步 next: ${nextStep.kind} at ${iso(nextStep.at)}`);
  return lines.join('\n');
}

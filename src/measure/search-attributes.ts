/**
 * The custom search attributes (docs/domain.md "Search attributes") and the memo: what Temporal visibility holds
 * about a measure, so lists, reports and Temporal UI filter without querying any workflow. The keys are plain
 * data shaped like the SDK's SearchAttributeKey (src/temporal/names.ts checks that at compile time), so this
 * module needs no Temporal import. The importer writes the start values, the workflow the current ones, both here.
 */
import type { Measure } from '../domain/plan';
import { stateOf, type MeasureSnapshot } from './machine';
import type { PlannedMeasure } from './view';

export const SA = {
  plan: { name: 'DubanPlan', type: 'KEYWORD' },
  indicator: { name: 'DubanIndicator', type: 'KEYWORD' },
  lead: { name: 'DubanLead', type: 'KEYWORD_LIST' },
  support: { name: 'DubanSupport', type: 'KEYWORD_LIST' },
  leaders: { name: 'DubanLeaders', type: 'KEYWORD_LIST' },
  state: { name: 'DubanState', type: 'KEYWORD' },
  light: { name: 'DubanLight', type: 'KEYWORD' },
  dueAt: { name: 'DubanDueAt', type: 'DATETIME' },
  escalation: { name: 'DubanEscalation', type: 'INT' },
  /** Set at SUBMIT: whether the work was handed in after its due time (判定逾期完成); unset until then. */
  late: { name: 'DubanLate', type: 'BOOL' },
} as const;

type Keys = typeof SA;
/** One of the keys above. */
export type SearchKey = Keys[keyof Keys];
/** The value each search attribute type holds (the SDK's own mapping). */
export interface SearchValueOfType {
  KEYWORD: string;
  KEYWORD_LIST: string[];
  DATETIME: Date;
  INT: number;
  BOOL: boolean;
}
export type SearchValue<K extends keyof Keys> = SearchValueOfType[Keys[K]['type']];

/** One search attribute with its value, as the SDK's SearchAttributePair. */
export type SearchPair = { [K in keyof Keys]: { key: Keys[K]; value: SearchValue<K> } }[keyof Keys];
/** One search attribute to upsert; null unsets it (the SDK's SearchAttributeUpdatePair). */
export type SearchUpdatePair = { [K in keyof Keys]: { key: Keys[K]; value: SearchValue<K> | null } }[keyof Keys];

/** What a measure's workflow starts with: everything a list can filter on before the workflow first runs. */
export function startSearchAttributes({ planId, indicator, measure: m }: PlannedMeasure): SearchPair[] {
  return [
    { key: SA.plan, value: planId },
    { key: SA.indicator, value: indicator.code },
    { key: SA.lead, value: m.lead },
    { key: SA.support, value: m.support },
    { key: SA.leaders, value: m.leaders },
    { key: SA.state, value: 'assigned' },
    { key: SA.escalation, value: 0 },
    ...(m.dueAt ? [{ key: SA.dueAt, value: new Date(m.dueAt) }] : []),
  ];
}

/** What changes as the measure moves: the workflow upserts these after every change that alters one. */
export function currentSearchAttributes(snapshot: MeasureSnapshot): SearchUpdatePair[] {
  const ctx = snapshot.context;
  const pairs: SearchUpdatePair[] = [
    { key: SA.state, value: stateOf(snapshot) },
    { key: SA.light, value: ctx.light },
    { key: SA.escalation, value: ctx.escalation },
  ];
  if (ctx.dueAt) pairs.push({ key: SA.dueAt, value: new Date(ctx.dueAt) });
  // Lateness is judged at SUBMIT (and forgotten when the submission is rejected): the reports count it.
  pairs.push({ key: SA.late, value: ctx.submitted ? ctx.submitted.lateMs > 0 : null });
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

/**
 * Names shared by worker, client and workflow (so they cannot drift): task queue, workflow ids and the custom
 * search attributes of DOMAIN.md "Temporal mapping". Safe to import from workflow code (no Node imports).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const DEFAULT_TASK_QUEUE = 'duban';
export const MEASURE_WORKFLOW_TYPE = 'measureWorkflow';

export function measureWorkflowId(planId: string, measureId: string): string {
  return `duban/${planId}/${measureId}`;
}

const MEASURE_REF = /^(duban\/)?([a-z0-9][a-z0-9-]*)\/(\d+\.\d+)$/;

/** Parses a measure as people write it: its workflow id `duban/<planId>/<measureId>`, or `<planId>/<measureId>`. */
export function parseMeasureRef(ref: string): { planId: string; measureId: string } | undefined {
  const match = MEASURE_REF.exec(ref);
  return match ? { planId: match[2]!, measureId: match[3]! } : undefined;
}

/** Parses `duban/<planId>/<measureId>` only; undefined for anything else. */
export function parseMeasureWorkflowId(id: string): { planId: string; measureId: string } | undefined {
  const match = MEASURE_REF.exec(id);
  return match?.[1] ? { planId: match[2]!, measureId: match[3]! } : undefined;
}

export const SA = {
  plan: defineSearchAttributeKey('DubanPlan', SearchAttributeType.KEYWORD),
  indicator: defineSearchAttributeKey('DubanIndicator', SearchAttributeType.KEYWORD),
  lead: defineSearchAttributeKey('DubanLead', SearchAttributeType.KEYWORD_LIST),
  support: defineSearchAttributeKey('DubanSupport', SearchAttributeType.KEYWORD_LIST),
  leaders: defineSearchAttributeKey('DubanLeaders', SearchAttributeType.KEYWORD_LIST),
  state: defineSearchAttributeKey('DubanState', SearchAttributeType.KEYWORD),
  light: defineSearchAttributeKey('DubanLight', SearchAttributeType.KEYWORD),
  dueAt: defineSearchAttributeKey('DubanDueAt', SearchAttributeType.DATETIME),
  escalation: defineSearchAttributeKey('DubanEscalation', SearchAttributeType.INT),
  /** Set at SUBMIT: whether the work was handed in after its due time (判定逾期完成); unset until then. */
  late: defineSearchAttributeKey('DubanLate', SearchAttributeType.BOOL),
} as const;

/** The `temporal` CLI's spelling of each type, for `--search-attribute Name=Type` and operator commands. */
export const SEARCH_ATTRIBUTE_CLI_TYPES: Record<string, string> = Object.fromEntries(
  Object.values(SA).map((key) => [
    key.name,
    {
      [SearchAttributeType.KEYWORD]: 'Keyword',
      [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
      [SearchAttributeType.DATETIME]: 'Datetime',
      [SearchAttributeType.INT]: 'Int',
      [SearchAttributeType.TEXT]: 'Text',
      [SearchAttributeType.DOUBLE]: 'Double',
      [SearchAttributeType.BOOL]: 'Bool',
    }[key.type],
  ]),
);

/**
 * Names shared by worker, client and tools (so they cannot drift): the task queue, the workflow type, workflow ids
 * (docs/domain.md "IDs") and the `temporal` CLI's spelling of the search attributes' types.
 */
import { SearchAttributeType, type SearchAttributePair, type SearchAttributeUpdatePair } from '@temporalio/common';
import { SA, type SearchPair, type SearchUpdatePair } from '../measure/words';

export const DEFAULT_TASK_QUEUE = 'duban';
export const MEASURE_WORKFLOW_TYPE = 'measureWorkflow';

export function measureWorkflowId(planId: string, measureId: string): string {
  return `duban/${planId}/${measureId}`;
}

// A part (分解) is `<measureId>:p<n>`: its workflow id is its parent's with `:p<n>` appended.
const MEASURE_REF = /^(duban\/)?([a-z0-9][a-z0-9-]*)\/(\d+\.\d+(?::p\d{1,2})?)$/;

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

// The search attributes are the measure core's (src/measure/temporal-ui.ts), plain data shaped like the SDK's
// keys so the core needs no Temporal import; these prove at compile time that its pairs are the SDK's.
type Assignable<A extends B, B> = [A, B];
export type _SdkPairs =
  Assignable<SearchPair, SearchAttributePair> | Assignable<SearchUpdatePair, SearchAttributeUpdatePair>;

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

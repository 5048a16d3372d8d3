/**
 * The core's words: the names and lists the rest of duban spells its data with — states and lights with their
 * labels, the search-attribute keys, the kinds of step and notice, the recipients' roles. Plain data that loads
 * nothing (no XState, no holiday data), so a process that only needs the words — the worker's main thread, which
 * checks notices and names search attributes but runs no machine — does not hold the core. The second public face
 * of the core beside its index (which re-exports all of it); eslint.config.mjs allows both.
 */
export { FINAL_STATES, LIGHT_LABELS, STATE_LABELS, STATES, type MeasureState } from './states';

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
  /** The last quality judgment (优秀/良好/合格 at VERIFY, 不合格 at FAIL_QUALITY); unset until one is given. */
  grade: { name: 'DubanGrade', type: 'KEYWORD' },
  /** How often the work was sent back (REJECT and FAIL_QUALITY); unset until the first time. */
  rejections: { name: 'DubanRejections', type: 'INT' },
  /** 分解: a part's parent measure, as its workflow id; set at the part's start, unset on a plan's own measures. */
  parent: { name: 'DubanParent', type: 'KEYWORD' },
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

export const STEP_KINDS = [
  'remind',
  'overdue',
  'escalate',
  'verify_remind',
  'verify_escalate',
  'progress_remind',
  'acknowledge_remind',
  'warn',
  'report_missed',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const RECIPIENT_ROLES = ['dept', 'leader', 'supervisor', 'coordinator'] as const;

/**
 * What a notice is about: a timer step; a 催办 a person sent (URGE); a change of who carries the measure (改派,
 * 转办 accepted, a plan revision: to the units newly given it); or a 转办 request (to the receiving unit). The
 * schedule plans none of the last four.
 */
export const NOTICE_KINDS = [
  ...STEP_KINDS,
  'urge',
  'reassigned',
  'transferred',
  'amended',
  'transfer_request',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

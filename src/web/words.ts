/**
 * The workbench's Chinese: event names as the documents say them, lights, actors, times in Beijing time, and the
 * refusal a person reads when the workflow says no. The core's refusal reasons are written for logs and API
 * clients; here the same facts (who may, what state, what is allowed now) are said again in Chinese, from the
 * core's own permission table, with the core's wording kept beneath as the record.
 */
import { beijingWallClock } from '../domain/beijing-time';
import type { EventType, Light } from '../domain/events';
import { doubtKind, type DoubtKind } from '../importer/doubt-kinds';
import type { Doubt } from '../importer/review';
import { PERMISSIONS, STATE_LABELS, type MeasureState, type Role, type StepKind } from '../measure';

export const EVENT_LABELS: Record<EventType, string> = {
  START: '签收',
  REPORT_PROGRESS: '报送进展',
  SUBMIT: '报结',
  VERIFY: '验收',
  REJECT: '退回整改',
  FAIL_QUALITY: '验收不合格',
  CLOSE: '销号',
  REQUEST_EXTENSION: '申请延期',
  APPROVE_EXTENSION: '批准延期',
  DENY_EXTENSION: '不予延期',
  CANCEL: '撤销',
  AMEND: '方案修订',
  REASSIGN: '改派',
  TRANSFER_REQUEST: '转办',
  TRANSFER_ACCEPT: '接收转办',
  TRANSFER_REFUSE: '拒绝转办',
  EXTEND: '直接延期',
  URGE: '催办',
  REQUEST_PAUSE: '申请缓办',
  APPROVE_PAUSE: '批准缓办',
  DENY_PAUSE: '不予缓办',
  RESUME: '恢复办理',
  SPLIT: '分解',
  CLOSE_SPLIT: '结束分解',
  REMIND: '到期提醒',
  OVERDUE: '逾期催办',
  ESCALATE: '升级督办',
  MISSED_REPORT: '漏报',
  PART_UPDATE: '子任务进展',
  PARENT_LEAD: '母任务牵头部门变更',
};

export { LIGHT_LABELS } from '../measure';
/** Most urgent first; grey (缓办, nothing is counted) last. */
export const LIGHT_ORDER: readonly Light[] = ['red', 'orange', 'yellow', 'green', 'grey'];

export const STEP_LABELS: Record<StepKind, string> = {
  remind: '到期提醒',
  overdue: '逾期催办',
  escalate: '升级督办',
  verify_remind: '验收提醒',
  verify_escalate: '验收督办',
  progress_remind: '进展提醒',
  acknowledge_remind: '签收催办',
  warn: '橙灯预警',
  report_missed: '漏报提醒',
};

const ROLE_NAMES: Record<Role, string> = {
  lead: '牵头部门',
  support: '配合部门',
  leader: '本措施的责任领导',
  supervisor: '联合督导组',
  coordinator: '统筹协调办公室',
  system: '系统计时器',
  receiver: '转办接收单位',
};

export function stateLabel(state: string | undefined): string {
  return state && state in STATE_LABELS ? STATE_LABELS[state as MeasureState] : '已交办';
}

export function isLight(value: string | undefined): value is Light {
  return (LIGHT_ORDER as readonly string[]).includes(value ?? '');
}

/** An actor as people call it: the department or leader by name, the two offices by their titles. */
export function actorLabel(actor: string): string {
  if (actor.startsWith('dept:')) return actor.slice('dept:'.length);
  if (actor.startsWith('leader:')) return `${actor.slice('leader:'.length)}（责任领导）`;
  if (actor === 'supervisor') return '联合督导组';
  if (actor === 'coordinator') return '统筹协调办公室';
  if (actor === 'system') return '系统';
  return actor;
}

/** An instant in Beijing time, to the minute: "2021-12-31 23:59". */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return beijingWallClock(new Date(iso).getTime()).slice(0, 16).replace('T', ' ');
}

/** A deadline as the documents write it: the day, or 持续推进 when there is none. */
export function deadline(iso: string | null | undefined): string {
  return iso ? beijingTime(iso).slice(0, 10) : '持续推进';
}

/** What a refused form says, in Chinese: who may, or why not now, and what this actor may do instead. */
export function refusalText(
  kind: string,
  type: EventType,
  details: { state?: string; allowed?: readonly string[] },
): string {
  const action = `「${EVENT_LABELS[type]}」`;
  const allowed = (details.allowed ?? []).filter((e): e is EventType => e in EVENT_LABELS);
  const instead = allowed.length
    ? `您现在可以：${allowed.map((e) => EVENT_LABELS[e]).join('、')}。`
    : '您现在没有可办理的操作。';
  if (kind === 'forbidden') {
    const who = PERMISSIONS[type].map((role) => ROLE_NAMES[role]).join('或');
    return `您无权${action}：此操作仅限${who}办理。${instead}`;
  }
  if (kind === 'conflict') {
    const now = details.state ? `措施当前为「${stateLabel(details.state)}」，` : '';
    return `${now}现在不能${action}。${instead}`;
  }
  if (kind === 'bad_request') return `${action}的内容不符合要求。`;
  if (kind === 'not_found') return '没有找到这项措施。';
  if (kind === 'unavailable') return '暂时无法连接流程服务（Temporal），请稍后重试。';
  return `${action}未能办理。`;
}

/** A file size as people read it (佐证材料). */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why an uploaded 佐证材料 file was not accepted, by the service's error kind. */
export const UPLOAD_REFUSALS: Record<string, string> = {
  too_large: '佐证材料文件不能超过 20 MB。',
  unsupported_media_type: '佐证材料只能是 PDF、JPG、PNG、Word（.docx）、Excel（.xlsx）或文本文件（以文件内容为准）。',
  forbidden: '只有可报送进展或提交的部门能上传佐证材料。',
  conflict: '这项措施目前不能报送进展或提交，不能上传佐证材料。',
  bad_request: '上传的表单不符合要求。',
};

/**
 * Each kind of 存疑之处 (src/importer/doubt-kinds.ts) in Chinese, from the facts its message names; the English
 * message stays the CLI's and the API's.
 */
export const DOUBT_WORDS: Record<DoubtKind, (facts: string[], doubt: Pick<Doubt, 'message'>) => string> = {
  no_lead: () => '没有找到牵头部门：措施本身和所属指标都没有写明，请填写。',
  inherits_lead: ([id, lead, from]) => `措施 ${id} 没有单独写明责任分工，沿用${chineseScope(from)}的牵头部门 ${lead}。`,
  unread_due: ([text, due]) => `无法识别时限“${text}”，暂按方案统一时限 ${deadline(due)} 计。`,
  unread_attribution: ([text]) => `无法识别责任分工“${text}”，已保留在措施原文中。`,
  ignored_unit: ([text]) => `责任分工中的“${text}”不是牵头部门、配合部门、责任领导或时限，已忽略。`,
  after_closing: ([line]) => `这段文字在第 ${line} 行措施的责任分工之后，按方案正文处理，不计入该措施。`,
  after_list: ([line]) => `这段文字在列表末项（第 ${line} 行）之后且隔有空行，按方案正文处理，不计入该措施。`,
  unnumbered: ([head]) => `“${head}”下的整改措施没有编号：已按段落逐条识别并依次编号。`,
  no_publication_date: () => '没有找到发布时间：“今年”“6月底前”等相对日期按推定的年份计算，请核对。',
  duplicate_number: ([n, scope, line]) => `措施编号（${n}）在${chineseScope(scope)}中重复，第 ${line} 行已用过。`,
  numbering_jump: ([scope, from, to]) => `${chineseScope(scope)}的措施编号从 ${from} 跳到 ${to}，请核对是否漏项。`,
  no_text: () => '这项措施只有责任分工，没有措施内容。',
  problem_outside: () => '这条现存问题不在任何含有措施的指标下，未导入。',
  problem_attribution: () => '这条现存问题带有责任分工，仍按问题而非措施处理。',
  unreadable_chars: () => '这一行有无法识别的字符（“\uFFFD”）。',
  no_title: () => '没有识别出方案标题，已用文中一行作为标题。',
  no_deadline: ([n]) => `没有找到方案统一完成时限：${n} 项措施没有自己的时限，暂无期限；可在“统一完成时限”中填写。`,
  no_supervisors: () => '没有找到联合督导组：方案中没有督导单位。',
  row_width: ([cells, line, width]) =>
    `这一表格行有 ${cells} 个单元格，而表头（第 ${line} 行）有 ${width} 列：缺少的按空处理，多余的忽略。`,
  unread_cell: ([column, cell]) => `无法识别这一表格行的“${column}”单元格“${cell}”，已忽略。`,
  row_without_text: () => '这一表格行没有整改措施内容，未导入。',
  stray_row: () => '这一行像表格行，但上方没有可识别的表头（序号、整改措施、责任单位、完成时限…），按正文处理。',
  no_holiday_data: ([years]) => `暂无 ${years} 年的法定节假日数据：这些年份的工作日只扣除周末，请补充节假日安排。`,
  other: (_facts, d) => `存疑：${d.message}`,
};

/** "indicator 2 纳税" as 第2项指标“纳税”. */
function chineseScope(scope = ''): string {
  const m = /^indicator (\d+)\s*(.*)$/.exec(scope);
  return m ? `第 ${m[1]} 项指标“${m[2]}”` : scope;
}

/** A doubt as the workbench says it. */
export function doubtText(doubt: Pick<Doubt, 'message'>): string {
  const { kind, facts } = doubtKind(doubt.message);
  return DOUBT_WORDS[kind](facts, doubt);
}

/**
 * What a notification says (docs/domain.md "Notifications"): the rendering of the Notification payload (built by
 * the workflow through src/measure/notification.ts) in the plan's own terms (提醒 / 催办 / 督办升级, 牵头部门,
 * 责任领导, 截止时间) as a DingTalk/WeCom robot markdown body and as an e-mail. Pure: no clock and no I/O.
 */
import { beijingWallClock } from '../domain/beijing-time';
import type { Light } from '../domain/events';
import type { Notification, Recipient } from '../measure';
import { LIGHT_LABELS, type NoticeKind } from '../measure/words';

/** The label in the subject line: the document's own words for each step. */
export const KIND_LABELS: Record<NoticeKind, string> = {
  remind: '提醒',
  overdue: '催办',
  escalate: '督办升级',
  verify_remind: '验收提醒',
  verify_escalate: '验收催办',
  progress_remind: '进度提醒',
  acknowledge_remind: '签收催办',
  urge: '督导组催办',
  warn: '橙灯预警',
  report_missed: '漏报',
  reassigned: '改派通知',
  transferred: '转办通知',
  amended: '方案修订通知',
  transfer_request: '转办请求',
};

export const ROLE_LABELS: Record<Recipient['role'], string> = {
  dept: '牵头部门',
  leader: '责任领导',
  supervisor: '联合督导组',
  coordinator: '统筹协调',
};

const UNIT_KINDS = new Set<NoticeKind>(['reassigned', 'transferred', 'amended', 'transfer_request']);

// A notice names grey with its reason: the measure is paused (缓办).
const lightLabel = (light: Light) => (light === 'grey' ? `${LIGHT_LABELS.grey}（缓办）` : LIGHT_LABELS[light]);

/** What is asked of whom, per step. */
function callToAction(n: Notification): string {
  switch (n.kind) {
    case 'remind':
      return '该项整改措施即将到期，请牵头部门抓紧推进，按时报结。';
    case 'overdue':
      return '该项整改措施已超过截止时间仍未报结，请牵头部门立即办理，责任领导督促落实。';
    case 'escalate':
      return n.level > 2
        ? `该项整改措施逾期仍未报结，持续督办（第${n.level}级），请责任领导和联合督导组跟进落实。`
        : '该项整改措施逾期仍未报结，已升级至联合督导组督办，请统筹协调部门跟进。';
    case 'verify_remind':
      return '该项整改措施已报结待验收，已超过验收时限，请联合督导组及时验收（完成一个，验收一个，销号一个）。';
    case 'verify_escalate':
      return '该项整改措施报结后仍未验收，请统筹协调部门督促联合督导组验收销号。';
    case 'progress_remind':
      return '该项整改措施较长时间未报送整改进度，请牵头部门及时报送进度。';
    case 'acknowledge_remind':
      return '该项整改措施已交办，超过签收时限仍未签收，请牵头部门立即签收办理，责任领导督促落实。';
    case 'urge':
      return '联合督导组对该项整改措施进行催办，请牵头部门立即办理，按时报结。';
    case 'report_missed':
      return '该项整改措施本期未按要求报送整改进展，已记漏报一次，请牵头部门立即报送。';
    case 'warn':
      return '该项整改措施时限所剩无几（橙灯），请牵头部门加快推进，责任领导督促落实，确保按时报结。';
    case 'reassigned':
      return '联合督导组已将该项整改措施改派，请你单位接手办理（牵头部门签收办理，配合部门协同推进），按时报结。';
    case 'transferred':
      return '该项整改措施已转办至你单位，请及时签收办理，按时报结。';
    case 'amended':
      return '整改方案修订后，该项整改措施由你单位承担，请及时签收办理，按时报结。';
    case 'transfer_request':
      return '牵头部门申请将该项整改措施转办至你单位，请在督办工作台或通过 duban 接收（TRANSFER_ACCEPT）或退回（TRANSFER_REFUSE）。';
  }
}

/** Subject / title line, e.g. "【督办升级·第3级】2.3 优化营商环境". */
export function subjectOf(n: Notification): string {
  const label = n.kind === 'escalate' ? `${KIND_LABELS.escalate}·第${n.level}级` : KIND_LABELS[n.kind];
  return `【${label}】${n.measureId} ${n.title}`;
}

/** Beijing time, e.g. "2021-12-31 23:59". China has had no daylight saving since 1991, so a fixed +08:00 is exact. */
export function formatBeijing(iso: string | null): string {
  if (iso === null) return '持续推进（无截止时间）';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${beijingWallClock(ms).slice(0, 16).replace('T', ' ')}（北京时间）`;
}

function recipientLines(n: Notification): string[] {
  const byRole = new Map<Recipient['role'], string[]>();
  for (const r of n.recipients) byRole.set(r.role, [...(byRole.get(r.role) ?? []), r.name]);
  // A unit a measure is newly handed to may be support or a 转办 receiver, not the 牵头部门: the summary says which.
  const label = (role: Recipient['role']) =>
    role === 'dept' && UNIT_KINDS.has(n.kind) ? '承办单位' : ROLE_LABELS[role];
  return [...byRole].map(([role, names]) => `${label(role)}：${names.join('、')}`);
}

function facts(n: Notification): string[] {
  return [
    `措施：${n.measureId} ${n.title}`,
    `计划：${n.planId}`,
    `截止时间：${formatBeijing(n.dueAt)}`,
    `状态：${lightLabel(n.light)}，督办级别 ${n.level}`,
    ...(n.recipients.length ? [`通知对象：${recipientLines(n).join('；')}`] : []),
  ];
}

export interface RobotMarkdown {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
}

/** The DingTalk / WeCom group robot body; `link`: the measure's page in the workbench, when the deployment has one. */
export function renderMarkdown(n: Notification, link?: string): RobotMarkdown {
  const title = subjectOf(n);
  const text = [
    `#### ${title}`,
    '',
    callToAction(n),
    '',
    ...facts(n).map((line) => `- ${line}`),
    ...(n.summary ? ['', `> ${n.summary.replace(/\n/g, '\n> ')}`] : []),
    ...(link ? ['', `[在督办工作台中办理](${link})`] : []),
    '',
    `督办编号：${n.idempotencyKey}`,
  ].join('\n');
  return { msgtype: 'markdown', markdown: { title, text } };
}

export interface EmailMessage {
  subject: string;
  text: string;
}

export function renderEmail(n: Notification, link?: string): EmailMessage {
  const text = [
    callToAction(n),
    '',
    ...facts(n),
    ...(n.summary ? ['', n.summary] : []),
    ...(link ? ['', `办理链接：${link}`] : []),
    '',
    `督办编号：${n.idempotencyKey}`,
    '（本邮件由督办系统自动发送）',
  ].join('\n');
  return { subject: subjectOf(n), text };
}

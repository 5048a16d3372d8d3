/**
 * One measure: what it asks (title, text, indicator), who (牵头部门, 配合部门, 责任领导), by when (original and current
 * deadline), where it stands (light, state, progress), its 流转记录 (who did what, when, why), and one form for each
 * action the machine allows this actor now — no form for anything it would refuse. A refusal (a stale page, a
 * deadline that is not later) is shown above the forms in Chinese, with the workflow's own words beneath.
 */
import type { Actor, Attachment, EventType } from '../../domain/events';
import { isEvidenceRef, PASS_GRADES, type TimelineEntry } from '../../measure';
import type { MeasureViewFor } from '../../service/measures';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import {
  actorLabel,
  beijingTime,
  deadline,
  EVENT_LABELS,
  fileSize,
  stateLabel as stateName,
  STEP_LABELS,
} from '../words';
import { lightBadge, measureHref } from './parts';

export interface Refusal {
  text: string;
  /** The workflow's or the schema's own words, kept as the record. */
  detail?: string;
}

export interface MeasurePageData {
  actor: Actor;
  view: MeasureViewFor;
  timeline: TimelineEntry[];
  done?: EventType;
  refusal?: Refusal;
}

const ORDER: EventType[] = [
  'START',
  'REPORT_PROGRESS',
  'SUBMIT',
  'VERIFY',
  'REJECT',
  'FAIL_QUALITY',
  'CLOSE',
  'REQUEST_EXTENSION',
  'APPROVE_EXTENSION',
  'DENY_EXTENSION',
  'EXTEND',
  'URGE',
  'TRANSFER_ACCEPT',
  'TRANSFER_REFUSE',
  'TRANSFER_REQUEST',
  'REASSIGN',
  'REQUEST_PAUSE',
  'APPROVE_PAUSE',
  'DENY_PAUSE',
  'RESUME',
  'SPLIT',
  'CLOSE_SPLIT',
  'CANCEL',
];

export function measurePage(d: MeasurePageData): string {
  const v = d.view;
  const facts = html`<dl class="facts">
    <dt>所属方案</dt>
    <dd>${v.planTitle}</dd>
    <dt>评价指标</dt>
    <dd>(${v.indicator.code}) ${v.indicator.name}</dd>
    <dt>亮灯</dt>
    <dd>${lightBadge(v.light)}${v.escalation >= 2 ? ' 已升级督办' : v.escalation === 1 ? ' 已催办' : ''}</dd>
    <dt>办理状态</dt>
    <dd>${v.stateLabel}</dd>
    <dt>牵头部门</dt>
    <dd>${v.lead.join('、')}</dd>
    <dt>配合部门</dt>
    <dd>${v.support.join('、') || '—'}</dd>
    <dt>责任领导</dt>
    <dd>${v.leaders.join('、') || '—'}</dd>
    <dt>完成时限</dt>
    <dd>${deadline(v.dueAt)}${v.originalDueAt !== v.dueAt ? `（原定 ${deadline(v.originalDueAt)}）` : ''}</dd>
    <dt>交办时间</dt>
    <dd>${beijingTime(v.assignedAt)}</dd>
    ${
      v.parent
        ? html`<dt>分解自</dt>
            <dd>
              <a href="${measureHref({ planId: v.planId, measureId: v.parent.measureId })}">${parentLabel(v)}</a>
              （牵头部门 ${v.parent.lead.join('、')}）
            </dd>`
        : ''
    }
    ${
      v.progress
        ? html`<dt>最新进展</dt>
            <dd>
              ${v.progress.percent}%${v.progress.note ? `：${v.progress.note}` : ''}（${actorLabel(v.progress.by)}，${beijingTime(v.progress.at)}）
            </dd>`
        : ''
    }
    ${
      v.pendingExtension
        ? html`<dt>延期申请</dt>
            <dd>申请延至 ${deadline(v.pendingExtension.newDueAt)}：${v.pendingExtension.reason}（待审批）</dd>`
        : ''
    }
    ${
      v.pendingTransfer
        ? html`<dt>转办</dt>
            <dd>
              ${actorLabel(v.pendingTransfer.by)} 转办至
              ${v.pendingTransfer.to}：${v.pendingTransfer.reason}（待接收，${beijingTime(v.pendingTransfer.at)}）
            </dd>`
        : ''
    }
    ${
      v.pendingPause
        ? html`<dt>缓办申请</dt>
            <dd>
              ${v.pendingPause.reason}${
                v.pendingPause.expectedResumeAt ? `（预计 ${deadline(v.pendingPause.expectedResumeAt)} 恢复）` : ''
              }（待审批）
            </dd>`
        : ''
    }
    ${
      v.paused
        ? html`<dt>缓办中</dt>
            <dd>
              自 ${beijingTime(v.paused.pausedAt)}
              起暂停计时：${v.paused.reason}${
                v.paused.expectedResumeAt ? `（预计 ${deadline(v.paused.expectedResumeAt)} 恢复）` : ''
              }
            </dd>`
        : ''
    }
    ${
      v.pauses?.length
        ? html`<dt>缓办记录</dt>
            <dd>
              ${v.pauses.map(
                (p) =>
                  html`<div>
                    ${beijingTime(p.pausedAt)} 至 ${beijingTime(p.resumedAt)}，时限 ${deadline(p.dueFrom)} 顺延至
                    ${deadline(p.dueTo)}：${p.reason}
                  </div>`,
              )}
            </dd>`
        : ''
    }
    ${
      v.missedReports
        ? html`<dt>漏报次数</dt>
            <dd>${v.missedReports}</dd>`
        : ''
    }
    ${
      v.rejections
        ? html`<dt>退回次数</dt>
            <dd>${v.rejections}</dd>`
        : ''
    }
    ${
      v.quality
        ? html`<dt>质量评定</dt>
            <dd>
              ${v.quality.grade}${v.quality.defaulted ? '（验收时未评定，按合格计）' : ''}${
                v.quality.note ? `：${v.quality.note}` : ''
              }（${actorLabel(v.quality.by)}，${beijingTime(v.quality.at)}）
            </dd>`
        : ''
    }
    ${
      v.nextStep
        ? html`<dt>下一次提醒</dt>
            <dd>${STEP_LABELS[v.nextStep.kind]}，${beijingTime(v.nextStep.at)}</dd>`
        : ''
    }
  </dl>`;
  const allowed = ORDER.filter((e) => v.allowed.includes(e));
  const body = html` ${d.done ? html`<p class="notice" role="status">已${EVENT_LABELS[d.done]}。</p>` : ''}
    ${
      d.refusal
        ? html`<div class="refusal" role="alert">
            <strong>未能办理：</strong
            >${d.refusal.text}${d.refusal.detail ? html`<small>系统说明：${d.refusal.detail}</small>` : ''}
          </div>`
        : ''
    }
    ${facts}
    <h2>措施内容</h2>
    <div class="text">${v.text}</div>
    ${v.split ? splitSection(v) : ''}
    <h2>佐证材料</h2>
    ${evidenceList(v, d.timeline)}
    <h2>可办理的操作</h2>
    ${
      allowed.length
        ? html`<div class="actions">${allowed.map((e) => actionForm(v, e))}</div>`
        : html`<p class="meta">您对这项措施目前没有可办理的操作。</p>`
    }
    <h2>流转记录</h2>
    ${timelineList(d.timeline)}`;
  return page({ title: `${v.measureId} ${v.title}`, actor: d.actor }, body);
}

const parentLabel = (v: MeasureViewFor) => `措施 ${v.parent?.measureId ?? ''}`;

/** 分解: the parts with their units, deadlines, lights and states as they last reported, and the roll-up. */
function splitSection(v: MeasureViewFor): SafeHtml {
  const split = v.split!;
  const rolled = `已完成 ${v.rollUp?.done ?? 0}/${v.rollUp?.total ?? split.parts.length}`;
  const closed = split.closed ? `（已结束分解：${split.closed.reason}，${beijingTime(split.closed.at)}）` : '';
  return html`<h2>分解子任务</h2>
    <p>${rolled}${closed}</p>
    <table class="parts">
      <thead>
        <tr>
          <th>子任务</th>
          <th>单位</th>
          <th>期限</th>
          <th>灯</th>
          <th>状态</th>
        </tr>
      </thead>
      <tbody>
        ${split.parts.map(
          (p) =>
            html`<tr>
              <td>
                <a href="${measureHref({ planId: v.planId, measureId: p.measureId })}">${p.measureId} ${p.title}</a>
              </td>
              <td>${p.unit}</td>
              <td>${deadline(p.dueAt)}</td>
              <td>${lightBadge(p.light)}</td>
              <td>${stateName(p.state)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

/** What an event was, who sent it and when: the first line of a 流转记录 entry and of a 佐证材料 group. */
function eventHead(e: Pick<TimelineEntry, 'type' | 'actor' | 'at'>): SafeHtml {
  return html`<strong>${EVENT_LABELS[e.type]}</strong> · ${actorLabel(e.actor)} ·
    <time datetime="${e.at}">${beijingTime(e.at)}</time>`;
}

function timelineList(entries: TimelineEntry[]): SafeHtml {
  if (!entries.length) return html`<p class="meta">暂无记录。</p>`;
  return html`<ol class="timeline">
    ${[...entries]
      .reverse()
      .map(
        (e) =>
          html`<li>
            ${eventHead(e)}
            ${e.from !== e.to ? html`<span class="meta">（${stateName(e.from)} → ${stateName(e.to)}）</span>` : ''}
            ${e.detail ? html`<div>${e.detail}</div>` : ''}
          </li>`,
      )}
  </ol>`;
}

/**
 * 佐证材料 per event, newest first, uploaded files as download links. A timeline carried over from before evidence
 * uploads has no attachments on its entries: the latest progress report's are shown instead.
 */
function evidenceList(v: MeasureViewFor, timeline: TimelineEntry[]): SafeHtml {
  const events: Array<Pick<TimelineEntry, 'type' | 'actor' | 'at'> & { attachments: Attachment[] }> = timeline
    .filter((e) => e.attachments?.length)
    .map((e) => ({ ...e, attachments: e.attachments! }));
  if (!events.length && v.progress?.attachments.length) {
    events.push({
      type: 'REPORT_PROGRESS',
      actor: v.progress.by,
      at: v.progress.at,
      attachments: v.progress.attachments,
    });
  }
  if (!events.length) return html`<p class="meta">暂无。</p>`;
  const item = (a: Attachment) =>
    isEvidenceRef(a)
      ? html`<li>
          <a href="${measureHref(v)}/evidence/${a.id}" download="${a.name}">${a.name}</a>
          <span class="meta">（${fileSize(a.size)}，SHA-256 ${a.sha256.slice(0, 12)}…）</span>
        </li>`
      : html`<li>${a}</li>`;
  return html`<ol class="evidence">
    ${[...events].reverse().map(
      (e) =>
        html`<li>
          ${eventHead(e)}
          <ul>
            ${e.attachments.map(item)}
          </ul>
        </li>`,
    )}
  </ol>`;
}

const EVIDENCE_INPUT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,.txt';

/** One action as a form: the fields its event takes, each with a label. */
function actionForm(v: MeasureViewFor, type: EventType): SafeHtml {
  const id = (field: string) => `${type.toLowerCase()}-${field}`;
  const field = (name: string, label: string, input: SafeHtml) =>
    html`<label for="${id(name)}">${label}</label>${input}`;
  const note = (label = '说明（选填）') =>
    field('note', label, html`<textarea id="${id('note')}" name="note" maxlength="2000"></textarea>`);
  const reason = (label: string, required: boolean) =>
    field(
      'reason',
      label,
      html`<textarea id="${id('reason')}" name="reason" maxlength="2000" ${required ? html`required` : ''}></textarea>`,
    );
  const evidenceInput = () =>
    field(
      'files',
      '佐证材料（选填，可多选；PDF、JPG、PNG、Word、Excel、文本，每个不超过 20 MB）',
      html`<input id="${id('files')}" name="files" type="file" multiple accept="${EVIDENCE_INPUT_ACCEPT}" />`,
    );
  let fields: SafeHtml | string = '';
  switch (type) {
    case 'REPORT_PROGRESS':
      fields = html`${field(
        'percent',
        '完成进度（%）',
        html`<input
          id="${id('percent')}"
          name="percent"
          type="number"
          min="0"
          max="100"
          step="1"
          required
          value="${v.progress?.percent ?? ''}"
        />`,
      )}${note('进展情况（选填）')}${evidenceInput()}`;
      break;
    case 'SUBMIT':
      fields = html`${note()}${evidenceInput()}`;
      break;
    case 'VERIFY':
      fields = html`${field(
        'grade',
        '质量评定',
        html`<select id="${id('grade')}" name="grade" required>
          <option value="">请选择</option>
          ${PASS_GRADES.map((g) => html`<option value="${g}">${g}</option>`)}
        </select>`,
      )}${note()}`;
      break;
    case 'REJECT':
      fields = reason('退回理由', true);
      break;
    case 'FAIL_QUALITY':
      fields = reason('不合格的理由（退回整改）', true);
      break;
    case 'CANCEL':
      fields = reason('撤销理由', true);
      break;
    case 'TRANSFER_REQUEST':
      fields = html`${field(
        'to',
        '接收单位',
        html`<input id="${id('to')}" name="to" required maxlength="200" />`,
      )}${reason('转办理由', true)}`;
      break;
    case 'TRANSFER_REFUSE':
      fields = reason('拒绝理由', true);
      break;
    case 'DENY_EXTENSION':
    case 'DENY_PAUSE':
      fields = reason('理由（选填）', false);
      break;
    case 'REQUEST_PAUSE':
      fields = html`${reason('缓办理由', true)}${field(
        'expectedResumeDate',
        '预计恢复日期（选填）',
        html`<input id="${id('expectedResumeDate')}" name="expectedResumeDate" type="date" />`,
      )}`;
      break;
    case 'REQUEST_EXTENSION':
    case 'EXTEND':
      fields = html`${field(
        'newDueDate',
        '新的完成时限',
        html`<input id="${id('newDueDate')}" name="newDueDate" type="date" required />`,
      )}${reason('延期理由', true)}`;
      break;
    case 'URGE':
      fields = note('催办意见（选填）');
      break;
    case 'SPLIT':
      fields = html`${field(
        'parts',
        '子任务（每行一项：标题｜单位｜期限，期限形如 2025-06-30，可省略，不晚于本措施时限）',
        html`<textarea id="${id('parts')}" name="parts" required maxlength="20000"></textarea>`,
      )}${note()}`;
      break;
    case 'CLOSE_SPLIT':
      fields = reason('结束分解的理由（未完成的子任务继续办理）', true);
      break;
    case 'REASSIGN':
      fields = html`${field(
        'lead',
        '牵头部门（以顿号分隔）',
        html`<input id="${id('lead')}" name="lead" required value="${v.lead.join('、')}" />`,
      )}${field(
        'support',
        '配合部门（以顿号分隔，可为空）',
        html`<input id="${id('support')}" name="support" value="${v.support.join('、')}" />`,
      )}${reason('改派理由', true)}`;
      break;
    default:
      fields = note();
  }
  const multipart = type === 'REPORT_PROGRESS' || type === 'SUBMIT';
  return html`<form
    method="post"
    action="${measureHref(v)}/events"
    class="action"
    ${multipart ? html`enctype="multipart/form-data"` : ''}
  >
    <h3>${EVENT_LABELS[type]}</h3>
    <input type="hidden" name="type" value="${type}" />
    ${fields}
    <button type="submit">${EVENT_LABELS[type]}</button>
  </form>`;
}

/**
 * 批量操作: the filter and the action, a dry run's list of what would change (and what each measure would refuse,
 * and why), the 确认执行 form carrying the same fields, and the report of what succeeded and what was refused.
 */
import type { Actor } from '../../domain/events';
import type { BulkItem, BulkReport } from '../../service/bulk';
import type { Directory } from '../directory';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import { deadline, EVENT_LABELS, stateLabel } from '../words';
import { lightAndStateSelects, select } from './board-page';
import { hiddenFields } from './import-review';
import { dataTable, measureHref } from './parts';

export const BULK_ACTION_LABELS = { extend: '延期', remind: '催办', reassign: '改派', cancel: '撤销' } as const;
export const BULK_PARAM_LABELS: Record<string, string> = {
  newDueAt: '新的完成时限',
  reason: '理由',
  lead: '新的牵头部门',
  support: '新的配合部门',
  note: '催办说明',
};
const OUTCOME_LABELS: Record<BulkItem['outcome'], string> = {
  succeeded: '已办理',
  refused: '被拒绝',
  failed: '失败',
  would_change: '将办理',
  would_be_refused: '将被拒绝',
};

export interface BulkForm {
  /** The form's fields as last posted (or the filter of the query). */
  fields: Record<string, string>;
  refusal?: string;
  detail?: string;
  report?: BulkReport;
}

export interface BulkPageData extends BulkForm {
  actor: Actor;
  directory: Directory;
}

const side = (s: BulkItem['before']) =>
  s ? `${stateLabel(s.state)} · 时限 ${deadline(s.dueAt)} · 牵头 ${s.lead.join('、')}` : '';

function reportView(r: BulkReport, fields: Record<string, string>): SafeHtml {
  const c = r.counts;
  const summary = r.dryRun
    ? `试运行：符合条件 ${r.matched} 项，将办理 ${c.would_change} 项，将被拒绝 ${c.would_be_refused} 项${c.failed ? `，无法读取 ${c.failed} 项` : ''}。尚未做任何更改。`
    : `已执行「${BULK_ACTION_LABELS[r.action]}」：成功 ${c.succeeded} 项，被拒绝 ${c.refused} 项，失败 ${c.failed} 项。`;
  return html`<section aria-labelledby="report-h">
    <h2 id="report-h">${r.dryRun ? '试运行结果' : '执行结果'}</h2>
    <p class="notice" role="status">${summary}</p>
    ${dataTable(
      '逐项',
      ['措施', '结果', '办理前', '办理后 / 原因'],
      r.items.map(
        (i) =>
          html`<tr class="${i.outcome}">
            <th scope="row"><a href="${measureHref(i)}">${i.planId} ${i.measureId}</a> ${i.title ?? ''}</th>
            <td>${OUTCOME_LABELS[i.outcome]}</td>
            <td>${side(i.before)}</td>
            <td>
              ${
                i.after
                  ? side(i.after)
                  : html`${i.outcome === 'failed' ? '未能读取或办理。' : `这项措施现在不能「${EVENT_LABELS[r.event.type]}」。`}
                      <small class="meta">${i.reason ?? ''}</small>`
              }
            </td>
          </tr>`,
      ),
    )}
    ${
      r.dryRun && c.would_change > 0
        ? html`<form method="post" action="/app/bulk" class="signin" aria-label="确认执行">
            <p>
              确认后对以上“将办理”的 ${c.would_change}
              项措施执行「${BULK_ACTION_LABELS[r.action]}」，每项由其流程自行判定。
            </p>
            ${hiddenFields(fields, ['step'])}
            <button type="submit" name="step" value="confirm">确认执行</button>
            <a href="/app/bulk">放弃</a>
          </form>`
        : ''
    }
  </section>`;
}

function input(name: string, label: string, value: string | undefined, type = 'text'): SafeHtml {
  return html`<div>
    <label for="b-${name}">${label}</label>
    <input id="b-${name}" name="${name}" type="${type}" value="${value ?? ''}" />
  </div>`;
}

export function bulkPage(d: BulkPageData): string {
  const f = d.fields;
  const departments = d.directory.departments.map((x) => ({ value: x, label: x }));
  const form = html`<form method="post" action="/app/bulk" aria-label="选择措施和操作">
    <fieldset class="filters">
      <legend>选择措施</legend>
      ${select(
        'plan',
        '整改方案',
        f.plan,
        d.directory.plans.map((p) => ({ value: p.id, label: p.title })),
      )}
      ${input('indicator', '指标序号', f.indicator)} ${select('lead', '牵头部门', f.lead, departments)}
      ${lightAndStateSelects(f)}
    </fieldset>
    <fieldset class="filters">
      <legend>操作</legend>
      <div>
        <label for="b-action">批量操作</label>
        <select id="b-action" name="action" required>
          <option value="">请选择</option>
          ${Object.entries(BULK_ACTION_LABELS).map(
            ([value, label]) =>
              html`<option value="${value}" ${f.action === value ? html`selected` : ''}>${label}</option>`,
          )}
        </select>
      </div>
      ${input('newDueAt', '新的完成时限（延期）', f.newDueAt, 'date')}
      ${input('newLead', '新的牵头部门（改派，多个用顿号分隔）', f.newLead)}
      ${input('reason', '理由（延期、改派、撤销）', f.reason)} ${input('note', '催办说明（选填）', f.note)}
    </fieldset>
    <button type="submit" name="step" value="preview">试运行</button>
  </form>`;
  const body = html`<p class="meta">先试运行，列出每项措施将如何变化；确认后才执行。</p>
    ${
      d.refusal
        ? html`<div class="refusal" role="alert">${d.refusal}${d.detail ? html`<small>${d.detail}</small>` : ''}</div>`
        : ''
    }
    ${d.report ? reportView(d.report, f) : ''} ${form}`;
  return page({ title: '批量操作', actor: d.actor, current: 'bulk' }, body);
}

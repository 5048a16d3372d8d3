/**
 * A re-import of a plan that exists already: the amendment diff (diffPlans, via importPlan) in Chinese — measures
 * added, removed, and changed field by field — with a 确认修订 button that posts the same form again with
 * action=apply (the API's `?apply=1`); once applied, each measure's outcome (applied, skipped, failed and why).
 */
import type { AmendmentReport } from '../../importer/amend';
import type { AmendField, FactValue } from '../../measure';
import { html, type SafeHtml } from '../html';
import { deadline } from '../words';
import { hiddenFields } from './import-review';
import { dataTable, measureHref } from './parts';

const FIELD_LABELS: Record<AmendField, string> = {
  title: '措施标题',
  lead: '牵头部门',
  support: '配合部门',
  leaders: '责任领导',
  dueAt: '完成时限',
};
const CHANGE_LABELS = { added: '新增', removed: '删除', changed: '变更' } as const;
const OUTCOME_LABELS = { applied: '已修订', skipped: '未修订', failed: '失败' } as const;

function fact(field: AmendField, value: FactValue): string {
  if (field === 'dueAt') return deadline(value as string | null);
  if (Array.isArray(value)) return value.length ? value.join('、') : '（无）';
  return value ?? '（无）';
}

export function amendmentView(a: AmendmentReport, posted: Record<string, string> | undefined): SafeHtml {
  const { diff } = a;
  const counts = `新增 ${diff.added.length} 项，删除 ${diff.removed.length} 项，变更 ${diff.changed.length} 项，未变 ${diff.unchanged} 项`;
  const changed = diff.changed.flatMap((c) =>
    c.changes.map(
      (f, i) =>
        html`<tr>
          ${
            i === 0
              ? html`<th scope="row" rowspan="${c.changes.length}">
                  <a href="${measureHref({ planId: a.planId, measureId: c.id })}">${c.id}</a> ${c.title}
                </th>`
              : ''
          }
          <td>${FIELD_LABELS[f.field]}</td>
          <td>${fact(f.field, f.from)}</td>
          <td>${fact(f.field, f.to)}</td>
        </tr>`,
    ),
  );
  const list = (title: string, items: typeof diff.added) =>
    items.length
      ? html`<h3>${title}</h3>
          <ul>
            ${items.map((m) => html`<li>${m.id} ${m.title}（牵头 ${m.lead.join('、')}，时限 ${deadline(m.dueAt)}）</li>`)}
          </ul>`
      : '';
  const results = a.applied
    ? html`<div class="notice" role="status">
          方案 ${a.planId} 已修订为第 ${a.revision} 版：已修订 ${a.counts.applied} 项，未修订 ${a.counts.skipped}
          项，失败 ${a.counts.failed} 项。
          <a href="/app/board?plan=${encodeURIComponent(a.planId)}">在督办看板中查看</a>
        </div>
        ${dataTable(
          '逐项结果',
          ['措施', '差异', '结果', '原因'],
          a.results.map(
            (r) =>
              html`<tr>
                <th scope="row">${r.measureId}</th>
                <td>
                  ${CHANGE_LABELS[r.change]}${r.fields?.length ? `（${r.fields.map((f) => FIELD_LABELS[f]).join('、')}）` : ''}
                </td>
                <td>${OUTCOME_LABELS[r.outcome]}</td>
                <td>${r.reason ?? ''}</td>
              </tr>`,
          ),
        )}`
    : html`<form method="post" action="/app/import" enctype="multipart/form-data" class="signin" aria-label="确认修订">
        <p>
          方案 ${a.planId} 已导入过（第 ${a.baseRevision} 版）。确认后按上述差异修订为第 ${a.revision}
          版：变更的措施收到“方案修订”，新增的措施启动，删除的措施撤销；已销号或已撤销的措施不受影响。
        </p>
        ${hiddenFields(posted ?? {}, ['action'])}
        <button type="submit" name="action" value="apply">确认修订</button>
        <a href="/app/import">放弃</a>
      </form>`;
  return html`<section class="amendment" aria-labelledby="diff-h">
    <h2 id="diff-h">与已导入方案的差异：${counts}</h2>
    ${changed.length ? dataTable('逐项变更', ['措施', '项目', '原为', '改为'], changed) : ''}
    ${list('新增的措施', diff.added)} ${list('删除的措施', diff.removed)} ${results}
  </section>`;
}

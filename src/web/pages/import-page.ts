/**
 * 导入方案 (coordinator): paste a plan document (or a JSON/YAML plan file), preview what duban understood — every
 * measure with its units, leaders and deadline, and each doubt with its source line — then import and start it.
 * The same importer as `POST /api/plans` and `duban import`, so all three refuse the same inputs.
 */
import type { Actor } from '../../domain/events';
import type { Plan } from '../../domain/plan';
import type { ParseError } from '../../importer/parse-types';
import type { Doubt } from '../../importer/review';
import type { StartReport } from '../../importer/start';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import { deadline } from '../words';
import { measureHref } from './parts';

export interface ImportForm {
  source: string;
  planId?: string;
  deadline?: string;
}

export interface ImportPageData {
  actor: Actor;
  form: ImportForm;
  /** What a preview understood: the plan as far as read, and its doubts. */
  preview?: { plan: Pick<Plan, 'id' | 'title' | 'indicators'>; doubts: Doubt[]; ready: boolean };
  errors?: ParseError[];
  report?: StartReport;
}

function measuresTable(plan: ImportPageData['preview'] & object): SafeHtml {
  const rows = plan.plan.indicators.flatMap((indicator) =>
    indicator.measures.map(
      (m) =>
        html`<tr>
          <th scope="row">${m.id}</th>
          <td>${m.title}</td>
          <td>${m.lead.join('、') || html`<strong class="todo">未识别</strong>`}</td>
          <td>${m.support.join('、')}</td>
          <td>${m.leaders.join('、')}</td>
          <td>${deadline(m.dueAt)}</td>
        </tr>`,
    ),
  );
  return html`<div class="scroll">
    <table>
      <caption class="meta">
        方案 ${plan.plan.title}（编号 ${plan.plan.id}）
      </caption>
      <thead>
        <tr>
          <th scope="col">编号</th>
          <th scope="col">整改措施</th>
          <th scope="col">牵头部门</th>
          <th scope="col">配合部门</th>
          <th scope="col">责任领导</th>
          <th scope="col">完成时限</th>
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

function problems(
  title: string,
  items: Array<{ line?: number; message: string; excerpt?: string; severity?: string }>,
) {
  if (!items.length) return '';
  return html`<h2>${title}</h2>
    <ul>
      ${items.map(
        (d) =>
          html`<li>
            ${d.severity === 'error' ? html`<strong>须处理</strong> ` : d.severity === 'warning' ? '提示 ' : ''}
            ${d.line ? `第 ${d.line} 行：` : ''}${d.message}${d.excerpt ? html`<div class="meta">原文：${d.excerpt}</div>` : ''}
          </li>`,
      )}
    </ul>`;
}

export function importPage(d: ImportPageData): string {
  const f = d.form;
  const report = d.report
    ? html`<div class="notice" role="status">
          方案 ${d.report.planId} 已导入：新启动 ${d.report.started} 项，已存在 ${d.report.existing}
          项${d.report.pastDue.length ? `，其中 ${d.report.pastDue.length} 项导入时已逾期（红灯）` : ''}。
          <a href="/app/board?plan=${encodeURIComponent(d.report.planId)}">在督办看板中查看</a>
        </div>
        <ul class="cards">
          ${d.report.measures.map(
            (m) =>
              html`<li class="card">
                <h3>
                  <a href="${measureHref({ planId: d.report!.planId, measureId: m.measureId })}"
                    >${m.measureId} ${m.title}</a
                  >
                </h3>
                <p class="meta">
                  牵头 ${m.lead.join('、')} · 时限 ${deadline(m.dueAt)} ·
                  ${m.outcome === 'started' ? '已启动' : '已存在'}
                </p>
              </li>`,
          )}
        </ul>`
    : '';
  const body = html` ${report}
    ${d.errors?.length ? html`<div class="refusal" role="alert">方案有 ${d.errors.length} 处错误，未启动任何措施。</div>` : ''}
    ${problems('错误', d.errors ?? [])}
    ${
      d.preview
        ? html`<h2>预览：识别出 ${d.preview.plan.indicators.reduce((n, i) => n + i.measures.length, 0)} 项措施</h2>
            ${d.preview.ready ? '' : html`<p class="refusal">还有须处理的问题：请修改原文后再预览。</p>`}
            ${measuresTable(d.preview)} ${problems('存疑之处', d.preview.doubts)}`
        : ''
    }
    <form method="post" action="/app/import" class="signin">
      <label for="source">方案全文（文本，或 JSON/YAML 方案文件）</label>
      <textarea id="source" name="source" rows="14" required>${f.source}</textarea>
      <label for="planId">方案编号（选填，小写字母、数字和连字符）</label>
      <input id="planId" name="planId" value="${f.planId ?? ''}" pattern="[a-z0-9][a-z0-9\\-]{0,62}" />
      <label for="deadline">统一完成时限（选填）</label>
      <input id="deadline" name="deadline" type="date" value="${f.deadline ?? ''}" />
      <button type="submit" name="action" value="preview" class="secondary">预览</button>
      <button type="submit" name="action" value="start">导入并启动</button>
    </form>
    <p class="meta">
      Word（.docx）和 Excel（.xlsx）文件请用 <code>duban import</code> 或 <code>POST /api/plans</code> 导入。
    </p>`;
  return page({ title: '导入方案', actor: d.actor, current: 'import' }, body);
}

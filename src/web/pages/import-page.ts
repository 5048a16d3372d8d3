/**
 * 导入方案 (coordinator): upload a plan document (.docx, .xlsx, .txt) or a JSON/YAML plan file, or paste its text;
 * see what duban understood (import-review.ts: doubts in Chinese beside the text, corrections in place), import and
 * start it; a plan that exists already shows its amendment diff first (amendment-view.ts). The same importer as
 * `POST /api/plans` and `duban import`, so all three refuse the same inputs.
 */
import type { Actor } from '../../domain/events';
import { measureCount, type Plan } from '../../domain/plan';
import type { AmendmentReport } from '../../importer/amend';
import type { ParseError } from '../../importer/parse-types';
import type { Doubt, Review } from '../../importer/review';
import type { StartReport } from '../../importer/start';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import { deadline, doubtText } from '../words';
import { amendmentView } from './amendment-view';
import { doubtList, hiddenFields, reviewView, type CorrectionIssue } from './import-review';
import { dataTable, measureHref } from './parts';

export interface ImportForm {
  source: string;
  filename?: string;
  planId?: string;
  deadline?: string;
}

export interface ImportPageData {
  actor: Actor;
  form: ImportForm;
  /** A document's review, to correct in place. */
  review?: Review;
  /** A plan file's preview (already editable: no corrections here). */
  planFile?: { plan: Pick<Plan, 'id' | 'title' | 'indicators'>; doubts: Doubt[] };
  /** The fields last posted: the corrections kept after a refusal, and what a 确认修订 posts again. */
  posted?: Record<string, string>;
  issues?: CorrectionIssue[];
  errors?: ParseError[];
  refusal?: { text: string; detail?: string };
  amendment?: AmendmentReport;
  report?: StartReport;
}

function measuresTable(plan: Pick<Plan, 'id' | 'title' | 'indicators'>): SafeHtml {
  const rows = plan.indicators.flatMap((indicator) =>
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
  const heads = ['编号', '整改措施', '牵头部门', '配合部门', '责任领导', '完成时限'];
  return dataTable(`方案 ${plan.title}（编号 ${plan.id}）`, heads, rows);
}

function reportView(r: StartReport): SafeHtml {
  return html`<div class="notice" role="status">
      方案 ${r.planId} 已导入：新启动 ${r.started} 项，已在办理 ${r.existing}
      项${r.pastDue.length ? `，其中 ${r.pastDue.length} 项导入时已逾期（红灯）` : ''}。
      <a href="/app/board?plan=${encodeURIComponent(r.planId)}">在督办看板中查看</a>
    </div>
    <ul class="cards">
      ${r.measures.map(
        (m) =>
          html`<li class="card">
            <h3>
              <a href="${measureHref({ planId: r.planId, measureId: m.measureId })}">${m.measureId} ${m.title}</a>
            </h3>
            <p class="meta">
              牵头 ${m.lead.join('、')} · 时限 ${deadline(m.dueAt)} · ${m.outcome === 'started' ? '新启动' : '已在办理'}
            </p>
          </li>`,
      )}
    </ul>`;
}

function errorsView(errors: readonly ParseError[]): SafeHtml {
  return html`<div class="refusal" role="alert">方案有 ${errors.length} 处错误，未启动任何措施。</div>
    <h2>错误</h2>
    <ul class="doubts">
      ${errors.map(
        (e) =>
          html`<li class="error">
            <strong>须处理</strong> ${e.line ? `第 ${e.line} 行：` : ''}${doubtText(e)}
            <small class="meta">${e.message}</small>
          </li>`,
      )}
    </ul>`;
}

function uploadForm(f: ImportForm): SafeHtml {
  return html`<form
    method="post"
    action="/app/import"
    enctype="multipart/form-data"
    class="signin"
    aria-label="上传方案"
  >
    <label for="file">方案文件（Word .docx、Excel .xlsx、文本 .txt，或 JSON/YAML 方案文件）</label>
    <input id="file" name="file" type="file" accept=".docx,.xlsx,.txt,.md,.json,.yaml,.yml" />
    <label for="source">或粘贴方案全文（文本，或 JSON/YAML 方案文件）</label>
    <textarea id="source" name="source" rows="10">${f.filename ? '' : f.source}</textarea>
    <label for="planId">方案编号（选填，小写字母、数字和连字符）</label>
    <input id="planId" name="planId" value="${f.planId ?? ''}" pattern="[a-z0-9][a-z0-9\\-]{0,62}" />
    <label for="deadline">统一完成时限（选填）</label>
    <input id="deadline" name="deadline" type="date" value="${f.deadline ?? ''}" />
    <button type="submit" name="action" value="preview" class="secondary">预览</button>
    <button type="submit" name="action" value="start">导入并启动</button>
  </form>`;
}

export function importPage(d: ImportPageData): string {
  const f = d.form;
  const carry = { filename: f.filename, planId: f.planId, deadline: f.deadline };
  const working = Boolean(d.review || d.planFile || d.amendment);
  const body = html`${d.report ? reportView(d.report) : ''}
    ${
      d.refusal
        ? html`<div class="refusal" role="alert">
            ${d.refusal.text}${d.refusal.detail ? html`<small>${d.refusal.detail}</small>` : ''}
          </div>`
        : ''
    }
    ${d.errors?.length ? errorsView(d.errors) : ''} ${d.amendment ? amendmentView(d.amendment, d.posted) : ''}
    ${
      d.review && !d.amendment
        ? reviewView({ review: d.review, source: f.source, posted: d.posted, issues: d.issues, carry })
        : ''
    }
    ${
      d.planFile
        ? html`<h2>预览：识别出 ${measureCount(d.planFile.plan)} 项措施</h2>
            ${measuresTable(d.planFile.plan)}
            <h2>存疑之处</h2>
            ${doubtList(d.planFile.doubts, false)}
            <form
              method="post"
              action="/app/import"
              enctype="multipart/form-data"
              class="signin"
              aria-label="导入方案文件"
            >
              ${hiddenFields({ ...carry, source: f.source })}
              <button type="submit" name="action" value="start">导入并启动</button>
            </form>`
        : ''
    }
    ${
      working
        ? html`<details class="upload">
            <summary>上传其他方案</summary>
            ${uploadForm({ source: '' })}
          </details>`
        : uploadForm(f)
    }
    <p class="meta">同一方案再次导入时，先列出与已导入方案的差异，确认后才修订。</p>`;
  return page({ title: '导入方案', actor: d.actor, current: 'import' }, body);
}

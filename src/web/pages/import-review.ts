/**
 * The review of an uploaded plan document, for the coordinator: each 存疑之处 in Chinese with a link to its line,
 * the document text beside them with those lines marked, and per measure a fieldset of what was understood (牵头部门,
 * 配合部门, 责任领导, 完成时限) to correct in place before 导入并启动. The form carries the document's text back, so
 * the server reviews exactly what was shown.
 */
import type { Doubt, Review } from '../../importer/review';
import { measureCount } from '../../domain/plan';
import { shanghaiDate } from '../../measure';
import { html, type SafeHtml } from '../html';
import { doubtText } from '../words';

export interface CorrectionIssue {
  index: number;
  field: string;
  /** The field in Chinese. */
  label: string;
  message: string;
}

export interface ReviewView {
  review: Review;
  source: string;
  /** The fields the form was last posted with (kept after a refusal), else what the review understood. */
  posted?: Record<string, string>;
  issues?: CorrectionIssue[];
  /** Hidden fields that travel with the form (filename, planId, deadline). */
  carry: Record<string, string | undefined>;
}

export function hiddenFields(fields: Record<string, string | undefined>, except: readonly string[] = []): SafeHtml {
  return html`${Object.entries(fields)
    .filter(([k, v]) => v !== undefined && !except.includes(k))
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)}`;
}

export function doubtList(doubts: readonly Doubt[], linked: boolean): SafeHtml {
  if (!doubts.length) return html`<p class="meta">没有存疑之处。</p>`;
  return html`<ul class="doubts">
    ${doubts.map((d) => {
      const where = d.line ? (linked ? html`<a href="#L${d.line}">第 ${d.line} 行</a>：` : `第 ${d.line} 行：`) : '';
      const about = d.measureId ? `措施 ${d.measureId}：` : '';
      return html`<li class="${d.severity}">
        <strong>${d.severity === 'error' ? '须处理' : '请核对'}</strong> ${where}${about}${doubtText(d)}
        ${d.excerpt ? html`<div class="meta">原文：${d.excerpt}</div>` : ''}
      </li>`;
    })}
  </ul>`;
}

function sourceView(source: string, doubts: readonly Doubt[]): SafeHtml {
  const flagged = new Map<number, Doubt['severity']>();
  for (const d of doubts) if (d.line && flagged.get(d.line) !== 'error') flagged.set(d.line, d.severity);
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  return html`<div class="source-view" tabindex="0" role="region" aria-label="方案原文">
    <ol class="source">
      ${lines.map((text, i) => {
        const severity = flagged.get(i + 1);
        const body = text === '' ? '\u00a0' : text;
        return html`<li id="L${i + 1}" ${severity ? html`class="flagged ${severity}"` : ''}>
          ${severity ? html`<mark>${body}</mark>` : body}
        </li>`;
      })}
    </ol>
  </div>`;
}

const names = (list: readonly string[]) => list.join('、');

function measureFields(v: ReviewView): SafeHtml {
  const measures = v.review.plan.indicators.flatMap((i) => i.measures);
  const doubted = new Set(v.review.doubts.map((d) => d.measureId).filter(Boolean));
  return html`${measures.map((m, k) => {
    const understood: Record<string, string> = {
      lead: names(m.lead),
      support: names(m.support),
      leaders: names(m.leaders),
      dueAt: m.dueAt ? shanghaiDate(Date.parse(m.dueAt)) : '',
    };
    const value = (f: string) => v.posted?.[`m${k}-${f}`] ?? (v.posted ? '' : understood[f]!);
    const issue = (f: string) => v.issues?.find((i) => i.index === k && i.field === f);
    const field = (f: string, label: string, type = 'text', hint = '') => {
      const problem = issue(f);
      const id = `m${k}-${f}`;
      return html`<div>
        <label for="${id}">${label}${hint ? html`<span class="meta">（${hint}）</span>` : ''}</label>
        <input
          id="${id}"
          name="${id}"
          type="${type}"
          value="${value(f)}"
          ${f === 'lead' ? html`required` : ''}
          ${problem ? html`aria-invalid="true" aria-describedby="${id}-error"` : ''}
        />
        ${problem ? html`<p class="field-error" id="${id}-error">${problem.label}：${fieldProblem(f)}</p>` : ''}
      </div>`;
    };
    return html`<fieldset class="measure ${doubted.has(m.id) ? 'doubted' : ''}" id="measure-${m.id}">
      <legend>措施 ${m.id} ${m.title}</legend>
      ${m.line ? html`<p class="meta"><a href="#L${m.line}">原文第 ${m.line} 行</a></p>` : ''}
      <div class="fields">
        ${field('lead', '牵头部门', 'text', '多个用顿号分隔')} ${field('support', '配合部门')}
        ${field('leaders', '责任领导')} ${field('dueAt', '完成时限', 'date', '留空为持续推进')}
      </div>
    </fieldset>`;
  })}`;
}

function fieldProblem(field: string): string {
  if (field === 'lead') return '请至少填写一个牵头部门';
  if (field === 'dueAt') return '请填写日期（年-月-日），或留空表示持续推进';
  return '名称太长或太多';
}

export function reviewView(v: ReviewView): SafeHtml {
  const measures = measureCount(v.review.plan);
  const errors = v.review.doubts.filter((d) => d.severity === 'error').length;
  return html`<h2>
      识别结果：方案“${v.review.plan.title || '（无标题）'}”（编号 ${v.review.plan.id}），共 ${measures} 项措施
    </h2>
    ${
      v.issues?.length
        ? html`<div class="refusal" role="alert">
            有 ${v.issues.length} 处更正不符合要求，请修改标出的字段后再导入。
          </div>`
        : ''
    }
    <div class="review">
      <section aria-labelledby="doubts-h">
        <h2 id="doubts-h">存疑之处（${v.review.doubts.length}）</h2>
        ${doubtList(v.review.doubts, true)}
        <form
          method="post"
          action="/app/import"
          enctype="multipart/form-data"
          class="corrections"
          aria-label="更正并导入"
        >
          <p class="meta">
            下面是识别出的责任分工和时限，可直接更正。${errors ? `须处理的 ${errors} 处填好后才能导入。` : ''}
          </p>
          ${hiddenFields({ ...v.carry, source: v.source, corrections: '1' })} ${measureFields(v)}
          <button type="submit" name="action" value="start">导入并启动</button>
        </form>
      </section>
      <section aria-labelledby="source-h">
        <h2 id="source-h">方案原文</h2>
        ${sourceView(v.source, v.review.doubts)}
      </section>
    </div>`;
}

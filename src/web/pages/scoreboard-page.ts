/** 考核统计: the department scoreboard (src/reports/scoreboard.ts), ranked by score, and the 台账 download. */
import type { Actor } from '../../domain/events';
import { GRADES } from '../../measure';
import type { DepartmentScore } from '../../reports/scoreboard';
import type { Directory } from '../directory';
import { html } from '../html';
import { page } from '../layout';
import { planPicker } from './parts';

/** The 督办通报 of the chosen plan for a period: from the first of this month to today unless changed. */
function bulletinForm(plan: string, today: string) {
  return html`<form method="get" action="/app/bulletin.docx" class="bulletin">
    <input type="hidden" name="plan" value="${plan}" />
    <label>通报期间 自 <input type="date" name="since" value="${today.slice(0, 8)}01" required /></label>
    <label>至 <input type="date" name="until" value="${today}" /></label>
    <button type="submit">生成督办通报（Word）</button>
  </form>`;
}

export function scoreboardPage(d: {
  actor: Actor;
  directory: Directory;
  plan?: string;
  rows: DepartmentScore[];
  /** Today in Beijing time (YYYY-MM-DD), the period's default end. */
  today: string;
}) {
  const ledger = `/app/ledger.xlsx${d.plan ? `?plan=${encodeURIComponent(d.plan)}` : ''}`;
  const body = html` ${planPicker('/app/scoreboard', d.directory, d.plan)}
    <p><a href="${ledger}" download>下载整改台账（Excel）</a></p>
    ${d.plan ? bulletinForm(d.plan, d.today) : ''}
    <div class="scroll" tabindex="0" role="region" aria-label="考核统计表（可横向滚动）">
      <table>
        <caption class="meta">
          按牵头部门统计，按考核得分排名（满分 100：完成 40、按时 30、质量 30，逾期未完成每项扣 2 分、退回每次扣 1 分）
        </caption>
        <thead>
          <tr>
            <th scope="col">名次</th>
            <th scope="col">牵头部门</th>
            <th scope="col">得分</th>
            <th scope="col">措施</th>
            <th scope="col">红灯</th>
            <th scope="col">橙灯</th>
            <th scope="col">黄灯</th>
            <th scope="col">绿灯</th>
            <th scope="col">灰灯（缓办）</th>
            <th scope="col">已验收/销号</th>
            <th scope="col">逾期完成</th>
            <th scope="col">升级督办</th>
            <th scope="col">完成率</th>
            <th scope="col">按时率</th>
            <th scope="col">逾期未完成</th>
            <th scope="col">最长逾期（工作日）</th>
            <th scope="col">退回次数</th>
            <th scope="col">质量评定（${GRADES.join('/')}）</th>
          </tr>
        </thead>
        <tbody>
          ${d.rows.map(
            (r) =>
              html`<tr>
                <td class="num">${r.rank ?? '—'}</td>
                <th scope="row">${r.department}</th>
                <td class="num">${r.score === null ? '—' : r.score.toFixed(1)}</td>
                <td class="num">${r.total}</td>
                <td class="num">${r.open.red}</td>
                <td class="num">${r.open.orange}</td>
                <td class="num">${r.open.yellow}</td>
                <td class="num">${r.open.green}</td>
                <td class="num">${r.open.grey}</td>
                <td class="num">${r.done}</td>
                <td class="num">${r.late}</td>
                <td class="num">${r.escalated}</td>
                <td class="num">${Math.round(r.completion * 100)}%</td>
                <td class="num">${r.onTimeRate === null ? '—' : `${Math.round(r.onTimeRate * 100)}%`}</td>
                <td class="num">${r.overdueOpen}</td>
                <td class="num">${r.longestOverdueWorkdays}</td>
                <td class="num">${r.rejections}</td>
                <td class="num">${GRADES.map((g) => r.grades[g]).join('/')}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  return page({ title: '考核统计', actor: d.actor, current: 'scoreboard' }, body);
}

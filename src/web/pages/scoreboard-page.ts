/** 考核统计: the department scoreboard (src/reports/scoreboard.ts) and the 台账 download. */
import type { Actor } from '../../domain/events';
import type { DepartmentScore } from '../../reports/scoreboard';
import type { Directory } from '../directory';
import { html } from '../html';
import { page } from '../layout';
import { planPicker } from './parts';

export function scoreboardPage(d: { actor: Actor; directory: Directory; plan?: string; rows: DepartmentScore[] }) {
  const ledger = `/app/ledger.xlsx${d.plan ? `?plan=${encodeURIComponent(d.plan)}` : ''}`;
  const body = html` ${planPicker('/app/scoreboard', d.directory, d.plan)}
    <p><a href="${ledger}" download>下载整改台账（Excel）</a></p>
    <div class="scroll">
      <table>
        <caption class="meta">
          按牵头部门统计；逾期未报结多的排在前面
        </caption>
        <thead>
          <tr>
            <th scope="col">牵头部门</th>
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
          </tr>
        </thead>
        <tbody>
          ${d.rows.map(
            (r) =>
              html`<tr>
                <th scope="row">${r.department}</th>
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
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  return page({ title: '考核统计', actor: d.actor, current: 'scoreboard' }, body);
}

/**
 * 登录: in dev mode, pick an actor (the departments and leaders of the imported plans, the supervision group, the
 * coordinating office) and get the dev token `duban token` would print; in both modes, paste a token from the
 * tokens file.
 */
import { html } from '../html';
import { page } from '../layout';
import type { Directory } from '../directory';

export function loginPage(opts: { dev: boolean; directory?: Directory; next: string; error?: string }): string {
  const { directory, next } = opts;
  const picker = (title: string, actors: Array<{ actor: string; label: string }>) =>
    actors.length
      ? html`<h2>${title}</h2>
          <ul class="actors">
            ${actors.map(
              (a) => html`<li><button type="submit" name="actor" value="${a.actor}">${a.label}</button></li>`,
            )}
          </ul>`
      : '';
  const dev =
    opts.dev && directory
      ? html`<form method="post" action="/app/login" class="signin">
          <p>开发模式：选择身份即可登录（与 <code>duban token</code> 打印的令牌相同）。</p>
          <input type="hidden" name="next" value="${next}" />
          ${picker('督办机构', [
            { actor: 'supervisor', label: '联合督导组' },
            { actor: 'coordinator', label: '统筹协调办公室' },
          ])}
          ${picker(
            '部门',
            directory.departments.map((d) => ({ actor: `dept:${d}`, label: d })),
          )}
          ${picker(
            '责任领导',
            directory.leaders.map((l) => ({ actor: `leader:${l}`, label: l })),
          )}
        </form>`
      : '';
  const body = html` ${opts.error ? html`<p class="refusal" role="alert">${opts.error}</p>` : ''} ${dev}
    <h2>使用令牌登录</h2>
    <form method="post" action="/app/login" class="signin">
      <input type="hidden" name="next" value="${next}" />
      <label for="token">访问令牌（由管理员用 <code>duban token &lt;身份&gt; --add</code> 发放）</label>
      <input id="token" name="token" type="password" autocomplete="off" required />
      <button type="submit">登录</button>
    </form>`;
  return page({ title: '登录' }, body);
}

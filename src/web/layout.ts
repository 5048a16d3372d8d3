/**
 * The page shell every workbench page shares: Chinese, a viewport for phones, the navigation for the signed-in
 * actor, one stylesheet and one small script (served by the workbench itself, never a CDN).
 */
import type { Actor } from '../domain/events';
import { html, type SafeHtml } from './html';
import { actorLabel } from './words';

export interface PageOptions {
  title: string;
  /** The signed-in actor; absent on the sign-in page. */
  actor?: Actor;
  /** Which navigation entry is current. */
  current?: 'inbox' | 'board' | 'scoreboard' | 'import' | 'bulk';
}

const NAV = [
  { key: 'inbox', href: '/app/inbox', label: '我的待办' },
  { key: 'board', href: '/app/board', label: '督办看板' },
  { key: 'scoreboard', href: '/app/scoreboard', label: '考核统计' },
  { key: 'import', href: '/app/import', label: '导入方案', only: ['coordinator'] },
  { key: 'bulk', href: '/app/bulk', label: '批量操作', only: ['supervisor', 'coordinator'] },
] as const;

export function page(opts: PageOptions, body: SafeHtml): string {
  const nav = opts.actor
    ? html`<nav aria-label="主导航">
        ${NAV.filter((n) => !('only' in n) || (n.only as readonly string[]).includes(opts.actor!)).map(
          (n) => html`<a href="${n.href}" ${opts.current === n.key ? html`aria-current="page"` : ''}>${n.label}</a>`,
        )}
        <form method="post" action="/app/logout" class="signout">
          <span class="who">${actorLabel(opts.actor)}</span>
          <button type="submit">退出</button>
        </form>
      </nav>`
    : '';
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${opts.title} · 督办工作台</title>
        <link rel="stylesheet" href="/app/assets/app.css" />
        <script src="/app/assets/app.js" defer></script>
      </head>
      <body>
        <header><a class="brand" href="/app/inbox">督办工作台</a>${nav}</header>
        <main id="main">
          <h1>${opts.title}</h1>
          ${body}
        </main>
      </body>
    </html>`.value;
}

/**
 * The one script: a page with an 自动刷新 checkbox reloads itself while the box is ticked (a meta refresh cannot be
 * paused, which WCAG 2.2.1 asks for). Everything else works without JavaScript.
 */
export const SCRIPT = `'use strict';
(() => {
  const box = document.getElementById('auto-refresh');
  if (!box) return;
  const seconds = Number(box.dataset.seconds) || 60;
  setInterval(() => {
    if (box.checked && document.visibilityState === 'visible') location.reload();
  }, seconds * 1000);
})();
`;

/** The stylesheet: small, readable on a 390 px phone, no horizontal scrolling (long names wrap). */
export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f6f7f9;overflow-wrap:anywhere}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.6rem 1rem;background:#9f1c1c;color:#fff}
header a{color:#fff}
.brand{font-weight:700;text-decoration:none;font-size:1.1rem}
nav{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .9rem;flex:1}
nav a{text-decoration:none;padding:.2rem 0}
nav a[aria-current=page]{border-bottom:2px solid #fff;font-weight:600}
.signout{margin-left:auto;display:flex;gap:.5rem;align-items:center}
.signout button{background:transparent;color:#fff;border:1px solid #fff}
@media (max-width:40rem){nav{flex-basis:100%}}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.2rem 0 .8rem}
h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
a{color:#0b57d0}
:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem;padding:0;list-style:none}
.counts li{background:#fff;border:1px solid #d0d7de;border-radius:.4rem;padding:.3rem .7rem}
.cards{list-style:none;margin:0;padding:0;display:grid;gap:.6rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,22rem),1fr))}
.card{background:#fff;border:1px solid #d0d7de;border-left-width:6px;border-radius:.4rem;padding:.6rem .8rem}
.card.red{border-left-color:#c62828}.card.orange{border-left-color:#e8590c}.card.yellow{border-left-color:#e0a800}.card.green{border-left-color:#2e7d32}.card.grey{border-left-color:#8c959f}
.card h3{font-size:1rem;margin:0 0 .3rem}
.meta{color:#57606a;font-size:.9rem;margin:0}
.light{display:inline-block;border-radius:1rem;padding:0 .55rem;font-size:.85rem;font-weight:600;color:#fff;white-space:nowrap}
.light.red{background:#c62828}.light.orange{background:#b14a00}.light.yellow{background:#8a6500}.light.green{background:#2e7d32}.light.grey{background:#57606a}
.todo{color:#9f1c1c;font-weight:600}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;background:#fff;border:1px solid #d0d7de;border-radius:.4rem;padding:.7rem .9rem;margin:0}
dl.facts dt{color:#57606a}dl.facts dd{margin:0}
.text{background:#fff;border:1px solid #d0d7de;border-radius:.4rem;padding:.7rem .9rem;white-space:pre-wrap}
ol.timeline{list-style:none;margin:0;padding:0;border-left:3px solid #d0d7de}
ol.timeline li{position:relative;margin:0 0 .7rem;padding-left:.9rem}
ol.timeline li::before{content:"";position:absolute;left:-.5rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:#9f1c1c}
.actions{display:grid;gap:.8rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr))}
form.action,form.filters,form.signin{background:#fff;border:1px solid #d0d7de;border-radius:.4rem;padding:.7rem .9rem}
form.action h3{margin:0 0 .4rem;font-size:1rem}
label{display:block;font-size:.9rem;color:#3d444d;margin:.3rem 0 .15rem}
input,select,textarea{width:100%;font:inherit;padding:.4rem .5rem;border:1px solid #8c959f;border-radius:.3rem;background:#fff}
textarea{min-height:4.5rem}
input[type=checkbox]{width:auto;margin-right:.4rem}
button{font:inherit;padding:.45rem 1rem;border-radius:.3rem;border:1px solid #9f1c1c;background:#9f1c1c;color:#fff;cursor:pointer;margin-top:.5rem}
button.secondary{background:#fff;color:#9f1c1c}
.filters{display:grid;gap:.2rem .8rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,11rem),1fr));align-items:end;margin-bottom:1rem}
.notice{border-radius:.4rem;padding:.6rem .9rem;margin:0 0 1rem;background:#e6f4ea;border:1px solid #2e7d32}
.refusal{border-radius:.4rem;padding:.6rem .9rem;margin:0 0 1rem;background:#fdecea;border:1px solid #c62828}
.refusal small{display:block;color:#57606a;margin-top:.3rem}
.scroll{overflow-x:auto}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left}
th{background:#f0f2f5;white-space:nowrap}
td.num{text-align:right}
.pager{display:flex;gap:1rem;margin:1rem 0}
.actors{display:flex;flex-wrap:wrap;gap:.4rem;margin:0;padding:0;list-style:none}
.actors button{margin:0;background:#fff;color:#1f2328;border-color:#8c959f}
.review{display:grid;gap:1rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:60rem){.review{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.review .source-view{position:sticky;top:.5rem;max-height:90vh}}
.source-view{background:#fff;border:1px solid #d0d7de;border-radius:.4rem;overflow:auto;max-height:70vh}
ol.source{margin:0;padding:.4rem .6rem .4rem 3.2rem;font-size:.9rem}
ol.source li{white-space:pre-wrap;tab-size:2}
ol.source li::marker{color:#57606a;font-size:.8rem}
ol.source li.flagged mark{background:#fff3bf;color:inherit}ol.source li.flagged.error mark{background:#ffd8d8}
ol.source li:target{outline:3px solid #f2b705}
ul.doubts{padding-left:1.2rem}ul.doubts li{margin:.2rem 0}ul.doubts li.error strong{color:#9f1c1c}
fieldset{border:1px solid #d0d7de;border-radius:.4rem;background:#fff;margin:0 0 .7rem;padding:.5rem .8rem;min-width:0}
fieldset legend{font-weight:600;padding:0 .3rem}
fieldset.doubted{border-color:#c62828;border-left-width:6px}
.fields{display:grid;gap:.2rem .8rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,13rem),1fr))}
.field-error{color:#9f1c1c;font-size:.9rem;margin:.1rem 0}
input[aria-invalid=true]{border-color:#c62828;border-width:2px}
details.upload{margin:1rem 0}details.upload summary{cursor:pointer;color:#0b57d0}
`;

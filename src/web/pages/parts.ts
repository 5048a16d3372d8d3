/** Pieces several pages show the same way: a light badge, a measure card, light counts. */
import type { Light } from '../../domain/events';
import { measurePagePath } from '../../domain/links';
import type { Directory } from '../directory';
import { html, type SafeHtml } from '../html';
import { deadline, EVENT_LABELS, isLight, LIGHT_LABELS, LIGHT_ORDER, stateLabel } from '../words';
import type { EventType } from '../../domain/events';

export function lightBadge(light: string | undefined): SafeHtml {
  return isLight(light) ? html`<span class="light ${light}">${LIGHT_LABELS[light]}</span>` : html``;
}

export const measureHref = measurePagePath;

export interface CardData {
  planId: string;
  measureId: string;
  planTitle?: string;
  title?: string;
  light?: string;
  state?: string;
  dueAt?: string | null;
  lead: string[];
  indicator?: string;
  tasks?: EventType[];
}

export function measureCard(m: CardData): SafeHtml {
  const light = isLight(m.light) ? m.light : '';
  return html`<li class="card ${light}">
    <h3><a href="${measureHref(m)}">${m.measureId} ${m.title ?? ''}</a></h3>
    <p class="meta">
      ${lightBadge(m.light)} ${stateLabel(m.state)} · 时限 ${deadline(m.dueAt)} · 牵头 ${m.lead.join('、')}
    </p>
    <p class="meta">${m.planTitle ?? m.planId}${m.indicator ? ` · 指标 ${m.indicator}` : ''}</p>
    ${m.tasks?.length ? html`<p class="todo">待办：${m.tasks.map((t) => EVENT_LABELS[t]).join('、')}</p>` : ''}
  </li>`;
}

export function lightCounts(counts: Record<Light, number>, label: string): SafeHtml {
  return html`<ul class="counts" aria-label="${label}">
    ${LIGHT_ORDER.map((l) => html`<li>${lightBadge(l)} <strong>${counts[l]}</strong> 项</li>`)}
  </ul>`;
}

/** A one-select form that narrows a page to one plan (GET, so the address can be shared). */
export function planPicker(action: string, directory: Directory, current: string | undefined): SafeHtml {
  return html`<form method="get" action="${action}" class="filters" aria-label="选择方案">
    <div>
      <label for="plan-picker">整改方案</label>
      <select id="plan-picker" name="plan">
        <option value="">全部方案</option>
        ${directory.plans.map((p) => html`<option value="${p.id}" ${p.id === current ? html`selected` : ''}>${p.title}</option>`)}
      </select>
    </div>
    <div><button type="submit">查看</button></div>
  </form>`;
}

/** A table that scrolls sideways on a phone rather than widening the page: a caption, column heads, rows. */
export function dataTable(caption: string, heads: readonly string[], rows: SafeHtml | SafeHtml[]): SafeHtml {
  return html`<div class="scroll">
    <table>
      <caption class="meta">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${heads.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** Pieces several pages show the same way: a light badge, a measure card, light counts. */
import type { Light } from '../../domain/events';
import { html, type SafeHtml } from '../html';
import { deadline, EVENT_LABELS, isLight, LIGHT_LABELS, LIGHT_ORDER, stateLabel } from '../words';
import type { EventType } from '../../domain/events';

export function lightBadge(light: string | undefined): SafeHtml {
  return isLight(light) ? html`<span class="light ${light}">${LIGHT_LABELS[light]}</span>` : html``;
}

export function measureHref(m: { planId: string; measureId: string }): string {
  return `/app/measures/${encodeURIComponent(m.planId)}/${encodeURIComponent(m.measureId)}`;
}

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

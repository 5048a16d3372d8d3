/**
 * 督办看板: measures with their lights, filtered by plan, department, leader, light and state, one server-side page
 * at a time (visibility), with counts per light for the filter, refreshed every minute unless the box is unticked.
 */
import type { Actor, Light } from '../../domain/events';
import { STATES } from '../../measure';
import type { MeasureSummary } from '../../service/measures';
import type { MeasureFilter } from '../../temporal/visibility-query';
import type { Directory } from '../directory';
import { html, type SafeHtml } from '../html';
import { page } from '../layout';
import { LIGHT_LABELS, LIGHT_ORDER, stateLabel } from '../words';
import { lightCounts, measureCard } from './parts';

export const BOARD_REFRESH_S = 60;

export interface BoardData {
  actor: Actor;
  directory: Directory;
  filter: MeasureFilter;
  counts: Record<Light, number>;
  total: number;
  items: MeasureSummary[];
  /** The query string of the next page, if there is one. */
  nextHref?: string;
  error?: string;
}

/** A labelled filter select whose first option, 全部, sends an empty value. */
export function select(
  name: string,
  label: string,
  current: string | undefined,
  options: Array<{ value: string; label: string }>,
): SafeHtml {
  return html`<div>
    <label for="f-${name}">${label}</label>
    <select id="f-${name}" name="${name}">
      <option value="">全部</option>
      ${options.map((o) => html`<option value="${o.value}" ${o.value === current ? html`selected` : ''}>${o.label}</option>`)}
    </select>
  </div>`;
}

/** The board's filter as the bulk page's (which has no 责任领导 filter). */
function bulkQuery(f: MeasureFilter): string {
  const { plan, indicator, lead, light, state } = f;
  const entries = Object.entries({ plan, indicator, lead, light, state }).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );
  return new URLSearchParams(entries).toString();
}

/** The 亮灯 and 办理状态 filters (the board's and the bulk page's). */
export function lightAndStateSelects(f: { light?: string; state?: string }): SafeHtml {
  return html`${select(
    'light',
    '亮灯',
    f.light,
    LIGHT_ORDER.map((l) => ({ value: l, label: LIGHT_LABELS[l] })),
  )}
  ${select(
    'state',
    '办理状态',
    f.state,
    STATES.map((s) => ({ value: s, label: stateLabel(s) })),
  )}`;
}

export function boardPage(d: BoardData): string {
  const f = d.filter;
  const filters = html`<form method="get" action="/app/board" class="filters" aria-label="筛选">
    ${select(
      'plan',
      '整改方案',
      f.plan,
      d.directory.plans.map((p) => ({ value: p.id, label: p.title })),
    )}
    ${select(
      'lead',
      '牵头部门',
      f.lead,
      d.directory.departments.map((x) => ({ value: x, label: x })),
    )}
    ${select(
      'leader',
      '责任领导',
      f.leader,
      d.directory.leaders.map((x) => ({ value: x, label: x })),
    )}
    ${lightAndStateSelects(f)}
    <div><button type="submit">筛选</button> <a href="/app/board">清除</a></div>
  </form>`;
  const body = html` ${d.error ? html`<p class="refusal" role="alert">${d.error}</p>` : ''} ${filters}
    <p>
      符合条件的措施 <strong>${d.total}</strong> 项。${
        d.actor === 'supervisor' || d.actor === 'coordinator'
          ? html`<a href="/app/bulk?${bulkQuery(f)}">对这些措施批量操作</a>`
          : ''
      }
    </p>
    <p>
      <label
        ><input type="checkbox" id="auto-refresh" data-seconds="${BOARD_REFRESH_S}" checked />每 ${BOARD_REFRESH_S}
        秒自动刷新</label
      >
    </p>
    ${lightCounts(d.counts, '按亮灯统计')}
    ${
      d.items.length
        ? html`<ul class="cards">
            ${d.items.map((m) => measureCard(m))}
          </ul>`
        : html`<p class="notice">没有符合条件的措施。</p>`
    }
    <div class="pager">${d.nextHref ? html`<a href="${d.nextHref}">下一页</a>` : ''}</div>`;
  return page({ title: '督办看板', actor: d.actor, current: 'board' }, body);
}

/** 我的待办: what the signed-in actor can do now, most urgent first, with counts by light. */
import type { Actor, Light } from '../../domain/events';
import { html } from '../html';
import type { Inbox } from '../inbox';
import { page } from '../layout';
import { isLight } from '../words';
import type { Directory } from '../directory';
import { lightCounts, measureCard, planPicker } from './parts';

export function inboxPage(actor: Actor, inbox: Inbox, opts: { directory: Directory; plan?: string }): string {
  const counts: Record<Light, number> = { red: 0, orange: 0, yellow: 0, green: 0, grey: 0 };
  for (const item of inbox.items) if (isLight(item.light)) counts[item.light]++;
  const body = html`${planPicker('/app/inbox', opts.directory, opts.plan)}
    <p>共 <strong>${inbox.items.length}</strong> 项待办。</p>
    ${lightCounts(counts, '待办按亮灯统计')}
    ${
      inbox.truncated
        ? html`<p class="refusal">
            候选措施 ${inbox.candidates} 项，只检查了最紧急的前若干项；请在督办看板中筛选查看其余措施。
          </p>`
        : ''
    }
    ${
      inbox.unanswered
        ? html`<p class="refusal" role="status">
            另有 ${inbox.unanswered} 项措施暂未响应（其工作进程可能未在运行），其中的待办未能列出，请稍后刷新。
          </p>`
        : ''
    }
    ${
      inbox.items.length
        ? html`<ul class="cards">
            ${inbox.items.map((m) => measureCard({ ...m, indicator: m.indicator.code, tasks: m.tasks }))}
          </ul>`
        : html`<p class="notice">目前没有需要您办理的措施。</p>`
    }`;
  return page({ title: '我的待办', actor, current: 'inbox' }, body);
}

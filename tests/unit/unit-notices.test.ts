/**
 * Notices for changes of who carries a measure, offline: 改派, 转办 and a plan revision tell the units newly given the
 * measure; a 转办 request asks its receiver; nothing before the run's start is announced; keys are stable.
 */
import { describe, expect, it } from 'vitest';
import { applyEvent, createSnapshot, unitNotices, type MeasureSnapshot } from '../../src/measure';
import { NotificationSchema } from '../../src/notify/notification-schema';
import { renderEmail, renderMarkdown } from '../../src/notify/message';
import type { MeasureEvent } from '../../src/domain/events';

const T0 = '2021-11-05T09:00:00.000+08:00';
const at = (day: number) => new Date(Date.parse(T0) + day * 86_400_000).toISOString();
const LEAD = '自然资源规划建设局';
const SUPPORT = '经济发展局';
const NEW = '住房和城乡建设局';
const ref = { workflowId: 'duban/p/2.1', planId: 'p', measureId: '2.1', title: '整改', dueAt: null };

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;
function drive(bodies: Array<[Body, number]>): MeasureSnapshot {
  let snap = createSnapshot({
    measureId: '2.1',
    lead: [LEAD],
    support: [SUPPORT],
    leaders: ['张立鹏'],
    dueAt: null,
    yellowWithinMs: 7 * 86_400_000,
    at: T0,
  });
  for (const [body, day] of bodies) snap = applyEvent(snap, { ...body, at: at(day) }).snapshot;
  return snap;
}

describe('unit-change notices', () => {
  it('tells the units a 改派 newly gives the measure, not those that already had it', () => {
    const snap = drive([
      [{ type: 'START', actor: `dept:${LEAD}` }, 1],
      [{ type: 'REASSIGN', actor: 'supervisor', lead: [NEW], support: [SUPPORT, LEAD], reason: '机构改革' }, 2],
    ]);
    const notices = unitNotices(snap.context, ref, Date.parse(T0));
    expect(notices).toHaveLength(1);
    const [{ key, notification }] = notices as [(typeof notices)[0]];
    expect(key).toBe('units:1');
    expect(notification).toMatchObject({
      idempotencyKey: 'duban/p/2.1/units:1',
      kind: 'reassigned',
      recipients: [{ role: 'dept', name: NEW }],
      summary: `牵头部门：${NEW}。理由：机构改革`,
    });
    expect(NotificationSchema.parse(notification)).toEqual(notification);
    expect(renderMarkdown(notification).markdown.title).toBe('【改派通知】2.1 整改');
    expect(renderEmail(notification).text).toContain(`承办单位：${NEW}`);
  });

  it('asks the receiver of a 转办 request, then tells it when the 转办 is accepted', () => {
    const asked = drive([[{ type: 'TRANSFER_REQUEST', actor: `dept:${LEAD}`, to: NEW, reason: '非本单位职责' }, 1]]);
    expect(unitNotices(asked.context, ref, Date.parse(T0))).toMatchObject([
      {
        key: `transfer:${at(1)}`,
        notification: {
          kind: 'transfer_request',
          recipients: [{ role: 'dept', name: NEW }],
          summary: `${LEAD}申请转办至${NEW}。理由：非本单位职责`,
        },
      },
    ]);
    const accepted = applyEvent(asked, { type: 'TRANSFER_ACCEPT', actor: `dept:${NEW}`, at: at(2) }).snapshot;
    const notices = unitNotices(accepted.context, ref, Date.parse(T0));
    expect(notices.map((n) => [n.key, n.notification.kind, n.notification.recipients])).toEqual([
      ['units:1', 'transferred', [{ role: 'dept', name: NEW }]],
    ]);
  });

  it('announces nothing made before the run began, and nothing for a change that gives no unit anything new', () => {
    const snap = drive([
      [{ type: 'REASSIGN', actor: 'supervisor', lead: [NEW], reason: '改派' }, 1],
      [{ type: 'REASSIGN', actor: 'supervisor', support: [], reason: '去掉配合部门' }, 3],
    ]);
    expect(unitNotices(snap.context, ref, Date.parse(at(2)))).toEqual([]);
    expect(unitNotices(snap.context, ref, Date.parse(T0)).map((n) => n.key)).toEqual(['units:1']);
  });
});

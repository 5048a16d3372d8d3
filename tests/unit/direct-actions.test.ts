/** What the supervision group does directly, offline: 直接延期 (EXTEND) and 催办 now (URGE) with its one notice. */
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  createSnapshot,
  currentDetails,
  decide,
  notificationFromUrge,
  urgeKey,
  type MeasureSnapshot,
} from '../../src/measure';
import { NotificationSchema } from '../../src/notify/notification-schema';
import { renderMarkdown } from '../../src/notify/message';
import type { MeasureEvent } from '../../src/domain/events';

const T0 = '2021-11-05T09:00:00.000+08:00';
const DUE = '2021-12-31T23:59:59+08:00';
const LATER = '2022-06-30T23:59:59+08:00';
const LEAD = 'dept:自然资源规划建设局';
const at = (day: number) => new Date(new Date(T0).getTime() + day * 86_400_000).toISOString();

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;

function drive(bodies: Array<[Body, number]>, dueAt: string | null = DUE): MeasureSnapshot {
  let snap = createSnapshot({
    measureId: '2.1',
    lead: ['自然资源规划建设局'],
    support: [],
    leaders: ['张立鹏'],
    dueAt,
    yellowWithinMs: 7 * 86_400_000,
    at: T0,
  });
  for (const [body, day] of bodies) snap = applyEvent(snap, { ...body, at: at(day) }).snapshot;
  return snap;
}

const START: [Body, number] = [{ type: 'START', actor: LEAD }, 1];
const EXTEND: Body = { type: 'EXTEND', actor: 'supervisor', newDueAt: LATER, reason: '统一延期至年中' };

describe('直接延期 (EXTEND)', () => {
  it('moves an overdue measure’s due time, recorded as an approved extension with its reason', () => {
    const overdue = drive([START, [{ type: 'OVERDUE', actor: 'system', level: 1, light: 'red', step: 'o' }, 57]]);
    const snap = applyEvent(overdue, { ...EXTEND, at: at(60) }).snapshot;
    expect(snap.context).toMatchObject({ dueAt: LATER, originalDueAt: DUE, escalation: 0, light: 'green' });
    expect(snap.context.extensions).toEqual([
      { by: 'supervisor', at: at(60), from: DUE, to: LATER, reason: '统一延期至年中' },
    ]);
  });

  it('supersedes a pending request', () => {
    const asked: Body = { type: 'REQUEST_EXTENSION', actor: LEAD, newDueAt: '2022-01-31T23:59:59+08:00', reason: 'r' };
    const snap = drive([START, [asked, 2], [{ ...EXTEND, actor: 'coordinator' }, 3]]);
    expect(snap.context.pendingExtension).toBeUndefined();
    expect(snap.context.dueAt).toBe(LATER);
  });

  it('refuses a department, an ongoing measure, an earlier date and handed-in work', () => {
    const cases: Array<[MeasureSnapshot, Body, string, RegExp]> = [
      [drive([START]), { ...EXTEND, actor: LEAD }, 'forbidden', /supervision group/],
      [drive([START], null), EXTEND, 'conflict', /持续推进/],
      [drive([START]), { ...EXTEND, newDueAt: '2021-12-01T00:00:00+08:00' }, 'conflict', /later than the current/],
      [drive([START, [{ type: 'SUBMIT', actor: LEAD }, 2]]), EXTEND, 'conflict', /submitted/],
    ];
    for (const [snap, body, code, reason] of cases) {
      expect(decide(snap, { ...body, at: at(5) })).toMatchObject({
        ok: false,
        code,
        reason: expect.stringMatching(reason),
      });
    }
  });
});

describe('催办 now (URGE)', () => {
  it('records each 催办 and builds one notice per 催办, to the lead department, with a stable key', () => {
    const snap = drive([
      START,
      [{ type: 'URGE', actor: 'supervisor', note: '请本周内报送进展' }, 3],
      [{ type: 'URGE', actor: 'coordinator' }, 4],
    ]);
    expect(snap.context.urges).toEqual([
      { by: 'supervisor', at: at(3), note: '请本周内报送进展' },
      { by: 'coordinator', at: at(4) },
    ]);
    const ref = { workflowId: 'duban/p/2.1', planId: 'p', measureId: '2.1', title: '整改', dueAt: Date.parse(DUE) };
    const first = notificationFromUrge(0, snap.context, ref);
    expect(first).toMatchObject({
      idempotencyKey: `duban/p/2.1/${urgeKey(0)}`,
      kind: 'urge',
      recipients: [{ role: 'dept', name: '自然资源规划建设局' }],
      summary: '督导组意见：请本周内报送进展',
    });
    expect(NotificationSchema.parse(first)).toEqual(first);
    expect(notificationFromUrge(1, snap.context, ref).idempotencyKey).toBe('duban/p/2.1/urge:2');
    expect(renderMarkdown(first).markdown.title).toBe('【督导组催办】2.1 整改');
  });

  it('is the supervision group’s, and only while the work is open', () => {
    expect(decide(drive([START]), { type: 'URGE', actor: LEAD, at: at(2) })).toMatchObject({ code: 'forbidden' });
    const submitted = drive([START, [{ type: 'SUBMIT', actor: LEAD }, 2]]);
    expect(decide(submitted, { type: 'URGE', actor: 'supervisor', at: at(3) })).toMatchObject({ code: 'conflict' });
    expect(decide(drive([]), { type: 'URGE', actor: 'supervisor', at: at(3) })).toEqual({ ok: true });
  });
});

describe('Temporal UI details', () => {
  it('name the state and the light in the offices’ words, beside the code', () => {
    const text = currentDetails(drive([START]), '整改');
    expect(text).toContain('状态 state: 办理中 (in_progress) · 灯 light: 绿灯 (green) · 督办级别 escalation: 0');
  });
});

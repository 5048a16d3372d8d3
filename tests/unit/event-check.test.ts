/**
 * The workflow's zod-free payload check must agree with the zod schema (the source of truth) on every input:
 * generated requests near and far from valid, compared verdict by verdict.
 */
import fc from 'fast-check';
import { regexes } from 'zod/v4/core';
import { describe, expect, it } from 'vitest';
import { checkEventRequest, ISO_INSTANT } from '../../src/measure';
import { EventRequestSchema, PersonEventTypes } from '../../src/domain/events';

const text = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 5 }),
  fc.string({ minLength: 1995, maxLength: 2005 }),
  fc.string({ minLength: 495, maxLength: 505 }),
);
const instant = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2025-06-30T23:59:59+08:00',
    '2024-02-29T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2025-06-30',
    '2025-06-30T23:59+08:00',
    'soon',
  ),
);
const value = fc.oneof(
  text,
  instant,
  fc.integer({ min: -5, max: 105 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(text, { maxLength: 22 }),
  fc.constantFrom('优秀', '良好', '合格', '不合格'),
);
const actor = fc.oneof(
  fc.constantFrom(
    'dept:自然资源规划建设局',
    'leader:张立鹏',
    'supervisor',
    'coordinator',
    'system',
    'dept:',
    'boss',
    '',
  ),
  fc.string(),
  fc.integer(),
);
const key = fc.constantFrom(
  'note',
  'percent',
  'attachments',
  'reason',
  'newDueAt',
  'actor',
  'extra',
  'revision',
  'title',
  'lead',
  'support',
  'leaders',
  'dueAt',
  'lead',
  'support',
  'to',
  'grade',
);
const event = fc.record({
  type: fc.oneof(fc.constantFrom(...PersonEventTypes, 'REMIND', 'start', ''), fc.integer()),
  fields: fc.dictionary(key, value, { maxKeys: 4 }),
});
/** Valid events (per docs/domain.md's payloads), so that "accepted" is as common as "refused". */
const note = fc.option(fc.string({ maxLength: 30 }), { nil: undefined });
const reason = fc.string({ minLength: 1, maxLength: 30 });
const attachments = fc.option(fc.array(fc.string({ minLength: 1, maxLength: 10 }), { maxLength: 3 }), {
  nil: undefined,
});
const validEvent = fc.oneof(
  fc.record(
    { type: fc.constantFrom('START', 'VERIFY', 'CLOSE', 'APPROVE_EXTENSION'), note },
    { requiredKeys: ['type'] },
  ),
  fc.record(
    { type: fc.constant('REPORT_PROGRESS'), percent: fc.integer({ min: 0, max: 100 }), note, attachments },
    { requiredKeys: ['type', 'percent'] },
  ),
  fc.record({ type: fc.constant('SUBMIT'), note, attachments }, { requiredKeys: ['type'] }),
  fc.record(
    { type: fc.constant('VERIFY'), grade: fc.constantFrom('优秀', '良好', '合格'), note },
    { requiredKeys: ['type'] },
  ),
  fc.record({ type: fc.constantFrom('REJECT', 'FAIL_QUALITY', 'CANCEL'), reason }),
  fc.record({ type: fc.constant('DENY_EXTENSION'), reason: fc.string({ maxLength: 10 }) }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('REQUEST_EXTENSION'), newDueAt: instant, reason }),
  fc.record(
    {
      type: fc.constant('AMEND'),
      revision: fc.integer({ min: 0, max: 5 }),
      reason,
      title: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
      lead: fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      support: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 3 }),
      leaders: fc.array(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 3 }),
      dueAt: fc.option(instant, { nil: null }),
    },
    { requiredKeys: ['type', 'revision', 'reason'] },
  ),
  fc.record(
    {
      type: fc.constant('REASSIGN'),
      lead: fc.array(fc.string({ minLength: 0, maxLength: 8 }), { maxLength: 3 }),
      support: fc.array(fc.string({ minLength: 0, maxLength: 8 }), { maxLength: 3 }),
      reason,
    },
    { requiredKeys: ['type', 'reason'] },
  ),
  fc.record({ type: fc.constant('TRANSFER_REQUEST'), to: fc.string({ maxLength: 8 }), reason }),
  fc.record({ type: fc.constant('TRANSFER_ACCEPT'), note }, { requiredKeys: ['type'] }),
  fc.record({ type: fc.constant('TRANSFER_REFUSE'), reason }),
  fc.record({ type: fc.constant('EXTEND'), newDueAt: instant, reason }),
  fc.record({ type: fc.constant('URGE'), note }, { requiredKeys: ['type'] }),
);
const validActor = fc.constantFrom('dept:自然资源规划建设局', 'leader:张立鹏', 'supervisor', 'coordinator');
const request = fc.oneof(
  { arbitrary: fc.record({ actor: validActor, event: validEvent }), weight: 4 },
  { arbitrary: fc.record({ actor, event: validEvent }), weight: 1 },
  fc.record({ actor: validActor, event: fc.tuple(validEvent, key, value).map(([e, k, v]) => ({ ...e, [k]: v })) }),
  fc.record({ actor, event: event.map(({ type, fields }) => ({ ...fields, type })) }),
  fc.record({ actor, event: event.map(({ type, fields }) => ({ ...fields, type })), more: fc.string() }),
  fc.anything(),
);

describe('checkEventRequest', () => {
  it('uses zod’s own instant pattern', () => {
    expect(ISO_INSTANT.source).toBe(regexes.datetime({ offset: true }).source);
  });

  it('accepts and refuses exactly what EventRequestSchema does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(request, (r) => {
        const zod = EventRequestSchema.safeParse(r);
        const mine = checkEventRequest(r);
        expect(mine.ok).toBe(zod.success);
        if (mine.ok && zod.success) {
          accepted++;
          expect(mine.value).toEqual(zod.data);
        }
      }),
      { numRuns: 20_000 },
    );
    // The comparison means something only if both verdicts occur often.
    expect(accepted).toBeGreaterThan(5_000);
    // 20,000 generated events take 2–3 s alone and twice the default 5 s limit's worth on a loaded 2-core machine:
    // the budget is CPU, not waiting on anything.
  }, 30_000);

  it('names the field in its refusals', () => {
    const result = checkEventRequest({ actor: 'dept:x', event: { type: 'REPORT_PROGRESS', percent: 140, extra: 1 } });
    expect(result).toEqual({
      ok: false,
      problems: ['event.extra: unknown field', 'event.percent: must be from 0 to 100'],
    });
  });
});

/**
 * The workflow's zod-free payload check must agree with the zod schema (the source of truth) on every input:
 * generated requests near and far from valid, compared verdict by verdict.
 */
import fc from 'fast-check';
import { regexes } from 'zod/v4/core';
import { describe, expect, it } from 'vitest';
import {
  checkEventRequest,
  EVIDENCE_ID_PATTERN,
  EVIDENCE_TYPE_NAMES,
  ISO_INSTANT,
  SHA256_PATTERN,
} from '../../src/measure';
import { EVIDENCE_TYPES, EventRequestSchema, EvidenceRefSchema, PersonEventTypes } from '../../src/domain/events';

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
/** Evidence references near and far from valid: every field right, or one of them off, or one too many. */
const goodRef = fc.record({
  id: fc.constantFrom('AbCdEfGh1234567890_-xy', 'abcdefgh'),
  sha256: fc.constant('a'.repeat(64)),
  name: fc.constantFrom('整改方案.pdf', 'x'),
  size: fc.integer({ min: 0, max: 30_000_000 }),
  type: fc.constantFrom(...EVIDENCE_TYPES),
});
const ref = fc.oneof(
  { arbitrary: goodRef, weight: 3 },
  fc
    .tuple(
      goodRef,
      fc.constantFrom('id', 'sha256', 'name', 'size', 'type', 'extra'),
      fc.oneof(
        fc.constantFrom('short', 'A'.repeat(64), 'text/html', '', 'x'.repeat(256), 'ab/cd/ef/gh'),
        fc.integer({ min: -2, max: 2 }),
        fc.double(),
        fc.constant(undefined),
        fc.constant(null),
      ),
    )
    .map(([r, k, v]) => ({ ...r, [k]: v })),
);
const attachmentList = fc.array(fc.oneof(text, ref), { maxLength: 22 });
const value = fc.oneof(
  text,
  attachmentList,
  instant,
  fc.integer({ min: -5, max: 105 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(text, { maxLength: 22 }),
  fc.constantFrom('优秀', '良好', '合格', '不合格'),
  // SPLIT's parts, near and far from valid.
  fc.array(fc.record({ title: text, unit: text, dueAt: instant, extra: text }, { requiredKeys: [] }), { maxLength: 3 }),
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
  'parts',
);
const event = fc.record({
  type: fc.oneof(fc.constantFrom(...PersonEventTypes, 'REMIND', 'start', ''), fc.integer()),
  fields: fc.dictionary(key, value, { maxKeys: 4 }),
});
/** Valid events (per docs/domain.md's payloads), so that "accepted" is as common as "refused". */
const note = fc.option(fc.string({ maxLength: 30 }), { nil: undefined });
const reason = fc.string({ minLength: 1, maxLength: 30 });
const attachments = fc.option(
  fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), goodRef), { maxLength: 3 }),
  {
    nil: undefined,
  },
);
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
  fc.record(
    {
      type: fc.constant('SPLIT'),
      parts: fc.array(fc.record({ title: reason, unit: reason, dueAt: instant }, { requiredKeys: ['title', 'unit'] }), {
        maxLength: 3,
      }),
      note,
    },
    { requiredKeys: ['type', 'parts'] },
  ),
  fc.record({ type: fc.constant('CLOSE_SPLIT'), reason }),
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

  it('uses the evidence reference’s own patterns and types', () => {
    const pattern = (schema: { def: { checks?: unknown[] } }) =>
      String((schema.def.checks?.[0] as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern);
    expect(String(EVIDENCE_ID_PATTERN)).toBe(pattern(EvidenceRefSchema.shape.id));
    expect(String(SHA256_PATTERN)).toBe(pattern(EvidenceRefSchema.shape.sha256));
    expect([...EVIDENCE_TYPE_NAMES]).toEqual([...EVIDENCE_TYPES]);
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

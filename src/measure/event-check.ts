/**
 * The update validator's payload check, without zod. Why: the workflow sandbox loads every module once per cached
 * workflow, and zod costs about 750 KB and 10 ms of first-task CPU per workflow there (measured by `npm run bench`);
 * the SDK cannot share it between workflows. The zod schemas in src/domain/events.ts stay the source of truth —
 * the API and the CLI parse with them — and tests/unit/event-check.test.ts proves this check accepts and refuses
 * exactly what `EventRequestSchema` does, on generated inputs.
 */
import type { EventRequest } from '../domain/events';
import { PASS_GRADES } from './quality';

/** zod's `z.iso.datetime({ offset: true })` pattern (asserted equal in the tests). */
export const ISO_INSTANT =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

export const ACTOR_PATTERN = /^(dept:.+|leader:.+|supervisor|coordinator|system)$/;

/** EvidenceRefSchema's patterns and types (src/domain/events.ts; asserted equal in the tests). */
export const EVIDENCE_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
export const EVIDENCE_TYPE_NAMES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
];
const EVIDENCE_KEYS = ['id', 'sha256', 'name', 'size', 'type'];

/** An attachment: a free-text mention of 1–500 characters, or exactly an EvidenceRef. */
function isAttachment(item: unknown, itemMin: number, itemMax: number): boolean {
  if (typeof item === 'string') return item.length >= itemMin && item.length <= itemMax;
  if (!isRecord(item)) return false;
  const { id, sha256, name, size, type } = item;
  return (
    Object.keys(item).every((key) => EVIDENCE_KEYS.includes(key)) &&
    typeof id === 'string' &&
    EVIDENCE_ID_PATTERN.test(id) &&
    typeof sha256 === 'string' &&
    SHA256_PATTERN.test(sha256) &&
    typeof name === 'string' &&
    name.length >= 1 &&
    name.length <= 255 &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0 &&
    typeof type === 'string' &&
    EVIDENCE_TYPE_NAMES.includes(type)
  );
}

type Field =
  | { kind: 'text'; min: number; max: number; optional: boolean }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'texts'; itemMin: number; itemMax: number; maxItems: number; minItems?: number; evidence?: boolean }
  | { kind: 'instant'; optional?: boolean; nullable?: boolean }
  | { kind: 'choice'; values: readonly string[]; optional: boolean }
  | { kind: 'parts'; min: number; max: number };

const NOTE: Field = { kind: 'text', min: 0, max: 2000, optional: true };
const REASON: Field = { kind: 'text', min: 1, max: 2000, optional: false };
const ATTACHMENTS: Field = { kind: 'texts', itemMin: 1, itemMax: 500, maxItems: 20, evidence: true };
const UNITS: Field = { kind: 'texts', itemMin: 1, itemMax: 200, maxItems: 50 };

/** The same fields as PersonEventSchemas in src/domain/events.ts ('texts' are always optional). */
const FIELDS: Record<EventRequest['event']['type'], Record<string, Field>> = {
  START: { note: NOTE },
  REPORT_PROGRESS: { percent: { kind: 'int', min: 0, max: 100 }, note: NOTE, attachments: ATTACHMENTS },
  SUBMIT: { note: NOTE, attachments: ATTACHMENTS },
  VERIFY: { grade: { kind: 'choice', values: PASS_GRADES, optional: true }, note: NOTE },
  REJECT: { reason: REASON },
  FAIL_QUALITY: { reason: REASON },
  CLOSE: { note: NOTE },
  REQUEST_EXTENSION: { newDueAt: { kind: 'instant' }, reason: REASON },
  APPROVE_EXTENSION: { note: NOTE },
  DENY_EXTENSION: { reason: { ...REASON, min: 0, optional: true } },
  CANCEL: { reason: REASON },
  AMEND: {
    revision: { kind: 'int', min: 1, max: Number.MAX_SAFE_INTEGER },
    reason: REASON,
    title: { kind: 'text', min: 1, max: 2000, optional: true },
    lead: { ...UNITS, minItems: 1 },
    support: UNITS,
    leaders: UNITS,
    dueAt: { kind: 'instant', optional: true, nullable: true },
  },
  REASSIGN: { lead: { ...UNITS, minItems: 1 }, support: UNITS, reason: REASON },
  TRANSFER_REQUEST: { to: { kind: 'text', min: 1, max: 200, optional: false }, reason: REASON },
  TRANSFER_ACCEPT: { note: NOTE },
  TRANSFER_REFUSE: { reason: REASON },
  EXTEND: { newDueAt: { kind: 'instant' }, reason: REASON },
  URGE: { note: NOTE },
  REQUEST_PAUSE: { reason: REASON, expectedResumeAt: { kind: 'instant', optional: true } },
  APPROVE_PAUSE: { note: NOTE },
  DENY_PAUSE: { reason: { ...REASON, min: 0, optional: true } },
  RESUME: { note: NOTE },
  SPLIT: { parts: { kind: 'parts', min: 1, max: 20 }, note: NOTE },
  CLOSE_SPLIT: { reason: REASON },
};

const PART_KEYS = ['title', 'unit', 'dueAt'];
/** One part of a SPLIT: `{ title (1–500), unit (1–200), dueAt? }`, nothing else. */
function isPart(item: unknown): boolean {
  if (!isRecord(item) || !Object.keys(item).every((key) => PART_KEYS.includes(key))) return false;
  const { title, unit, dueAt } = item;
  return (
    typeof title === 'string' &&
    title.length >= 1 &&
    title.length <= 500 &&
    typeof unit === 'string' &&
    unit.length >= 1 &&
    unit.length <= 200 &&
    (dueAt === undefined || (typeof dueAt === 'string' && ISO_INSTANT.test(dueAt)))
  );
}

/** Cross-field rules (zod's refinements), checked once every field is valid, as zod does. */
const RULES: Partial<Record<EventRequest['event']['type'], (event: Record<string, unknown>) => string | undefined>> = {
  REASSIGN: (e) =>
    e.lead === undefined && e.support === undefined
      ? 'event.lead: a 改派 names the new lead (牵头部门) or the new support (配合部门), or both'
      : undefined,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldProblem(field: Field, value: unknown): string | undefined {
  switch (field.kind) {
    case 'text':
      if (value === undefined) return field.optional ? undefined : 'required';
      if (typeof value !== 'string') return 'expected a string';
      if (value.length < field.min) return `must have at least ${field.min} character(s)`;
      return value.length > field.max ? `must have at most ${field.max} characters` : undefined;
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return 'expected an integer';
      return value < field.min || value > field.max ? `must be from ${field.min} to ${field.max}` : undefined;
    case 'texts':
      if (value === undefined) return undefined;
      if (!Array.isArray(value)) return 'expected a list of attachments';
      if (value.length > field.maxItems) return `at most ${field.maxItems} items`;
      if (value.length < (field.minItems ?? 0)) return `at least ${field.minItems} item(s)`;
      if (field.evidence) {
        return value.every((item) => isAttachment(item, field.itemMin, field.itemMax))
          ? undefined
          : `every item must be a string of ${field.itemMin} to ${field.itemMax} characters or an evidence reference { id, sha256, name, size, type }`;
      }
      return value.every(
        (item) => typeof item === 'string' && item.length >= field.itemMin && item.length <= field.itemMax,
      )
        ? undefined
        : `every item must be a string of ${field.itemMin} to ${field.itemMax} characters`;
    case 'choice':
      if (value === undefined) return field.optional ? undefined : 'required';
      return typeof value === 'string' && field.values.includes(value)
        ? undefined
        : `expected one of ${field.values.join(', ')}`;
    case 'parts':
      if (!Array.isArray(value)) return 'expected a list of parts { title, unit, dueAt? }';
      if (value.length < field.min || value.length > field.max) return `${field.min} to ${field.max} parts`;
      return value.every(isPart)
        ? undefined
        : 'every part is { title (1–500 characters), unit (1–200), dueAt? (an instant with its offset) }';
    case 'instant':
      if (value === undefined && field.optional) return undefined;
      if (value === null && field.nullable) return undefined;
      if (typeof value !== 'string') return 'expected an instant such as 2025-06-30T23:59:59+08:00';
      return ISO_INSTANT.test(value)
        ? undefined
        : 'expected an instant with its offset, e.g. 2025-06-30T23:59:59+08:00';
  }
}

/** Checks an update request; problems are "path: message" lines, like the API's. */
export function checkEventRequest(
  request: unknown,
): { ok: true; value: EventRequest } | { ok: false; problems: string[] } {
  if (!isRecord(request)) return { ok: false, problems: ['(body): expected an object { actor, event }'] };
  const problems: string[] = [];
  const { actor, event, sentAt } = request;
  if (sentAt !== undefined && (typeof sentAt !== 'string' || !ISO_INSTANT.test(sentAt))) {
    problems.push('sentAt: expected an instant with its offset, e.g. 2025-06-30T23:59:59+08:00');
  }
  if (typeof actor !== 'string' || !ACTOR_PATTERN.test(actor)) {
    problems.push('actor: an actor is "dept:<部门>", "leader:<责任领导>", "supervisor", "coordinator" or "system"');
  }
  if (!isRecord(event)) {
    problems.push('event: expected an object { type, … }');
    return { ok: false, problems };
  }
  const type = event.type;
  const fields =
    typeof type === 'string' && Object.hasOwn(FIELDS, type) ? FIELDS[type as keyof typeof FIELDS] : undefined;
  if (!fields) {
    problems.push(`event.type: expected one of ${Object.keys(FIELDS).join(', ')}`);
    return { ok: false, problems };
  }
  for (const key of Object.keys(event)) {
    if (key !== 'type' && !Object.hasOwn(fields, key)) problems.push(`event.${key}: unknown field`);
  }
  for (const [key, field] of Object.entries(fields)) {
    const problem = fieldProblem(field, event[key]);
    if (problem) problems.push(`event.${key}: ${problem}`);
  }
  const rule = problems.length ? undefined : RULES[type as keyof typeof RULES]?.(event);
  if (rule) problems.push(rule);
  // Like zod's z.object, the request keeps only its known keys.
  const value = { actor, event, ...(sentAt !== undefined ? { sentAt } : {}) } as EventRequest;
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

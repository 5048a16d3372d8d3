/**
 * The measure's events and actors (docs/domain.md "Actors and permissions", "Lifecycle") as zod schemas: the one
 * definition that the machine, the workflow's update validator, the HTTP API and the CLI all parse with.
 */
import { z } from 'zod';

export const ActorSchema = z
  .string()
  .regex(
    /^(dept:.+|leader:.+|supervisor|coordinator|system)$/,
    'an actor is "dept:<部门>", "leader:<责任领导>", "supervisor", "coordinator" or "system"',
  );
export type Actor = z.infer<typeof ActorSchema>;

/** grey: 缓办 (paused, nothing is counted); orange only under a plan's graded lights (policy.lights). */
export const LightSchema = z.enum(['green', 'yellow', 'orange', 'red', 'grey']);
export type Light = z.infer<typeof LightSchema>;

/** What a caller sends: the actor is attached by the API/CLI from the authenticated identity. */
const note = z.string().max(2000).optional();

/**
 * 佐证材料 (evidence files) an event refers to: what `POST …/evidence` answered, recorded in the event (so in the
 * workflow history) with its checksum, so a blob changed later is detectable. MIME types as the store detects them.
 */
export const EVIDENCE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];
export const EvidenceRefSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an evidence id is what POST …/evidence answered'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 checksum in lower-case hex'),
    name: z.string().min(1).max(255),
    size: z.int().min(0),
    type: z.enum(EVIDENCE_TYPES),
  })
  .meta({ id: 'EvidenceRef' });
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;
/** An attachment: an uploaded evidence file, or (as before evidence uploads) a free-text mention. */
export const AttachmentSchema = z.union([z.string().min(1).max(500), EvidenceRefSchema]);
export type Attachment = z.infer<typeof AttachmentSchema>;
/** At most 20 attachments per event. */
export const MAX_ATTACHMENTS = 20;
const attachments = z.array(AttachmentSchema).max(MAX_ATTACHMENTS).optional();
/** A unit (部门) or a person as a 改派, 转办 or 方案修订 names it. */
const unit = z.string().min(1).max(200);
const units = z.array(unit).max(50);

/**
 * The 验收 quality grades a VERIFY may give (docs/domain.md "Quality grading"); 不合格 is not a VERIFY grade but its
 * own event, FAIL_QUALITY, which sends the measure back. Optional: a VERIFY without one is recorded as 合格.
 */
export const PassGradeSchema = z.enum(['优秀', '良好', '合格']);
export type PassGrade = z.infer<typeof PassGradeSchema>;

export const PersonEventSchemas = {
  START: z.strictObject({ type: z.literal('START'), note }),
  REPORT_PROGRESS: z.strictObject({
    type: z.literal('REPORT_PROGRESS'),
    percent: z.int().min(0).max(100),
    note,
    attachments,
  }),
  SUBMIT: z.strictObject({ type: z.literal('SUBMIT'), note, attachments }),
  VERIFY: z.strictObject({ type: z.literal('VERIFY'), grade: PassGradeSchema.optional(), note }),
  REJECT: z.strictObject({ type: z.literal('REJECT'), reason: z.string().min(1).max(2000) }),
  /** 验收不合格: graded 不合格 and sent back to 办理中 like REJECT (counted as a rejection). */
  FAIL_QUALITY: z.strictObject({ type: z.literal('FAIL_QUALITY'), reason: z.string().min(1).max(2000) }),
  CLOSE: z.strictObject({ type: z.literal('CLOSE'), note }),
  REQUEST_EXTENSION: z.strictObject({
    type: z.literal('REQUEST_EXTENSION'),
    newDueAt: z.iso.datetime({ offset: true }),
    reason: z.string().min(1).max(2000),
  }),
  APPROVE_EXTENSION: z.strictObject({ type: z.literal('APPROVE_EXTENSION'), note }),
  DENY_EXTENSION: z.strictObject({ type: z.literal('DENY_EXTENSION'), reason: z.string().max(2000).optional() }),
  CANCEL: z.strictObject({ type: z.literal('CANCEL'), reason: z.string().min(1).max(2000) }),
  /**
   * 方案修订: a revised plan changes a running measure (coordinator only). Only the fields the revision changes are
   * sent; `revision` and `reason` say why, for the timeline (docs/domain.md "Amendments").
   */
  AMEND: z.strictObject({
    type: z.literal('AMEND'),
    revision: z.int().min(1),
    reason: z.string().min(1).max(2000),
    title: z.string().min(1).max(2000).optional(),
    lead: units.min(1).optional(),
    support: units.optional(),
    leaders: units.optional(),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
  }),
  /** 改派: the supervision group or the coordinator names a new 牵头部门 and/or new 配合部门 (docs/domain.md). */
  REASSIGN: z
    .strictObject({
      type: z.literal('REASSIGN'),
      lead: units.min(1).optional(),
      support: units.optional(),
      reason: z.string().min(1).max(2000),
    })
    .refine((e) => e.lead !== undefined || e.support !== undefined, {
      message: 'a 改派 names the new lead (牵头部门) or the new support (配合部门), or both',
      path: ['lead'],
    }),
  /** 转办: the lead department hands the measure on to another unit, which accepts or refuses it. */
  TRANSFER_REQUEST: z.strictObject({
    type: z.literal('TRANSFER_REQUEST'),
    to: unit,
    reason: z.string().min(1).max(2000),
  }),
  TRANSFER_ACCEPT: z.strictObject({ type: z.literal('TRANSFER_ACCEPT'), note }),
  TRANSFER_REFUSE: z.strictObject({ type: z.literal('TRANSFER_REFUSE'), reason: z.string().min(1).max(2000) }),
  /** A new due time the supervision group decides itself (直接延期): recorded as an approved extension. */
  EXTEND: z.strictObject({
    type: z.literal('EXTEND'),
    newDueAt: z.iso.datetime({ offset: true }),
    reason: z.string().min(1).max(2000),
  }),
  /** 催办 now: the supervision group urges the lead department at once (one notice per URGE). */
  URGE: z.strictObject({ type: z.literal('URGE'), note }),
  // 缓办: the lead department asks, a 责任领导 or the supervision group decides; the clock stops until RESUME.
  REQUEST_PAUSE: z.strictObject({
    type: z.literal('REQUEST_PAUSE'),
    reason: z.string().min(1).max(2000),
    expectedResumeAt: z.iso.datetime({ offset: true }).optional(),
  }),
  APPROVE_PAUSE: z.strictObject({ type: z.literal('APPROVE_PAUSE'), note }),
  DENY_PAUSE: z.strictObject({ type: z.literal('DENY_PAUSE'), reason: z.string().max(2000).optional() }),
  RESUME: z.strictObject({ type: z.literal('RESUME'), note }),
  /**
   * 分解: the lead department splits the measure into 1–20 parts, each a measure of its own for a named unit, due
   * no later than the measure (absent: the measure's own due time). See docs/domain.md "分解".
   */
  SPLIT: z.strictObject({
    type: z.literal('SPLIT'),
    parts: z
      .array(
        z.strictObject({
          title: z.string().min(1).max(500),
          unit,
          dueAt: z.iso.datetime({ offset: true }).optional(),
        }),
      )
      .min(1)
      .max(20),
    note,
  }),
  /** The lead department declares the split done: the measure may be handed in with parts still open. */
  CLOSE_SPLIT: z.strictObject({ type: z.literal('CLOSE_SPLIT'), reason: z.string().min(1).max(2000) }),
} as const;

/** Timer steps, sent only by the workflow itself (actor "system"). */
const systemStep = {
  level: z.int().min(0),
  light: LightSchema,
  step: z.string(),
};
export const SystemEventSchemas = {
  REMIND: z.strictObject({ type: z.literal('REMIND'), ...systemStep }),
  OVERDUE: z.strictObject({ type: z.literal('OVERDUE'), ...systemStep }),
  ESCALATE: z.strictObject({ type: z.literal('ESCALATE'), ...systemStep }),
  /** 漏报: a reporting period ended without a progress report (policy.reports). */
  MISSED_REPORT: z.strictObject({ type: z.literal('MISSED_REPORT'), ...systemStep }),
  /** 分解: a part (a measure of its own) reports its state to its parent (the workflow's `part` signal). */
  PART_UPDATE: z.strictObject({
    type: z.literal('PART_UPDATE'),
    part: z.int().min(1),
    state: z.string().min(1),
    light: LightSchema,
    escalation: z.int().min(0),
  }),
  /** 分解: the parent's 牵头部门 changed (改派, 转办, a revision): a part's escalations reach the new lead. */
  PARENT_LEAD: z.strictObject({
    type: z.literal('PARENT_LEAD'),
    lead: z.array(z.string().min(1)).min(1),
  }),
} as const;

export const PersonEventTypes = Object.keys(PersonEventSchemas) as Array<keyof typeof PersonEventSchemas>;
export const SystemEventTypes = Object.keys(SystemEventSchemas) as Array<keyof typeof SystemEventSchemas>;
export const EventTypes = [...PersonEventTypes, ...SystemEventTypes];

const P = PersonEventSchemas;
export const PersonEventBodySchema = z.discriminatedUnion('type', [
  P.START,
  P.REPORT_PROGRESS,
  P.SUBMIT,
  P.VERIFY,
  P.REJECT,
  P.FAIL_QUALITY,
  P.CLOSE,
  P.REQUEST_EXTENSION,
  P.APPROVE_EXTENSION,
  P.DENY_EXTENSION,
  P.CANCEL,
  P.AMEND,
  P.REASSIGN,
  P.TRANSFER_REQUEST,
  P.TRANSFER_ACCEPT,
  P.TRANSFER_REFUSE,
  P.EXTEND,
  P.URGE,
  P.REQUEST_PAUSE,
  P.APPROVE_PAUSE,
  P.DENY_PAUSE,
  P.RESUME,
  P.SPLIT,
  P.CLOSE_SPLIT,
]);
export type PersonEventBody = z.infer<typeof PersonEventBodySchema>;
export const SystemEventBodySchema = z.discriminatedUnion('type', [
  SystemEventSchemas.REMIND,
  SystemEventSchemas.OVERDUE,
  SystemEventSchemas.ESCALATE,
  SystemEventSchemas.MISSED_REPORT,
  SystemEventSchemas.PART_UPDATE,
  SystemEventSchemas.PARENT_LEAD,
]);
export type SystemEventBody = z.infer<typeof SystemEventBodySchema>;

export type EventType = PersonEventBody['type'] | SystemEventBody['type'];

/** An event as the machine sees it: who sent it and when (workflow time), plus its payload. */
/**
 * An event as the machine sees it: who sent it and when (workflow time), plus its payload. `sentAt`: when the API
 * received a person's event (its own clock, never the caller's), kept when the workflow took it later.
 */
export type MeasureEvent = (PersonEventBody | SystemEventBody) & { actor: Actor; at: string; sentAt?: string };

/** The update payload a person sends to a measure workflow: the body plus the authenticated actor. */
export const EventRequestSchema = z.object({
  actor: ActorSchema,
  event: PersonEventBodySchema,
  /** When the duban API (or CLI) received the event, by its own clock: the workflow may take it later. */
  sentAt: z.iso.datetime({ offset: true }).optional(),
});
export type EventRequest = z.infer<typeof EventRequestSchema>;

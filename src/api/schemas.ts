/**
 * Response schemas shared by several routes: the measure view, a listing row, the timeline and problem details.
 * They describe what MeasureService returns; the serializer checks every response against them and the OpenAPI
 * document is generated from them, so the contract and the code cannot drift. Request schemas live beside routes.
 */
import { z } from 'zod';
import { AttachmentSchema, EventTypes, LightSchema } from '../domain/events';
import { MeasureRefIdSchema, PlanIdSchema } from '../domain/plan';
import type { Same } from '../domain/same';
import { GRADES, STATES, STEP_KINDS, type MeasureView, type TimelineEntry } from '../measure';
import type { MeasureSummary } from '../service/measures';

const Instant = z.string().describe('ISO 8601 instant');
const State = z.enum(STATES);
const Stamp = { by: z.string().describe('actor'), at: Instant };
const PauseRequest = { ...Stamp, reason: z.string(), expectedResumeAt: Instant.optional() };
const ActivePause = {
  ...PauseRequest,
  approvedBy: z.string(),
  pausedAt: Instant,
  from: z.enum(['assigned', 'in_progress']).describe('the state RESUME returns to'),
};

export const MeasureParamsSchema = z.strictObject({
  planId: PlanIdSchema,
  measureId: MeasureRefIdSchema,
});

/** RFC 9457 problem details; extra members (allowed, state, errors) depend on the problem. */
export const ProblemSchema = z
  .looseObject({
    type: z.string().describe('a URI naming the kind of problem'),
    title: z.string(),
    status: z.int(),
    detail: z.string().describe('what went wrong, for a person'),
    instance: z.string().describe('the request path'),
    requestId: z.string().optional(),
    errors: z
      .array(z.looseObject({ path: z.string().optional(), line: z.int().optional(), message: z.string() }))
      .optional(),
    state: State.optional(),
    allowed: z.array(z.enum(EventTypes)).optional().describe('events the caller may send now'),
  })
  .meta({ id: 'Problem' });

/** The response entry for problem details, documented with its own media type. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

/** The answers every authenticated route that reaches Temporal can give. */
export const STANDARD_PROBLEMS = {
  401: problemResponse('No valid bearer token'),
  503: problemResponse('Temporal is unreachable'),
};

/**
 * The core's MeasureView (src/measure/view.ts), checked against it at compile time below. A plain object schema:
 * the serializer drops anything else a workflow returns, so internal fields never reach a client.
 */
export const MeasureViewSchema = z
  .object({
    workflowId: z.string(),
    planId: z.string(),
    planTitle: z.string(),
    indicator: z.object({ code: z.string(), name: z.string() }),
    measureId: z.string(),
    title: z.string(),
    text: z.string(),
    state: State,
    stateLabel: z.string().describe('the document’s own word for the state, e.g. 办理中'),
    light: LightSchema,
    escalation: z.int(),
    lead: z.array(z.string()),
    support: z.array(z.string()),
    leaders: z.array(z.string()),
    dueAt: Instant.nullable().describe('null: 持续推进 (ongoing)'),
    originalDueAt: Instant.nullable(),
    assignedAt: Instant,
    rejections: z.int(),
    lastRejection: z.object({ ...Stamp, reason: z.string() }).optional(),
    progress: z
      .object({ ...Stamp, percent: z.number(), note: z.string().optional(), attachments: z.array(AttachmentSchema) })
      .optional(),
    pendingExtension: z.object({ ...Stamp, newDueAt: Instant, reason: z.string() }).optional(),
    extensions: z.array(
      z.object({
        ...Stamp,
        from: Instant.nullable(),
        to: Instant,
        reason: z.string().optional().describe('set when the supervision group extended it directly (EXTEND)'),
      }),
    ),
    started: z.object(Stamp).optional(),
    submitted: z.object({ ...Stamp, lateMs: z.number(), note: z.string().optional() }).optional(),
    verified: z.object(Stamp).optional(),
    quality: z
      .object({
        ...Stamp,
        grade: z.enum(GRADES),
        note: z.string().optional(),
        defaulted: z.literal(true).optional().describe('the VERIFY gave no grade: recorded as 合格'),
      })
      .optional()
      .describe('the last 质量评定: a VERIFY’s grade, or 不合格 (FAIL_QUALITY) until verified again'),
    closed: z.object(Stamp).optional(),
    cancelled: z.object({ ...Stamp, reason: z.string() }).optional(),
    lastNotice: z.object({ step: z.string(), at: Instant }).optional(),
    lastAmendment: z
      .object({ ...Stamp, revision: z.int(), reason: z.string() })
      .optional()
      .describe('the last plan revision applied to this measure (方案修订)'),
    unitChanges: z
      .array(
        z.object({
          ...Stamp,
          kind: z.enum(['reassign', 'transfer', 'amend']).describe('改派, 转办 or 方案修订'),
          reason: z.string(),
          from: z.object({ lead: z.array(z.string()), support: z.array(z.string()) }),
          to: z.object({ lead: z.array(z.string()), support: z.array(z.string()) }),
        }),
      )
      .optional()
      .describe('every change of the 牵头部门/配合部门 (改派, 转办, 方案修订), oldest first'),
    pendingTransfer: z
      .object({ ...Stamp, to: z.string(), reason: z.string() })
      .optional()
      .describe('a 转办 waiting for its receiving unit (`to`) to accept or refuse'),
    urges: z
      .array(z.object({ ...Stamp, note: z.string().optional() }))
      .optional()
      .describe('催办 sent by the supervision group (URGE), oldest first'),
    pendingPause: z.object(PauseRequest).optional().describe('a 缓办 request awaiting a decision'),
    paused: z.object(ActivePause).optional().describe('the 缓办 in force (state paused)'),
    pauses: z
      .array(
        z.object({
          ...ActivePause,
          resumedBy: z.string(),
          resumedAt: Instant,
          dueFrom: Instant.nullable(),
          dueTo: Instant.nullable(),
          shift: z
            .union([z.object({ workdays: z.int() }), z.object({ ms: z.int() })])
            .describe('how far RESUME moved the due time: working days, or calendar time in ms'),
        }),
      )
      .optional()
      .describe('finished 缓办, apart from extensions: the appraisal judges lateness against the original due time'),
    missedReports: z.int().optional().describe('漏报: reporting periods that ended without a progress report'),
    split: z
      .object({
        ...Stamp,
        note: z.string().optional(),
        parts: z.array(
          z.object({
            n: z.int(),
            measureId: z.string().describe('<parent measureId>:p<n>; its own measure (GET /api/measures/:planId/:id)'),
            title: z.string(),
            unit: z.string(),
            dueAt: Instant.nullable(),
            state: State.describe('as the part last reported'),
            light: LightSchema,
            escalation: z.int(),
            reportedAt: Instant.optional(),
          }),
        ),
        closed: z
          .object({ ...Stamp, reason: z.string() })
          .optional()
          .describe('CLOSE_SPLIT: the lead closed the split'),
      })
      .optional()
      .describe('分解: the parts this measure was split into'),
    rollUp: z
      .object({ done: z.int(), total: z.int(), share: z.number() })
      .optional()
      .describe('分解: parts verified or closed, of the parts not cancelled'),
    parent: z
      .object({ measureId: z.string(), workflowId: z.string(), lead: z.array(z.string()) })
      .optional()
      .describe('分解: the measure this one is a part of'),
    nextStep: z.object({ kind: z.enum(STEP_KINDS), at: Instant }).optional(),
  })
  .meta({ id: 'MeasureView' });

export const MeasureWithAllowedSchema = MeasureViewSchema.extend({
  allowed: z.array(z.enum(EventTypes)).describe('the events the caller may send right now'),
}).meta({ id: 'MeasureWithAllowed' });

export const TimelineEntrySchema = z
  .object({
    at: Instant,
    type: z.enum(EventTypes),
    actor: z.string(),
    from: State,
    to: State,
    detail: z.string().optional(),
    sentAt: Instant.optional().describe('when the API received the event, if the workflow took it later'),
    attachments: z.array(AttachmentSchema).optional().describe('the event’s 佐证材料, when it named any'),
  })
  .meta({ id: 'TimelineEntry' });

export const MeasureSummarySchema = z
  .object({
    workflowId: z.string(),
    planId: z.string(),
    measureId: z.string(),
    title: z.string().optional(),
    planTitle: z.string().optional(),
    indicator: z.string().optional(),
    // Visibility values are plain strings: a listing never fails because one row carries an unexpected value.
    state: z
      .string()
      .optional()
      .describe(`one of ${STATES.join(', ')}`),
    light: z.string().optional().describe(LightSchema.options.join(', ')),
    escalation: z.number().optional(),
    dueAt: Instant.optional(),
    late: z.boolean().optional().describe('submitted after the due time (set at SUBMIT)'),
    grade: z.string().optional().describe('the last 质量评定: 优秀, 良好, 合格 or 不合格; absent: not graded'),
    rejections: z.number().optional().describe('times sent back (REJECT, FAIL_QUALITY); absent: never'),
    parent: z.string().optional().describe('分解: the workflow id of the measure this one is a part of'),
    lead: z.array(z.string()),
    support: z.array(z.string()),
    leaders: z.array(z.string()),
    status: z.string().describe('the workflow execution status, e.g. RUNNING, COMPLETED'),
    startedAt: Instant.optional(),
    closedAt: Instant.optional(),
  })
  .meta({ id: 'MeasureSummary' });

// Compile-time guards: each response schema describes exactly the core's (or the service's) type.
const _sameView: Same<z.infer<typeof MeasureViewSchema>, MeasureView> = true;
const _sameEntry: Same<z.infer<typeof TimelineEntrySchema>, TimelineEntry> = true;
// Visibility rows are read leniently (plain strings, see above): every row the service returns must fit.
const _summaryFits: MeasureSummary extends z.infer<typeof MeasureSummarySchema> ? true : false = true;

/** Counts keyed by state / light; states or lights with no measure are present with 0. */
export const StateCountsSchema = z.record(z.string(), z.int());

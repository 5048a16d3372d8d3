/**
 * The escalation policy (docs/domain.md "Time, lights and escalation"): how long before the due time a measure turns
 * yellow, when the supervision group is pulled in, how often the ladder repeats, and the verification and progress
 * deadlines. A plan may override any of it with human durations, in calendar time ("7d", "12h", "30s") or in working
 * days ("5wd", "5 workdays", "5工作日"), and may add days off and days worked to the working-day calendar. The
 * resolved policy is plain JSON (milliseconds, working-day counts, dates) because it travels in workflow input and
 * is read inside the workflow sandbox.
 */
import { z } from 'zod';
import { parseDuration, parseWorkdays } from './duration';

const DAY = 86_400_000;

/** Milliseconds for every timing rule. Plain data: safe to serialise into workflow input and history. */
export interface EscalationPolicy {
  /** T − this: REMIND the lead department; the same window turns the light yellow. */
  remindBeforeMs: number;
  /** T + this: ESCALATE (level 2) to the supervision group and the coordinator. OVERDUE itself is always at T. */
  escalateAfterMs: number;
  /** After the first escalation, repeat to the leaders and the supervision group this often (the level stays 2). */
  repeatEveryMs: number;
  /** Submitted and not verified/rejected this long after SUBMIT → remind the supervision group. */
  verifyRemindAfterMs: number;
  /** This long after that reminder, still not verified/rejected → the coordinator. */
  verifyEscalateAfterMs: number;
  /** In progress with no progress report for this long → remind the lead department (and again each period). */
  progressEveryMs: number;
  /**
   * 签收: still assigned (no START) this long after 交办 → 催办 the lead department, then each period the lead
   * department and the responsible leaders. Absent (every plan that does not ask for it) = no 签收 deadline.
   */
  acknowledgeWithinMs?: number;
  /**
   * The rules the plan counts in working days, with their counts. Such a rule's `…Ms` field holds the same count in
   * calendar days, a nominal length only; the schedule lays the working days on the calendar. Absent (every plan
   * before working days, and every plan that gives none) = calendar time throughout, exactly as before.
   */
  workdays?: Partial<Record<PolicyRule, number>>;
  /** The plan's and the deployment's extra days off and days worked ("YYYY-MM-DD", Asia/Shanghai). */
  calendar?: { holidays: string[]; workdays: string[] };
  /**
   * Graded lights (分级亮灯): yellow, then orange, when at most this share of the span 交办 → due time is left.
   * Absent (every plan that does not ask for it) = yellow from the reminder window, no orange, exactly as before.
   */
  lights?: LightGrades;
  /** 定期报送: a progress report due each period while in progress; a period without one is a 漏报. Absent = none. */
  reports?: ReportCadence;
}

/**
 * When progress reports are due: each week on a weekday (1 = Monday … 7 = Sunday), each month on a day (1–31, the
 * month's last day when it is shorter), or — for demos and tests — every fixed length of calendar time.
 */
export type ReportCadence = { every: 'week' | 'month'; day: number } | { everyMs: number };

/** Shares (0–1) of the time limit left at which the light turns yellow and, if given, orange. */
export interface LightGrades {
  yellow: number;
  orange?: number;
}

/** The timing rules, by their name in a plan's `policy`. */
export const POLICY_RULES = [
  'remindBefore',
  'escalateAfter',
  'repeatEvery',
  'verifyRemindAfter',
  'verifyEscalateAfter',
  'progressEvery',
  'acknowledgeWithin',
] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

export const DEFAULT_POLICY: Readonly<EscalationPolicy> = Object.freeze({
  remindBeforeMs: 7 * DAY,
  escalateAfterMs: 3 * DAY,
  repeatEveryMs: 7 * DAY,
  verifyRemindAfterMs: 5 * DAY,
  verifyEscalateAfterMs: 5 * DAY,
  progressEveryMs: 14 * DAY,
});

/**
 * What offices count in working days when a plan says nothing (docs/domain.md "Office defaults"): 签收 within one
 * working day of 交办, verification within five working days of 报结, and five more before the coordinator is told.
 * Applied by resolvePolicy, the boundary every plan document passes; DEFAULT_POLICY stays the calendar-time engine
 * default for callers that hand in a resolved policy themselves. A plan turns 签收 off with `acknowledgeWithin: "off"`.
 */
export const OFFICE_DEFAULTS: Readonly<Partial<Record<PolicyRule, { workdays: number }>>> = Object.freeze({
  acknowledgeWithin: { workdays: 1 },
  verifyRemindAfter: { workdays: 5 },
  verifyEscalateAfter: { workdays: 5 },
});

/** A rule's length: calendar time in milliseconds, or a count of working days. */
export type RuleLength = { ms: number } | { workdays: number };

// Zero would put every repeat at the same instant (an endless ladder), so each length must be positive.
const positive = z.string().transform((text, ctx): RuleLength => {
  const workdays = parseWorkdays(text);
  const ms = workdays === undefined ? parseDuration(text) : undefined;
  if (workdays === undefined && ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration: use e.g. "7d", "12h", "30s", "PT40S" or working days "5wd", "5工作日"`,
    });
    return z.NEVER;
  }
  if ((workdays ?? ms!) <= 0) {
    ctx.addIssue({ code: 'custom', message: 'must be longer than zero' });
    return z.NEVER;
  }
  return workdays === undefined ? { ms: ms! } : { workdays };
});

const CalendarDateSchema = z.iso.date('a calendar date: "YYYY-MM-DD"');

const share = z
  .number('a share of the time limit left, e.g. 0.3 for 30 %')
  .gt(0, 'must be more than 0')
  .lt(1, 'must be less than 1');

/** `reports: { every: 'week', day: 5 }` (each Friday), `{ every: 'month', day: 25 }`, or `{ every: '30s' }`. */
export const ReportCadenceSchema = z
  .strictObject({
    every: z.string('"week", "month" or a duration such as "30s"'),
    day: z.int('a whole day number').optional(),
  })
  .transform((r, ctx): ReportCadence => {
    const fail = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    if (r.every === 'week' || r.every === 'month') {
      const max = r.every === 'week' ? 7 : 31;
      if (r.day === undefined || r.day < 1 || r.day > max) {
        return fail('day', r.every === 'week' ? 'a weekday from 1 (Monday) to 7 (Sunday)' : 'a day of the month, 1–31');
      }
      return { every: r.every, day: r.day };
    }
    const everyMs = parseDuration(r.every);
    if (everyMs === undefined || everyMs <= 0) return fail('every', '"week", "month" or a duration such as "30s"');
    if (r.day !== undefined) return fail('day', 'only with every: "week" or "month"');
    return { everyMs };
  });

/** `lights: { yellow: 0.3, orange: 0.15 }`: orange comes later than yellow, so its share is smaller. */
export const LightGradesSchema = z
  .strictObject({ yellow: share, orange: share.optional() })
  .refine((g) => g.orange === undefined || g.orange < g.yellow, {
    message: 'orange must be a smaller share than yellow (it comes later, nearer the due time)',
    path: ['orange'],
  });

/** Extra days off and days worked on top of the PRC holiday data (a plan's `policy.calendar`, a deployment file). */
export const CalendarExtrasSchema = z
  .strictObject({
    holidays: z.array(CalendarDateSchema).default([]),
    workdays: z.array(CalendarDateSchema).default([]),
  })
  .refine(
    (c) => !c.holidays.some((d) => c.workdays.includes(d)),
    'a date cannot be both a day off (holidays) and a day worked (workdays)',
  );
export type CalendarExtras = z.output<typeof CalendarExtrasSchema>;

/** What a plan (JSON/YAML) may say; every field is optional and falls back to OFFICE_DEFAULTS, then DEFAULT_POLICY. */
export const EscalationPolicyInputSchema = z.strictObject({
  remindBefore: positive.optional(),
  escalateAfter: positive.optional(),
  repeatEvery: positive.optional(),
  verifyRemindAfter: positive.optional(),
  verifyEscalateAfter: positive.optional(),
  progressEvery: positive.optional(),
  acknowledgeWithin: z.union([z.literal('off'), positive]).optional(),
  calendar: CalendarExtrasSchema.optional(),
  lights: LightGradesSchema.optional(),
  reports: ReportCadenceSchema.optional(),
});
export type EscalationPolicyInput = z.input<typeof EscalationPolicyInputSchema>;

/** The resolved shape, for validating a policy that arrives already in milliseconds (e.g. workflow input). */
export const EscalationPolicySchema = z.strictObject({
  remindBeforeMs: z.int().positive(),
  escalateAfterMs: z.int().positive(),
  repeatEveryMs: z.int().positive(),
  verifyRemindAfterMs: z.int().positive(),
  verifyEscalateAfterMs: z.int().positive(),
  progressEveryMs: z.int().positive(),
  acknowledgeWithinMs: z.int().positive().optional(),
  workdays: z.partialRecord(z.enum(POLICY_RULES), z.int().positive()).optional(),
  calendar: z.strictObject({ holidays: z.array(CalendarDateSchema), workdays: z.array(CalendarDateSchema) }).optional(),
  lights: LightGradesSchema.optional(),
  reports: z
    .union([
      z.strictObject({ every: z.enum(['week', 'month']), day: z.int().min(1).max(31) }),
      z.strictObject({ everyMs: z.int().positive() }),
    ])
    .optional(),
});

export interface PolicyIssue {
  /** Dotted field path, e.g. "repeatEvery"; "" for the policy itself. */
  path: string;
  message: string;
}

export class PolicyError extends Error {
  constructor(readonly issues: PolicyIssue[]) {
    super(
      `invalid escalation policy: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
    );
    this.name = 'PolicyError';
  }
}

/**
 * Parses a plan's policy overrides and fills in the defaults. Throws PolicyError naming each bad field.
 * `deploymentCalendar` (the deployment's extra days, already validated) is merged under the plan's own.
 */
export function resolvePolicy(input?: unknown, deploymentCalendar?: CalendarExtras): EscalationPolicy {
  const parsed = EscalationPolicyInputSchema.safeParse(input ?? {});
  if (!parsed.success) throw new PolicyError(issuesOf(parsed.error));
  const p = parsed.data;
  const policy: EscalationPolicy = { ...DEFAULT_POLICY };
  const workdays: Partial<Record<PolicyRule, number>> = {};
  for (const rule of POLICY_RULES) {
    const given = p[rule];
    if (given === 'off') continue;
    const length = given ?? OFFICE_DEFAULTS[rule];
    if (!length) continue;
    if ('ms' in length) {
      policy[`${rule}Ms`] = length.ms;
    } else {
      workdays[rule] = length.workdays;
      policy[`${rule}Ms`] = length.workdays * DAY;
    }
  }
  // Only plans that use working days or extra days carry the new fields: every other policy stays as it was.
  if (Object.keys(workdays).length) policy.workdays = workdays;
  const calendar = mergeExtras(deploymentCalendar, p.calendar);
  if (calendar) policy.calendar = calendar;
  if (p.lights)
    policy.lights = { yellow: p.lights.yellow, ...(p.lights.orange !== undefined ? { orange: p.lights.orange } : {}) };
  if (p.reports) policy.reports = p.reports;
  return policy;
}

/** The deployment's extra days under the plan's: a date the plan names wins over the deployment's other list. */
function mergeExtras(deployment?: CalendarExtras, plan?: CalendarExtras): EscalationPolicy['calendar'] {
  if (!deployment && !plan) return undefined;
  const planDays = new Set([...(plan?.holidays ?? []), ...(plan?.workdays ?? [])]);
  const keep = (days: string[] = []) => days.filter((d) => !planDays.has(d));
  const holidays = [...new Set([...keep(deployment?.holidays), ...(plan?.holidays ?? [])])].sort();
  const workdays = [...new Set([...keep(deployment?.workdays), ...(plan?.workdays ?? [])])].sort();
  return holidays.length || workdays.length ? { holidays, workdays } : undefined;
}

// zod reports unknown keys once on the parent object; split them so every message names the offending field.
function issuesOf(error: z.ZodError): PolicyIssue[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...base, key].join('.'),
        message: `unknown field (known: ${Object.keys(EscalationPolicyInputSchema.shape).join(', ')})`,
      }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}

/**
 * The escalation policy (docs/domain.md "Time, lights and escalation"): how long before the due time a measure turns
 * yellow, when the supervision group is pulled in, how often the ladder repeats, and the verification and progress
 * deadlines. A plan may override any of it with human durations ("7d", "12h", "30s"); the resolved policy is plain
 * JSON in milliseconds because it travels in workflow input and is read inside the workflow sandbox.
 */
import { z } from 'zod';
import { DurationSchema } from './duration';

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
}

export const DEFAULT_POLICY: Readonly<EscalationPolicy> = Object.freeze({
  remindBeforeMs: 7 * DAY,
  escalateAfterMs: 3 * DAY,
  repeatEveryMs: 7 * DAY,
  verifyRemindAfterMs: 5 * DAY,
  verifyEscalateAfterMs: 5 * DAY,
  progressEveryMs: 14 * DAY,
});

// Zero would put every repeat at the same instant (an endless ladder), so each duration must be positive.
const positive = DurationSchema.refine((ms) => ms > 0, 'must be longer than zero');

/** What a plan (JSON/YAML) may say; every field is optional and falls back to DEFAULT_POLICY. */
export const EscalationPolicyInputSchema = z.strictObject({
  remindBefore: positive.optional(),
  escalateAfter: positive.optional(),
  repeatEvery: positive.optional(),
  verifyRemindAfter: positive.optional(),
  verifyEscalateAfter: positive.optional(),
  progressEvery: positive.optional(),
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

/** Parses a plan's policy overrides and fills in the defaults. Throws PolicyError naming each bad field. */
export function resolvePolicy(input?: unknown): EscalationPolicy {
  if (input === undefined || input === null) return { ...DEFAULT_POLICY };
  const parsed = EscalationPolicyInputSchema.safeParse(input);
  if (!parsed.success) throw new PolicyError(issuesOf(parsed.error));
  const p = parsed.data;
  return {
    remindBeforeMs: p.remindBefore ?? DEFAULT_POLICY.remindBeforeMs,
    escalateAfterMs: p.escalateAfter ?? DEFAULT_POLICY.escalateAfterMs,
    repeatEveryMs: p.repeatEvery ?? DEFAULT_POLICY.repeatEveryMs,
    verifyRemindAfterMs: p.verifyRemindAfter ?? DEFAULT_POLICY.verifyRemindAfterMs,
    verifyEscalateAfterMs: p.verifyEscalateAfter ?? DEFAULT_POLICY.verifyEscalateAfterMs,
    progressEveryMs: p.progressEvery ?? DEFAULT_POLICY.progressEveryMs,
  };
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

// The escalation policy: office defaults over DOMAIN defaults, plan overrides in human durations, and errors that name the field.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  EscalationPolicySchema,
  OFFICE_DEFAULTS,
  PolicyError,
  resolvePolicy,
} from '../../src/domain/policy';

const DAY = 86_400_000;

describe('resolvePolicy', () => {
  it('gives the office defaults when the plan says nothing: 签收 1 working day, verification 5 + 5 working days', () => {
    expect(resolvePolicy()).toEqual({
      remindBeforeMs: 7 * DAY,
      escalateAfterMs: 3 * DAY,
      repeatEveryMs: 7 * DAY,
      verifyRemindAfterMs: 5 * DAY,
      verifyEscalateAfterMs: 5 * DAY,
      progressEveryMs: 14 * DAY,
      acknowledgeWithinMs: DAY,
      workdays: { acknowledgeWithin: 1, verifyRemindAfter: 5, verifyEscalateAfter: 5 },
    });
    expect(resolvePolicy({})).toEqual(resolvePolicy());
    expect(resolvePolicy(null)).toEqual(resolvePolicy());
    expect(OFFICE_DEFAULTS).toEqual({
      acknowledgeWithin: { workdays: 1 },
      verifyRemindAfter: { workdays: 5 },
      verifyEscalateAfter: { workdays: 5 },
    });
  });

  it('overrides only the fields given; a rule given in calendar time leaves the working days', () => {
    expect(resolvePolicy({ escalateAfter: '1d12h', progressEvery: '30d', verifyRemindAfter: '2d' })).toEqual({
      ...DEFAULT_POLICY,
      escalateAfterMs: 1.5 * DAY,
      progressEveryMs: 30 * DAY,
      verifyRemindAfterMs: 2 * DAY,
      acknowledgeWithinMs: DAY,
      workdays: { acknowledgeWithin: 1, verifyEscalateAfter: 5 },
    });
  });

  it('turns 签收 off with "off", and nothing else takes that word', () => {
    const policy = resolvePolicy({ acknowledgeWithin: 'off' });
    expect(policy.acknowledgeWithinMs).toBeUndefined();
    expect(policy.workdays).toEqual({ verifyRemindAfter: 5, verifyEscalateAfter: 5 });
    expect(() => resolvePolicy({ repeatEvery: 'off' })).toThrow(/repeatEvery: "off" is not a duration/);
  });

  it('accepts a seconds-scale demo policy', () => {
    const policy = resolvePolicy({
      remindBefore: '20s',
      escalateAfter: '10s',
      repeatEvery: '15s',
      verifyRemindAfter: '30s',
      verifyEscalateAfter: '30s',
      progressEvery: '45s',
      acknowledgeWithin: '5s',
    });
    expect(policy).toEqual({
      remindBeforeMs: 20_000,
      escalateAfterMs: 10_000,
      repeatEveryMs: 15_000,
      verifyRemindAfterMs: 30_000,
      verifyEscalateAfterMs: 30_000,
      progressEveryMs: 45_000,
      acknowledgeWithinMs: 5_000,
    });
  });

  it('is plain JSON data that survives serialisation and validates in its resolved form', () => {
    const policy = resolvePolicy({ repeatEvery: '12h' });
    const copy: unknown = JSON.parse(JSON.stringify(policy));
    expect(copy).toEqual(policy);
    expect(EscalationPolicySchema.parse(copy)).toEqual(policy);
  });

  it('names an unknown field', () => {
    expect(() => resolvePolicy({ remindBefore: '3d', repeatEvry: '7d' })).toThrow(/repeatEvry: unknown field/);
  });

  it('names a field that is not a duration', () => {
    const error = catchError(() => resolvePolicy({ repeatEvery: 'weekly', escalateAfter: 3 }));
    expect(error).toBeInstanceOf(PolicyError);
    const issues = (error as PolicyError).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(['escalateAfter', 'repeatEvery']);
    expect(error.message).toMatch(/repeatEvery: "weekly" is not a duration/);
  });

  it('refuses a zero duration (it would repeat forever at one instant)', () => {
    expect(() => resolvePolicy({ repeatEvery: '0s' })).toThrow(/repeatEvery: must be longer than zero/);
  });

  it('accepts working days beside calendar time, per rule, and keeps a nominal length in ms', () => {
    const policy = resolvePolicy({
      remindBefore: '3wd',
      escalateAfter: '1 workday',
      repeatEvery: '5 working days',
      verifyRemindAfter: '5工作日',
      verifyEscalateAfter: '5个工作日',
      progressEvery: '14d',
    });
    expect(policy.workdays).toEqual({
      acknowledgeWithin: 1,
      remindBefore: 3,
      escalateAfter: 1,
      repeatEvery: 5,
      verifyRemindAfter: 5,
      verifyEscalateAfter: 5,
    });
    expect(policy).toMatchObject({ remindBeforeMs: 3 * DAY, progressEveryMs: 14 * DAY });
    expect(EscalationPolicySchema.parse(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
  });

  it('leaves a policy in calendar time throughout exactly as before (no new fields)', () => {
    const calendarTime = { remindBefore: '3d', verifyRemindAfter: '5d', verifyEscalateAfter: '5d' };
    expect(resolvePolicy({ ...calendarTime, acknowledgeWithin: 'off' })).toEqual({
      ...DEFAULT_POLICY,
      remindBeforeMs: 3 * DAY,
    });
  });

  it('refuses zero or fractional working days', () => {
    expect(() => resolvePolicy({ remindBefore: '0wd' })).toThrow(/remindBefore: must be longer than zero/);
    expect(() => resolvePolicy({ remindBefore: '1.5wd' })).toThrow(/remindBefore: "1.5wd" is not a duration/);
  });

  it('takes a plan’s extra days off and worked, validated, merged over the deployment’s', () => {
    const policy = resolvePolicy(
      { calendar: { holidays: ['2027-02-08'], workdays: ['2027-01-02'] } },
      { holidays: ['2027-01-02', '2027-10-01'], workdays: [] },
    );
    expect(policy.calendar).toEqual({ holidays: ['2027-02-08', '2027-10-01'], workdays: ['2027-01-02'] });
    expect(() => resolvePolicy({ calendar: { holidays: ['2027-2-8'] } })).toThrow(/calendar\.holidays\.0/);
    expect(() => resolvePolicy({ calendar: { holidays: ['2027-02-08'], workdays: ['2027-02-08'] } })).toThrow(
      /both a day off/,
    );
  });

  it('refuses a policy that is not an object', () => {
    expect(() => resolvePolicy('7d')).toThrow(PolicyError);
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

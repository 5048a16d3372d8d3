// The escalation policy: DOMAIN defaults, plan overrides in human durations, and errors that name the field.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, EscalationPolicySchema, PolicyError, resolvePolicy } from '../../src/domain/policy';

const DAY = 86_400_000;

describe('resolvePolicy', () => {
  it('gives the DOMAIN defaults when the plan says nothing', () => {
    expect(resolvePolicy()).toEqual({
      remindBeforeMs: 7 * DAY,
      escalateAfterMs: 3 * DAY,
      repeatEveryMs: 7 * DAY,
      verifyRemindAfterMs: 5 * DAY,
      verifyEscalateAfterMs: 5 * DAY,
      progressEveryMs: 14 * DAY,
    });
    expect(resolvePolicy({})).toEqual(DEFAULT_POLICY);
    expect(resolvePolicy(null)).toEqual(DEFAULT_POLICY);
  });

  it('overrides only the fields given', () => {
    expect(resolvePolicy({ escalateAfter: '1d12h', progressEvery: '30d' })).toEqual({
      ...DEFAULT_POLICY,
      escalateAfterMs: 1.5 * DAY,
      progressEveryMs: 30 * DAY,
    });
  });

  it('accepts a seconds-scale demo policy', () => {
    const policy = resolvePolicy({
      remindBefore: '20s',
      escalateAfter: '10s',
      repeatEvery: '15s',
      verifyRemindAfter: '30s',
      verifyEscalateAfter: '30s',
      progressEvery: '45s',
    });
    expect(policy).toEqual({
      remindBeforeMs: 20_000,
      escalateAfterMs: 10_000,
      repeatEveryMs: 15_000,
      verifyRemindAfterMs: 30_000,
      verifyEscalateAfterMs: 30_000,
      progressEveryMs: 45_000,
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
      remindBefore: 3,
      escalateAfter: 1,
      repeatEvery: 5,
      verifyRemindAfter: 5,
      verifyEscalateAfter: 5,
    });
    expect(policy).toMatchObject({ remindBeforeMs: 3 * DAY, progressEveryMs: 14 * DAY });
    expect(EscalationPolicySchema.parse(JSON.parse(JSON.stringify(policy)))).toEqual(policy);
  });

  it('leaves a policy without working days or extra days exactly as before (no new fields)', () => {
    expect(Object.keys(resolvePolicy({ remindBefore: '3d' })).sort()).toEqual(Object.keys(DEFAULT_POLICY).sort());
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

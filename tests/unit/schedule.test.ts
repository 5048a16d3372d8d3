// The pure timetable: the escalation ladder, collapse of stale steps, and how submit, extension, verification and
// progress reports change what is due. Driven the way the workflow drives it: plan, fire, sleep until next.at.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, resolvePolicy, type EscalationPolicy } from '../../src/domain/policy';
import {
  escalationLevel,
  lateness,
  lightAt,
  planSteps,
  policyCalendar,
  yellowWindow,
  type Recipient,
  type ScheduleFacts,
  type Step,
} from '../../src/measure';
import { CALENDAR_TIME } from '../support/calendar-time';

const DAY = 86_400_000;
const DUE = Date.parse('2021-12-31T23:59:59+08:00'); // 1640966399000
const PUBLISHED = Date.parse('2021-11-05T09:00:00+08:00');

const base: ScheduleFacts = {
  state: 'in_progress',
  dueAt: DUE,
  startedAt: PUBLISHED,
  lastProgressAt: DUE - 2 * DAY, // keeps the progress cadence out of the deadline-ladder tests
  lead: ['自然资源规划建设局'],
  leaders: ['张三', '李四'],
  supervisors: ['纪工委', '组织和人事局', '行政审批服务局'],
  coordinator: '行政审批服务局',
};

const dept = (name: string): Recipient => ({ role: 'dept', name });
const leader = (name: string): Recipient => ({ role: 'leader', name });
const sup = (name: string): Recipient => ({ role: 'supervisor', name });
const coord = (name: string): Recipient => ({ role: 'coordinator', name });
const LEAD = [dept('自然资源规划建设局')];
const LEADERS = [leader('张三'), leader('李四')];
const SUPERVISORS = [sup('纪工委'), sup('组织和人事局'), sup('行政审批服务局')];
const COORDINATOR = [coord('行政审批服务局')];

/** Follows the schedule like the workflow would: fire what is due, mark skipped, sleep until `next`. */
function drive(policy: EscalationPolicy, facts: ScheduleFacts, from: number, until: number, fired = new Set<string>()) {
  const sent: Step[] = [];
  let now = from;
  for (;;) {
    const plan = planSteps(policy, facts, now, fired);
    for (const step of plan.fireNow) {
      sent.push(step);
      fired.add(step.key);
    }
    for (const key of plan.skipped) fired.add(key);
    if (!plan.next || plan.next.at > until) return { sent, fired, next: plan.next };
    now = plan.next.at;
  }
}

describe('deadline ladder', () => {
  it('runs remind → overdue → escalate → weekly repeats, with times, levels, lights and recipients', () => {
    const facts = { ...base, lastProgressAt: undefined, startedAt: undefined };
    const { sent } = drive(DEFAULT_POLICY, facts, PUBLISHED, DUE + 17 * DAY);
    expect(sent.map((s) => [s.kind, s.level, s.at - DUE, s.light])).toEqual([
      ['remind', 0, -7 * DAY, 'yellow'],
      ['overdue', 1, 0, 'red'],
      ['escalate', 2, 3 * DAY, 'red'],
      ['escalate', 2, 10 * DAY, 'red'],
      ['escalate', 2, 17 * DAY, 'red'],
    ]);
    expect(sent.map((s) => s.recipients)).toEqual([
      LEAD,
      [...LEAD, ...LEADERS],
      [...SUPERVISORS, ...COORDINATOR],
      [...LEADERS, ...SUPERVISORS],
      [...LEADERS, ...SUPERVISORS],
    ]);
    expect(sent[1]?.key).toBe('overdue:1:1640966399000');
    expect(new Set(sent.map((s) => s.key)).size).toBe(sent.length);
  });

  it('announces the first step as next before anything is due', () => {
    const plan = planSteps(DEFAULT_POLICY, base, PUBLISHED, new Set());
    expect(plan.fireNow).toEqual([]);
    expect(plan.skipped).toEqual([]);
    expect(plan.next).toMatchObject({ kind: 'remind', at: DUE - 7 * DAY, level: 0 });
  });

  it('fires a step exactly at its time, and never twice', () => {
    const fired = new Set<string>();
    const first = planSteps(DEFAULT_POLICY, base, DUE, fired);
    // Remind (T−7d) was missed and overdue is due now: one message, remind marked done.
    expect(first.fireNow.map((s) => s.kind)).toEqual(['overdue']);
    expect(first.skipped).toEqual([`remind:0:${DUE - 7 * DAY}`]);
    for (const s of first.fireNow) fired.add(s.key);
    for (const k of first.skipped) fired.add(k);
    const again = planSteps(DEFAULT_POLICY, base, DUE + 1000, fired);
    expect(again.fireNow).toEqual([]);
    expect(again.skipped).toEqual([]);
    expect(again.next).toMatchObject({ kind: 'escalate', level: 2, at: DUE + 3 * DAY });
  });

  it('collapses a plan imported long after its deadline into one step, reaching everyone once', () => {
    const now = DUE + 90 * DAY; // 12 weekly repeats have passed since the first escalation
    const plan = planSteps(DEFAULT_POLICY, { ...base, lastProgressAt: now }, now, new Set());
    expect(plan.fireNow).toHaveLength(1);
    const [step] = plan.fireNow;
    expect(step).toMatchObject({
      kind: 'escalate',
      key: `escalate:14:${DUE + 3 * DAY + 12 * 7 * DAY}`,
      level: 2,
      at: DUE + 3 * DAY + 12 * 7 * DAY,
      light: 'red',
    });
    // Its own recipients first, then those of the superseded steps, each once.
    expect(step?.recipients).toEqual([...LEADERS, ...SUPERVISORS, ...COORDINATOR, ...LEAD]);
    expect(plan.skipped).toHaveLength(14); // remind, overdue, escalate 2 and repeats 3..13
    expect(plan.skipped[0]).toBe(`remind:0:${DUE - 7 * DAY}`);
    expect(plan.next).toMatchObject({ level: 2, at: DUE + 3 * DAY + 13 * 7 * DAY });
    expect(escalationLevel(DEFAULT_POLICY, base, now)).toBe(2);
  });

  it('widens only with steps nobody has received', () => {
    const fired = new Set([`remind:0:${DUE - 7 * DAY}`, `overdue:1:${DUE}`]);
    const plan = planSteps(DEFAULT_POLICY, base, DUE + 11 * DAY, fired);
    expect(plan.fireNow.map((s) => [s.kind, s.level])).toEqual([['escalate', 2]]);
    expect(plan.fireNow[0]?.recipients).toEqual([...LEADERS, ...SUPERVISORS, ...COORDINATOR]);
    expect(plan.skipped).toEqual([`escalate:2:${DUE + 3 * DAY}`]);
  });

  it('marks stale steps done when the latest already went out', () => {
    const fired = new Set([`overdue:1:${DUE}`]);
    const plan = planSteps(DEFAULT_POLICY, base, DUE + 1, fired);
    expect(plan.fireNow).toEqual([]);
    expect(plan.skipped).toEqual([`remind:0:${DUE - 7 * DAY}`]);
  });

  it('stops at submit: no deadline steps while submitted, verified, closed or cancelled', () => {
    const { fired } = drive(DEFAULT_POLICY, base, PUBLISHED, DUE + 1);
    for (const state of ['submitted', 'verified', 'closed', 'cancelled'] as const) {
      const facts = { ...base, state, submittedAt: DUE + 2 * DAY };
      const plan = planSteps(DEFAULT_POLICY, facts, DUE + 30 * DAY, fired);
      expect(plan.fireNow.filter((s) => ['remind', 'overdue', 'escalate'].includes(s.kind))).toEqual([]);
      expect(plan.next?.kind ?? 'none').not.toMatch(/^(remind|overdue|escalate)$/);
    }
  });

  it('an extension moves every pending step to the new due time', () => {
    const fired = new Set<string>();
    drive(DEFAULT_POLICY, base, PUBLISHED, DUE - 7 * DAY, fired); // the remind went out
    const newDue = DUE + 30 * DAY;
    const extended = { ...base, dueAt: newDue, lastProgressAt: undefined, startedAt: undefined };
    const { sent } = drive(DEFAULT_POLICY, extended, DUE - 5 * DAY, newDue + 10 * DAY, fired);
    expect(sent.map((s) => [s.kind, s.level, s.at - newDue])).toEqual([
      ['remind', 0, -7 * DAY],
      ['overdue', 1, 0],
      ['escalate', 2, 3 * DAY],
      ['escalate', 2, 10 * DAY],
    ]);
    // Nothing is left of the old due time.
    expect(sent.some((s) => s.key.endsWith(`:${DUE}`))).toBe(false);
  });

  it('resumes after a rejection with only the latest missed step', () => {
    const fired = new Set<string>();
    drive(DEFAULT_POLICY, base, PUBLISHED, DUE - 6 * DAY, fired); // remind sent, then submitted on time
    const rejectedAt = DUE + 12 * DAY;
    const plan = planSteps(DEFAULT_POLICY, { ...base, lastProgressAt: rejectedAt }, rejectedAt, fired);
    expect(plan.fireNow.map((s) => [s.kind, s.level])).toEqual([['escalate', 2]]);
    expect(plan.skipped).toEqual([`overdue:1:${DUE}`, `escalate:2:${DUE + 3 * DAY}`]);
  });
});

describe('verification SLA', () => {
  const submittedAt = DUE - 2 * DAY;
  const submitted: ScheduleFacts = { ...base, state: 'submitted', submittedAt };

  it('reminds the supervision group after 5 days, then the coordinator after 5 more', () => {
    const { sent, next } = drive(DEFAULT_POLICY, submitted, submittedAt, submittedAt + 100 * DAY);
    expect(sent.map((s) => [s.kind, s.at - submittedAt, s.level, s.light, s.recipients])).toEqual([
      ['verify_remind', 5 * DAY, 0, 'green', SUPERVISORS],
      ['verify_escalate', 10 * DAY, 0, 'green', COORDINATOR],
    ]);
    expect(next).toBeUndefined();
  });

  it('keeps the level reached before a late submission', () => {
    const late = { ...submitted, submittedAt: DUE + 4 * DAY };
    const { sent } = drive(DEFAULT_POLICY, late, DUE + 4 * DAY, DUE + 30 * DAY);
    expect(sent.map((s) => s.level)).toEqual([2, 2]);
    expect(escalationLevel(DEFAULT_POLICY, late, DUE + 60 * DAY)).toBe(2);
  });

  it('goes back to the supervision group when the plan has no coordinator', () => {
    const facts = { ...submitted, coordinator: undefined };
    const { sent } = drive(DEFAULT_POLICY, facts, submittedAt, submittedAt + 100 * DAY);
    expect(sent[1]?.recipients).toEqual(SUPERVISORS);
  });

  it('ends when verified, and a new submission starts a new SLA', () => {
    const verified = { ...submitted, state: 'verified' as const, verifiedAt: submittedAt + DAY };
    expect(planSteps(DEFAULT_POLICY, verified, submittedAt + 20 * DAY, new Set())).toEqual({
      fireNow: [],
      skipped: [],
    });
    const resubmitted = { ...submitted, submittedAt: submittedAt + 20 * DAY };
    const plan = planSteps(DEFAULT_POLICY, resubmitted, submittedAt + 20 * DAY, new Set());
    expect(plan.next).toMatchObject({ kind: 'verify_remind', at: submittedAt + 25 * DAY });
  });
});

describe('progress cadence', () => {
  const started = PUBLISHED;
  const ongoing: ScheduleFacts = { ...base, dueAt: null, startedAt: started, lastProgressAt: undefined };

  it('reminds the lead department after 14 silent days, and every 14 days after', () => {
    const { sent } = drive(DEFAULT_POLICY, ongoing, started, started + 30 * DAY);
    expect(sent.map((s) => [s.kind, s.at - started, s.level, s.light, s.recipients])).toEqual([
      ['progress_remind', 14 * DAY, 0, 'green', LEAD],
      ['progress_remind', 28 * DAY, 0, 'green', LEAD],
    ]);
  });

  it('is reset by a progress report', () => {
    const fired = new Set<string>();
    drive(DEFAULT_POLICY, ongoing, started, started + 10 * DAY, fired);
    const reported = { ...ongoing, lastProgressAt: started + 10 * DAY };
    const plan = planSteps(DEFAULT_POLICY, reported, started + 15 * DAY, fired);
    expect(plan.fireNow).toEqual([]);
    expect(plan.next).toMatchObject({ kind: 'progress_remind', at: started + 24 * DAY });
  });

  it('runs only while in progress', () => {
    for (const state of ['assigned', 'submitted', 'verified', 'closed', 'cancelled'] as const) {
      const plan = planSteps(DEFAULT_POLICY, { ...ongoing, state }, started + 100 * DAY, new Set());
      expect(plan.fireNow.filter((s) => s.kind === 'progress_remind')).toEqual([]);
    }
  });

  it('shares the current level and light with the deadline ladder', () => {
    const facts = { ...base, lastProgressAt: DUE - 10 * DAY };
    const plan = planSteps(DEFAULT_POLICY, facts, DUE + 4 * DAY + 1, new Set());
    const progress = plan.fireNow.find((s) => s.kind === 'progress_remind');
    expect(progress).toMatchObject({ at: DUE + 4 * DAY, level: 2, light: 'red', recipients: LEAD });
    expect(progress?.key).toBe(`progress_remind:1:${DUE + 4 * DAY}`);
    expect(plan.fireNow.map((s) => s.kind)).toEqual(['escalate', 'progress_remind']);
  });
});

describe('ongoing measures (持续推进)', () => {
  const ongoing: ScheduleFacts = { ...base, state: 'assigned', dueAt: null };

  it('have no deadline ladder, stay green at level 0', () => {
    const plan = planSteps(DEFAULT_POLICY, ongoing, DUE + 365 * DAY, new Set());
    expect(plan).toEqual({ fireNow: [], skipped: [] });
    expect(lightAt(DEFAULT_POLICY, ongoing, DUE + 365 * DAY)).toBe('green');
    expect(escalationLevel(DEFAULT_POLICY, ongoing, DUE + 365 * DAY)).toBe(0);
    expect(lateness(ongoing, DUE + 365 * DAY)).toBe(0);
  });
});

describe('lights and lateness', () => {
  it('green → yellow inside the window → red from the due time', () => {
    expect(lightAt(DEFAULT_POLICY, base, DUE - 7 * DAY - 1)).toBe('green');
    expect(lightAt(DEFAULT_POLICY, base, DUE - 7 * DAY)).toBe('yellow');
    expect(lightAt(DEFAULT_POLICY, base, DUE - 1)).toBe('yellow');
    expect(lightAt(DEFAULT_POLICY, base, DUE)).toBe('red');
    expect(lightAt(DEFAULT_POLICY, { ...base, state: 'assigned' }, DUE + DAY)).toBe('red');
  });

  it('is green once submitted, verified or closed, even if late; lateness records how late', () => {
    for (const state of ['submitted', 'verified', 'closed'] as const) {
      expect(lightAt(DEFAULT_POLICY, { ...base, state, submittedAt: DUE + DAY }, DUE + 9 * DAY)).toBe('green');
    }
    expect(lateness(base, DUE - DAY)).toBe(0);
    expect(lateness(base, DUE)).toBe(0);
    expect(lateness(base, DUE + 2 * DAY)).toBe(2 * DAY);
  });
});

describe('a seconds-scale policy', () => {
  const policy = resolvePolicy({ remindBefore: '20s', escalateAfter: '10s', repeatEvery: '15s', progressEvery: '1h' });
  const importedAt = 1_700_000_000_000;
  const facts: ScheduleFacts = { ...base, state: 'assigned', dueAt: importedAt + 40_000, startedAt: undefined };

  it('walks the whole ladder within a minute', () => {
    const { sent } = drive(policy, facts, importedAt, importedAt + 80_000);
    expect(sent.map((s) => [s.kind, s.level, (s.at - importedAt) / 1000])).toEqual([
      ['remind', 0, 20],
      ['overdue', 1, 40],
      ['escalate', 2, 50],
      ['escalate', 2, 65],
      ['escalate', 2, 80],
    ]);
    expect(lightAt(policy, facts, importedAt + 19_999)).toBe('green');
    expect(lightAt(policy, facts, importedAt + 20_000)).toBe('yellow');
  });
});

describe('missed steps after an outage vs. stale steps before watching', () => {
  const watched = { ...base, watchedSince: DUE - 10 * DAY };

  it('delivers every rung missed while duban was watching, in order, each to its own people', () => {
    const fired = new Set([`remind:0:${DUE - 7 * DAY}`]);
    // The worker was down from before the due time until after the escalation step.
    const plan = planSteps(DEFAULT_POLICY, watched, DUE + 3 * DAY + 60_000, fired);
    expect(plan.fireNow.map((s) => [s.kind, s.level, s.at - DUE])).toEqual([
      ['overdue', 1, 0],
      ['escalate', 2, 3 * DAY],
    ]);
    expect(plan.fireNow[0]!.recipients).toEqual([...LEAD, ...LEADERS]);
    expect(plan.fireNow[1]!.recipients).toEqual([...SUPERVISORS, ...COORDINATOR]);
    expect(plan.skipped).toEqual([]);
  });

  it('still collapses what was due before watching began (a late import)', () => {
    const lateImport = { ...base, watchedSince: DUE + 4 * DAY };
    const plan = planSteps(DEFAULT_POLICY, lateImport, DUE + 4 * DAY, new Set());
    expect(plan.fireNow.map((s) => s.kind)).toEqual(['escalate']);
    expect(plan.skipped).toHaveLength(2);
  });

  it('collapses what fell due while the work sat submitted, once it is rejected', () => {
    const rejectedAt = DUE + 20 * DAY;
    const rejected = { ...base, watchedSince: rejectedAt };
    const fired = new Set([`remind:0:${DUE - 7 * DAY}`]);
    const plan = planSteps(DEFAULT_POLICY, rejected, rejectedAt, fired);
    const deadline = plan.fireNow.filter((s) => s.kind !== 'progress_remind');
    expect(deadline).toHaveLength(1);
    expect(deadline[0]).toMatchObject({ kind: 'escalate', level: 2, at: DUE + 3 * DAY + 2 * 7 * DAY });
    expect(plan.fireNow.filter((s) => s.kind === 'progress_remind')).toHaveLength(1);
  });
});

describe('a policy in working days (PRC holidays and 调休, Beijing wall-clock time kept)', () => {
  const at = (iso: string) => Date.parse(iso);
  const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  // Due Wednesday 2024-10-09 17:00, right after 国庆 (Oct 1–7 off, Sunday Sep 29 and Saturday Oct 12 worked).
  const due = at('2024-10-09T17:00:00+08:00');
  const facts: ScheduleFacts = { ...base, dueAt: due, startedAt: undefined, lastProgressAt: undefined };
  const policy = resolvePolicy({ remindBefore: '3wd', escalateAfter: '2 workdays', repeatEvery: '5工作日' });

  it('reminds 3 working days before (the 调休 Sunday), is overdue at the due instant, escalates on working days', () => {
    const { sent } = drive(policy, facts, at('2024-09-01T00:00:00+08:00'), at('2024-10-25T00:00:00+08:00'));
    expect(sent.map((s) => [s.kind, beijing(s.at)])).toEqual([
      ['remind', '2024-09-29 17:00'], // Oct 8, Sep 30, Sep 29 (a Sunday worked); calendar days would say Oct 6
      ['overdue', '2024-10-09 17:00'],
      ['escalate', '2024-10-11 17:00'], // Oct 10, 11
      ['escalate', '2024-10-17 17:00'], // Oct 12 (Saturday worked), 14, 15, 16, 17
      ['escalate', '2024-10-24 17:00'], // Oct 18, 21, 22, 23, 24
    ]);
  });

  it('gives the machine the window for this due time and the rule; a calendar-time policy only its length', () => {
    expect(yellowWindow(DEFAULT_POLICY, due, policyCalendar(DEFAULT_POLICY))).toEqual({ yellowWithinMs: 7 * DAY });
    expect(yellowWindow(policy, due, policyCalendar(policy))).toEqual({
      yellowWithinMs: due - at('2024-09-29T17:00:00+08:00'),
      yellowRule: { policy: { remindBeforeMs: 3 * DAY, workdays: policy.workdays }, dataThrough: 2026 },
    });
  });

  it('turns yellow from the reminder, not 3 × 24 h before', () => {
    expect(lightAt(policy, facts, at('2024-09-29T16:59:00+08:00'))).toBe('green');
    expect(lightAt(policy, facts, at('2024-09-29T17:00:00+08:00'))).toBe('yellow');
    expect(escalationLevel(policy, facts, at('2024-10-11T16:59:00+08:00'))).toBe(1);
    expect(escalationLevel(policy, facts, at('2024-10-11T17:00:00+08:00'))).toBe(2);
  });

  it('gives verification 5 working days after SUBMIT: across 国庆 that is almost two weeks', () => {
    const submittedAt = at('2024-09-30T15:00:00+08:00');
    const submitted: ScheduleFacts = { ...facts, state: 'submitted', submittedAt };
    const p = resolvePolicy({ verifyRemindAfter: '5wd', verifyEscalateAfter: '5wd' });
    const { sent } = drive(p, submitted, submittedAt, at('2024-11-01T00:00:00+08:00'));
    expect(sent.map((s) => [s.kind, beijing(s.at)])).toEqual([
      ['verify_remind', '2024-10-12 15:00'], // Oct 8, 9, 10, 11, 12
      ['verify_escalate', '2024-10-18 15:00'], // Oct 14, 15, 16, 17, 18
    ]);
  });

  it('moves a calendar-time reminder off a day off to the working day before, in a working-day policy', () => {
    // 7 calendar days before Oct 9 is Oct 2 (国庆): back to Monday Sep 30.
    const mixed = resolvePolicy({ remindBefore: '7d', verifyRemindAfter: '5wd' });
    expect(beijing(planSteps(mixed, facts, at('2024-09-01T00:00:00+08:00'), new Set()).next!.at)).toBe(
      '2024-09-30 17:00',
    );
    // A policy in calendar time only keeps it where it falls, as before.
    expect(planSteps(DEFAULT_POLICY, facts, at('2024-09-01T00:00:00+08:00'), new Set()).next!.at).toBe(due - 7 * DAY);
  });

  it('sends at once a reminder that moved back before the assignment (office defaults, due on a Saturday)', () => {
    // Assigned Saturday 2024-10-19 15:00, due 18:00: "1 h before" is 17:00 that Saturday, a day off; the office
    // defaults count 签收 and verification in working days, so the reminder moves to Friday 17:00, already past.
    const assignedAt = at('2024-10-19T15:00:00+08:00');
    const saturday: ScheduleFacts = {
      ...facts,
      state: 'assigned',
      dueAt: at('2024-10-19T18:00:00+08:00'),
      assignedAt,
      watchedSince: assignedAt,
    };
    const office = planSteps(resolvePolicy({ remindBefore: '1h' }), saturday, assignedAt, new Set());
    expect(office.fireNow.map((s) => [s.kind, beijing(s.at)])).toEqual([['remind', '2024-10-18 17:00']]);
    // Every rule in calendar time (what the integration suites' seconds-scale ladders use): it waits for 17:00.
    const calendarTime = resolvePolicy({ ...CALENDAR_TIME, remindBefore: '1h' });
    const waiting = planSteps(calendarTime, saturday, assignedAt, new Set());
    expect(waiting.fireNow).toEqual([]);
    expect(waiting.next).toMatchObject({ kind: 'remind', at: at('2024-10-19T17:00:00+08:00') });
  });

  it('counts a plan’s extra days off, and years outside the data as weekends only', () => {
    const withExtra = resolvePolicy({ remindBefore: '1wd', calendar: { holidays: ['2024-10-08'] } });
    expect(beijing(planSteps(withExtra, facts, at('2024-09-01T00:00:00+08:00'), new Set()).next!.at)).toBe(
      '2024-09-30 17:00',
    );
    // 2099: no holiday data; Friday 2099-10-02 minus 1 working day is Thursday 2099-10-01 (a 国庆 in real life).
    const far = { ...facts, dueAt: at('2099-10-02T17:00:00+08:00') };
    const oneWd = resolvePolicy({ remindBefore: '1wd' });
    expect(beijing(planSteps(oneWd, far, at('2099-09-01T00:00:00+08:00'), new Set()).next!.at)).toBe(
      '2099-10-01 17:00',
    );
  });
});

describe('签收 deadline (acknowledge = START within the policy’s time of 交办)', () => {
  const at = (iso: string) => Date.parse(iso);
  const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
  const assignedAt = at('2024-09-30T10:00:00+08:00');
  const assigned: ScheduleFacts = {
    ...base,
    state: 'assigned',
    dueAt: at('2024-12-31T23:59:59+08:00'),
    startedAt: undefined,
    lastProgressAt: undefined,
    assignedAt,
    watchedSince: assignedAt,
  };

  it('does not exist unless the plan asks for it (defaults unchanged)', () => {
    const { sent } = drive(DEFAULT_POLICY, assigned, assignedAt, at('2024-11-30T00:00:00+08:00'));
    expect(sent.filter((s) => s.kind === 'acknowledge_remind')).toEqual([]);
  });

  it('催办s the lead department 1 working day after 交办 (after 国庆), then the leaders too each period', () => {
    const policy = resolvePolicy({ acknowledgeWithin: '1wd' });
    const { sent } = drive(policy, assigned, assignedAt, at('2024-10-10T00:00:00+08:00'));
    const acks = sent.filter((s) => s.kind === 'acknowledge_remind');
    expect(acks.map((s) => [beijing(s.at), s.recipients])).toEqual([
      ['2024-10-08 10:00', LEAD], // Sep 30 + 1 working day: Oct 1–7 are 国庆
      ['2024-10-09 10:00', [...LEAD, ...LEADERS]],
    ]);
    expect(acks[0]).toMatchObject({ key: `acknowledge_remind:1:${at('2024-10-08T10:00:00+08:00')}`, level: 0 });
  });

  it('ends with START, and counts calendar time when given so', () => {
    const policy = resolvePolicy({ acknowledgeWithin: '2d' });
    expect(planSteps(policy, assigned, assignedAt, new Set()).next).toMatchObject({
      kind: 'acknowledge_remind',
      at: assignedAt + 2 * DAY,
    });
    const started = { ...assigned, state: 'in_progress' as const, startedAt: assignedAt + DAY };
    const plan = planSteps(policy, started, assignedAt + 3 * DAY, new Set());
    expect([...plan.fireNow, ...(plan.next ? [plan.next] : [])].map((s) => s.kind)).not.toContain('acknowledge_remind');
  });
});

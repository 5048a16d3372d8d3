/** Quality grading at 验收, offline: VERIFY's grade (or 合格 by default), FAIL_QUALITY, the search attributes. */
import { describe, expect, it } from 'vitest';
import {
  allowedEvents,
  applyEvent,
  createSnapshot,
  currentSearchAttributes,
  decide,
  hasAppraisal,
  persistSnapshot,
  restoreSnapshot,
  SA,
  scheduleFacts,
  stateOf,
  type MeasureSnapshot,
} from '../../src/measure';
import { EventRequestSchema, type MeasureEvent } from '../../src/domain/events';
import { checkEventRequest } from '../../src/measure';

const T0 = '2021-11-05T09:00:00.000+08:00';
const LEAD = 'dept:自然资源规划建设局';
const at = (day: number) => new Date(new Date(T0).getTime() + day * 86_400_000).toISOString();

type Body = MeasureEvent extends infer E ? (E extends MeasureEvent ? Omit<E, 'at'> : never) : never;

function drive(path: Body[]): { snapshot: MeasureSnapshot; details: Array<string | undefined> } {
  let snapshot = createSnapshot({
    measureId: '2.1',
    lead: ['自然资源规划建设局'],
    support: [],
    leaders: ['张立鹏'],
    dueAt: '2021-12-31T23:59:59+08:00',
    yellowWithinMs: 7 * 86_400_000,
    at: T0,
  });
  const details: Array<string | undefined> = [];
  path.forEach((body, i) => {
    const result = applyEvent(snapshot, { ...body, at: at(i + 1) });
    snapshot = result.snapshot;
    details.push(result.entry.detail);
  });
  return { snapshot, details };
}

const START: Body = { type: 'START', actor: LEAD };
const SUBMIT: Body = { type: 'SUBMIT', actor: LEAD };
const FAIL: Body = { type: 'FAIL_QUALITY', actor: 'supervisor', reason: '佐证材料与实际不符' };
const pairs = (snapshot: MeasureSnapshot, appraisal: boolean) =>
  Object.fromEntries(currentSearchAttributes(snapshot, appraisal).map(({ key, value }) => [key.name, value]));

describe('VERIFY with a grade', () => {
  it('stores the grade, the note, who and when', () => {
    const { snapshot, details } = drive([
      START,
      SUBMIT,
      { type: 'VERIFY', actor: 'supervisor', grade: '优秀', note: '成效明显' },
    ]);
    expect(stateOf(snapshot)).toBe('verified');
    expect(snapshot.context.quality).toEqual({ grade: '优秀', by: 'supervisor', at: at(3), note: '成效明显' });
    expect(details[2]).toBe('质量评定 优秀: 成效明显');
  });

  it('records a VERIFY without a grade (old histories, old callers) as 合格, marked as defaulted', () => {
    const { snapshot, details } = drive([START, SUBMIT, { type: 'VERIFY', actor: 'supervisor', note: '同意' }]);
    expect(snapshot.context.quality).toEqual({
      grade: '合格',
      by: 'supervisor',
      at: at(3),
      note: '同意',
      defaulted: true,
    });
    expect(details[2]).toBe('同意'); // the timeline reads as it always did
  });
});

describe('FAIL_QUALITY (验收不合格)', () => {
  it('sends the work back to 办理中 like REJECT: counted, reason kept, submission forgotten, graded 不合格', () => {
    const { snapshot, details } = drive([START, SUBMIT, FAIL]);
    expect(stateOf(snapshot)).toBe('in_progress');
    const ctx = snapshot.context;
    expect(ctx.rejections).toBe(1);
    expect(ctx.lastRejection).toEqual({ by: 'supervisor', at: at(3), reason: '佐证材料与实际不符' });
    expect(ctx.submitted).toBeUndefined();
    expect(ctx.quality).toEqual({ grade: '不合格', by: 'supervisor', at: at(3), note: '佐证材料与实际不符' });
    expect(details[2]).toBe('佐证材料与实际不符');
    // The schedule watches from the failure on, exactly as after a rejection.
    expect(scheduleFacts(snapshot, { supervisors: [] }).watchedSince).toBe(new Date(at(3)).getTime());
  });

  it('counts with REJECT, and a later VERIFY replaces 不合格 with the grade it gives', () => {
    const { snapshot } = drive([
      START,
      SUBMIT,
      { type: 'REJECT', actor: 'supervisor', reason: '材料不全' },
      SUBMIT,
      FAIL,
      SUBMIT,
      { type: 'VERIFY', actor: 'coordinator', grade: '良好' },
    ]);
    expect(snapshot.context.rejections).toBe(2);
    expect(snapshot.context.quality).toMatchObject({ grade: '良好', by: 'coordinator' });
  });

  it('is the supervision group’s, and only while submitted', () => {
    const submitted = drive([START, SUBMIT]).snapshot;
    expect(decide(submitted, { ...FAIL, actor: LEAD, at: at(3) })).toMatchObject({
      ok: false,
      code: 'forbidden',
      reason: expect.stringContaining('only the 联合督导组 (supervision group) may'),
    });
    expect(allowedEvents(submitted, 'supervisor', at(3))).toEqual(
      expect.arrayContaining(['VERIFY', 'REJECT', 'FAIL_QUALITY']),
    );
    const started = drive([START]).snapshot;
    expect(decide(started, { ...FAIL, at: at(2) })).toMatchObject({
      ok: false,
      code: 'conflict',
      reason: expect.stringContaining('FAIL_QUALITY is not allowed while measure 2.1 is in_progress'),
    });
  });

  it('survives persistence (continue-as-new)', () => {
    const { snapshot } = drive([START, SUBMIT, FAIL]);
    const restored = restoreSnapshot(JSON.parse(JSON.stringify(persistSnapshot(snapshot))));
    expect(restored.context.quality?.grade).toBe('不合格');
    expect(restored.can({ ...SUBMIT, at: at(5) })).toBe(true);
  });
});

describe('the payload', () => {
  it('takes 优秀, 良好 or 合格 at VERIFY, names the field otherwise, and a reason at FAIL_QUALITY', () => {
    for (const grade of ['优秀', '良好', '合格']) {
      const request = { actor: 'supervisor', event: { type: 'VERIFY', grade } };
      expect(EventRequestSchema.safeParse(request).success).toBe(true);
      expect(checkEventRequest(request).ok).toBe(true);
    }
    expect(checkEventRequest({ actor: 'supervisor', event: { type: 'VERIFY', grade: '不合格' } })).toEqual({
      ok: false,
      problems: ['event.grade: expected one of 优秀, 良好, 合格'],
    });
    expect(checkEventRequest({ actor: 'supervisor', event: { type: 'FAIL_QUALITY' } })).toEqual({
      ok: false,
      problems: ['event.reason: required'],
    });
  });
});

describe('DubanGrade and DubanRejections', () => {
  it('are published (behind the workflow’s patch) once a measure is graded or sent back', () => {
    const open = drive([START, SUBMIT]).snapshot;
    expect(hasAppraisal(open)).toBe(false);
    expect(pairs(open, false)).not.toHaveProperty(SA.grade.name);

    const failed = drive([START, SUBMIT, FAIL]).snapshot;
    expect(hasAppraisal(failed)).toBe(true);
    expect(pairs(failed, true)).toMatchObject({ DubanGrade: '不合格', DubanRejections: 1, DubanState: 'in_progress' });
    // Without the patch (a history recorded before it), exactly the attributes it always had.
    expect(Object.keys(pairs(failed, false))).toEqual([
      'DubanState',
      'DubanLight',
      'DubanEscalation',
      'DubanDueAt',
      'DubanLate',
    ]);

    const rejected = drive([START, SUBMIT, { type: 'REJECT', actor: 'supervisor', reason: '材料不全' }]).snapshot;
    expect(pairs(rejected, true)).toMatchObject({ DubanGrade: null, DubanRejections: 1 });
    const verified = drive([START, SUBMIT, { type: 'VERIFY', actor: 'supervisor', grade: '良好' }]).snapshot;
    expect(pairs(verified, true)).toMatchObject({ DubanGrade: '良好', DubanRejections: 0 });
  });
});

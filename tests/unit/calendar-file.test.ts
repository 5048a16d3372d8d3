// The deployment's calendar file and what an import makes of working days: extra days merged into each plan's
// policy, and one warning when deadlines fall in years the holiday data does not cover yet.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarFileError, loadCalendarFile } from '../../src/importer/calendar-file';
import { preparePlan } from '../../src/importer/import-plan';
import { HOLIDAY_DATA_YEARS } from '../../src/measure';

const dir = mkdtempSync(path.join(tmpdir(), 'duban-calendar-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

function planText(dueAt: string, policy: object): string {
  return JSON.stringify({
    id: 'cal-test',
    title: '测试方案',
    issuer: '测试',
    supervisors: ['纪工委'],
    policy,
    indicators: [{ code: 1, name: '指标', leaders: ['张三'], lead: '甲局', measures: [{ text: '措施一。', dueAt }] }],
  });
}

describe('the calendar file', () => {
  it('reads JSON or YAML, and no file means no extra days', () => {
    expect(loadCalendarFile(file('c.json', '{"holidays":["2027-01-01"]}'))).toEqual({
      holidays: ['2027-01-01'],
      workdays: [],
    });
    expect(loadCalendarFile(file('c.yaml', 'workdays:\n  - 2027-02-20\n'))).toEqual({
      holidays: [],
      workdays: ['2027-02-20'],
    });
    expect(loadCalendarFile(path.join(dir, 'absent.json'))).toBeUndefined();
    expect(loadCalendarFile(undefined)).toBeUndefined();
  });

  it('names the file and the field of a bad date', () => {
    const bad = file('bad.json', '{"holidays":["2027-1-1"]}');
    expect(() => loadCalendarFile(bad)).toThrow(CalendarFileError);
    expect(() => loadCalendarFile(bad)).toThrow(/bad\.json: holidays\.0/);
    expect(() => loadCalendarFile(file('unknown.yaml', 'holiday: []\n'))).toThrow(/unrecognized|holiday/i);
  });
});

describe('an import with working days', () => {
  const uncovered = HOLIDAY_DATA_YEARS.at(-1)! + 1;

  it('warns once when deadlines fall in a year the holiday data does not cover', () => {
    const outcome = preparePlan(planText(`${uncovered}-06-30`, { remindBefore: '3wd' }), { filename: 'p.json' });
    expect(outcome.ok).toBe(true);
    const warnings = outcome.warnings.filter((w) => w.message.includes('holiday data'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(`no PRC holiday data for ${uncovered}`);
  });

  it('does not warn for a covered year, nor for a policy in calendar time', () => {
    const covered = preparePlan(planText('2026-06-30', { remindBefore: '3wd' }), { filename: 'p.json' });
    const calendarTime = preparePlan(
      planText(`${uncovered}-06-30`, {
        remindBefore: '3d',
        acknowledgeWithin: 'off',
        verifyRemindAfter: '5d',
        verifyEscalateAfter: '5d',
      }),
      { filename: 'p.json' },
    );
    for (const outcome of [covered, calendarTime]) {
      expect(outcome.warnings.filter((w) => w.message.includes('holiday data'))).toEqual([]);
    }
  });

  it('merges the deployment’s extra days under the plan’s', () => {
    const outcome = preparePlan(
      planText(`${uncovered}-06-30`, { remindBefore: '3wd', calendar: { workdays: [`${uncovered}-02-06`] } }),
      { filename: 'p.json', calendar: { holidays: [`${uncovered}-01-01`, `${uncovered}-02-06`], workdays: [] } },
    );
    expect(outcome.ok && outcome.policy.calendar).toEqual({
      holidays: [`${uncovered}-01-01`],
      workdays: [`${uncovered}-02-06`],
    });
  });
});

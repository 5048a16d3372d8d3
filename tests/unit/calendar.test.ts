// The working-day calendar over the chinese-days data: 春节, 国庆 and their 调休 weekends (checked against the data
// and the State Council's 2024 notice), a year the data does not cover (weekends only), extra days, the laws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkdaysAt, HOLIDAY_DATA_YEARS, shanghaiDate, workCalendar } from '../../src/measure';

const cn = workCalendar();

describe('the PRC working-day calendar', () => {
  it('covers the years the data ships, 2004 through at least 2026', () => {
    expect(HOLIDAY_DATA_YEARS[0]).toBe(2004);
    expect(HOLIDAY_DATA_YEARS.at(-1)).toBeGreaterThanOrEqual(2026);
    expect(cn.covers('2024-06-01')).toBe(true);
  });

  it('2024 春节: Feb 10–17 off, Sunday Feb 4 and Sunday Feb 18 worked', () => {
    for (let d = 10; d <= 17; d++) expect(cn.isWorkday(`2024-02-${d}`)).toBe(false);
    expect(cn.isWorkday('2024-02-04')).toBe(true); // Sunday, 调休
    expect(cn.isWorkday('2024-02-18')).toBe(true); // Sunday, 调休
    expect(cn.isWorkday('2024-02-09')).toBe(true); // Friday, 除夕 was a working day in 2024
    expect(cn.isWorkday('2024-02-03')).toBe(false); // an ordinary Saturday
    // Friday Feb 9 + 1 working day skips the whole holiday and lands on the make-up Sunday.
    expect(cn.addWorkdays('2024-02-09', 1)).toBe('2024-02-18');
    expect(cn.addWorkdays('2024-02-18', -1)).toBe('2024-02-09');
    expect(cn.workdaysBetween('2024-02-09', '2024-02-19')).toBe(2); // Feb 18, Feb 19
  });

  it('2024 国庆: Oct 1–7 off, Sunday Sep 29 and Saturday Oct 12 worked; 5 working days from Sep 30 is Oct 12', () => {
    for (let d = 1; d <= 7; d++) expect(cn.isWorkday(`2024-10-0${d}`)).toBe(false);
    expect(cn.isWorkday('2024-09-29')).toBe(true);
    expect(cn.isWorkday('2024-10-12')).toBe(true);
    expect(cn.isWorkday('2024-10-13')).toBe(false);
    expect(cn.addWorkdays('2024-09-30', 5)).toBe('2024-10-12'); // Oct 8, 9, 10, 11, 12: almost two weeks
    expect(cn.addWorkdays('2024-10-09', -3)).toBe('2024-09-29'); // Oct 8, Sep 30, Sep 29 (a Sunday worked)
    expect(cn.workdaysBetween('2024-09-27', '2024-10-14')).toBe(8); // 29, 30, 8, 9, 10, 11, 12, 14
  });

  it('2026 as shipped: 国庆 with 中秋 Oct 1–7, Saturday Oct 10 worked', () => {
    expect(cn.isWorkday('2026-10-07')).toBe(false);
    expect(cn.isWorkday('2026-10-10')).toBe(true);
    expect(cn.addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
  });

  it('a year the data does not cover counts weekends only, and says so', () => {
    const year = HOLIDAY_DATA_YEARS.at(-1)! + 1;
    const jan1 = `${year}-01-01`;
    expect(cn.covers(jan1)).toBe(false);
    // 元旦 is a working day here for want of data, unless it falls on a weekend.
    const weekday = new Date(`${jan1}T00:00:00Z`).getUTCDay();
    expect(cn.isWorkday(jan1)).toBe(weekday !== 0 && weekday !== 6);
    expect(cn.workdaysBetween(`${year}-03-01`, `${year}-03-31`)).toBe(
      Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(year, 2, 2 + i)).getUTCDay()).filter((d) => d % 6 !== 0)
        .length,
    );
    // 2099 too: the answer is defined, not an error.
    expect(cn.isWorkday('2099-10-01')).toBe(true); // a Thursday
  });

  it('lets a plan or a deployment add days off and days worked, over the data and beyond it', () => {
    const cal = workCalendar({ holidays: ['2099-10-01', '2024-02-09'], workdays: ['2099-10-03', '2024-02-10'] });
    expect(cal.isWorkday('2099-10-01')).toBe(false);
    expect(cal.isWorkday('2099-10-03')).toBe(true); // a Saturday worked
    expect(cal.isWorkday('2024-02-09')).toBe(false);
    expect(cal.isWorkday('2024-02-10')).toBe(true);
    expect(cal.addWorkdays('2099-09-30', 1)).toBe('2099-10-02');
  });

  it('can leave a data year out (what the workflow does for a year added after it started)', () => {
    const cal = workCalendar({}, (y) => y !== 2024);
    expect(cal.covers('2024-10-01')).toBe(false);
    expect(cal.isWorkday('2024-10-01')).toBe(true); // a Tuesday, weekends only
    expect(cal.isWorkday('2025-10-01')).toBe(false);
  });

  it('refuses what is not a calendar date', () => {
    expect(() => cn.isWorkday('2024-02-30')).toThrow(RangeError);
    expect(() => cn.isWorkday('24-2-3')).toThrow(RangeError);
    expect(() => cn.addWorkdays('2024-02-03', 1.5)).toThrow(RangeError);
  });

  it('keeps its laws: addWorkdays lands on working days and workdaysBetween inverts it', () => {
    const date = fc
      .integer({ min: Date.UTC(2004, 0, 1), max: Date.UTC(2030, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -40, max: 40 }), (d, n) => {
        const to = cn.addWorkdays(d, n);
        expect(cn.workdaysBetween(d, to)).toBe(n);
        if (n !== 0) expect(cn.isWorkday(to)).toBe(true);
      }),
    );
  });

  it('shifts an instant by working days at the same Beijing wall-clock time', () => {
    const due = Date.parse('2024-10-09T17:00:00+08:00');
    expect(new Date(addWorkdaysAt(cn, due, -3)).toISOString()).toBe('2024-09-29T09:00:00.000Z');
    // Just after midnight Beijing time is still the Beijing date, not the UTC one.
    const early = Date.parse('2024-10-08T00:30:00+08:00');
    expect(shanghaiDate(early)).toBe('2024-10-08');
    expect(new Date(addWorkdaysAt(cn, early, -1)).toISOString()).toBe('2024-09-29T16:30:00.000Z');
  });
});

/**
 * The working-day calendar (工作日) of docs/domain.md "Time, lights and escalation": Asia/Shanghai calendar dates,
 * weekends off, the State Council's 法定节假日 off and the 调休 weekend days worked. The holiday data is the
 * `chinese-days` package's JSON (MIT, maintained from the State Council's yearly notices), bundled with the workflow
 * code and preloaded with the core. Pure: no clock, no I/O, no Node built-ins; dates are "YYYY-MM-DD" strings and
 * arithmetic runs on UTC midnights, so no time zone of the host is ever consulted.
 *
 * Years the data does not cover yet (the notice for next year comes out in November) count weekends only, plus the
 * extra days a plan or a deployment supplies; `covers(date)` says which answer a caller got.
 */
import data from 'chinese-days/dist/chinese-days.json';

/** A calendar date in Asia/Shanghai, "YYYY-MM-DD". */
export type CalendarDate = string;

/** Days a plan or a deployment adds on top of the data: extra days off, extra days worked. */
export interface CalendarExtras {
  holidays?: readonly CalendarDate[];
  workdays?: readonly CalendarDate[];
}

export interface WorkCalendar {
  /** A working day: a weekday that is no holiday, or a 调休 weekend day. */
  isWorkday(date: CalendarDate): boolean;
  /**
   * The n-th working day after `date` (n > 0) or before it (n < 0), not counting `date` itself; `date` for n = 0.
   * So the result of n ≠ 0 is always a working day, and `workdaysBetween(d, addWorkdays(d, n)) === n`.
   */
  addWorkdays(date: CalendarDate, n: number): CalendarDate;
  /**
   * Working days d with a < d ≤ b; when b is before a, minus those with b ≤ d < a. Either way the far end counts
   * and the start does not, so it inverts addWorkdays in both directions.
   */
  workdaysBetween(a: CalendarDate, b: CalendarDate): number;
  /** Whether the holiday data covers `date`'s year; outside it the answers are weekends only (plus extras). */
  covers(date: CalendarDate): boolean;
  /** The years the holiday data covers (ascending). */
  readonly years: readonly number[];
}

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The holiday data as shipped: every date in it, by kind, and the years it covers. */
const HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(data.holidays));
const WORKDAYS: ReadonlySet<string> = new Set(Object.keys(data.workdays));
/** Years the data covers: those with at least one holiday in it (every year has 元旦, 春节 and 国庆). */
export const HOLIDAY_DATA_YEARS: readonly number[] = Object.freeze(
  [...new Set([...HOLIDAYS].map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b),
);

/**
 * The last year of the data when the working-day calendar first shipped. A year the data gains later changes the
 * instants a running workflow computes, so the workflow admits each such year only behind `patched()`.
 */
export const HOLIDAY_DATA_BASE_YEAR = 2026;

function dayNumber(date: CalendarDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
  if (dateOfDay(n) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return n;
}

function dateOfDay(n: number): CalendarDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A calendar over the bundled data, with a plan's or a deployment's extra days. `useYear` narrows which of the
 * data's years count (the workflow admits a year added to the data later only behind `patched()`, so a running
 * workflow's history keeps replaying); a year left out counts weekends only.
 */
export function workCalendar(
  extras: CalendarExtras = {},
  useYear: (year: number) => boolean = () => true,
): WorkCalendar {
  const years = HOLIDAY_DATA_YEARS.filter(useYear);
  const covered = new Set(years);
  const extraOff = new Set(extras.holidays ?? []);
  const extraOn = new Set(extras.workdays ?? []);

  const isWorkday = (date: CalendarDate): boolean => {
    const n = dayNumber(date);
    if (extraOn.has(date)) return true;
    if (extraOff.has(date)) return false;
    if (covered.has(Number(date.slice(0, 4)))) {
      if (WORKDAYS.has(date)) return true;
      if (HOLIDAYS.has(date)) return false;
    }
    const weekday = (n + 4) % 7; // day 0 (1970-01-01) was a Thursday; 0 = Sunday, 6 = Saturday
    return weekday !== 0 && weekday !== 6;
  };

  const addWorkdays = (date: CalendarDate, n: number): CalendarDate => {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number: ${n}`);
    let day = dayNumber(date);
    const dir = Math.sign(n);
    for (let left = Math.abs(n); left > 0;) {
      day += dir;
      if (isWorkday(dateOfDay(day))) left--;
    }
    return dateOfDay(day);
  };

  const workdaysBetween = (a: CalendarDate, b: CalendarDate): number => {
    const from = dayNumber(a);
    const to = dayNumber(b);
    // Forwards (a, b]; backwards [b, a): either way the far end counts and the start does not, so the count
    // inverts addWorkdays in both directions.
    const [lo, hi, sign] = to >= from ? [from + 1, to, 1] : [to, from - 1, -1];
    let count = 0;
    for (let day = lo; day <= hi; day++) if (isWorkday(dateOfDay(day))) count++;
    return count === 0 ? 0 : sign * count;
  };

  const covers = (date: CalendarDate): boolean => {
    dayNumber(date);
    return covered.has(Number(date.slice(0, 4)));
  };

  return { isWorkday, addWorkdays, workdaysBetween, covers, years };
}

/** The Asia/Shanghai calendar date of an instant (epoch ms). */
export function shanghaiDate(epochMs: number): CalendarDate {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The instant n working days after (n < 0: before) `epochMs`, at the same Beijing wall-clock time: a reminder three
 * working days before a deadline at 17:00 goes out at 17:00 on that working day.
 */
export function addWorkdaysAt(calendar: WorkCalendar, epochMs: number, n: number): number {
  const date = shanghaiDate(epochMs);
  return epochMs + (dayNumber(calendar.addWorkdays(date, n)) - dayNumber(date)) * DAY_MS;
}

/**
 * Time helpers shared by the plan importers: Asia/Shanghai calendar instants (durations live in
 * src/domain/duration.ts and are re-exported here). China has kept UTC+8 without daylight saving since 1991, so a fixed
 * "+08:00" offset is exact for every date a plan can name.
 */

import { beijingWallClock, SHANGHAI_OFFSET } from '../domain/beijing-time';

export { SHANGHAI_OFFSET };

export { COMPACT_DURATION_RE, ISO_DURATION_RE, parseDuration } from '../domain/duration';

/** Days in a month (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "YYYY-MM-DD" for a calendar date, or undefined when the date does not exist (2021-02-30). */
export function calendarDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return undefined;
  if (!Number.isInteger(month) || month < 1 || month > 12) return undefined;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return m !== null && calendarDate(Number(m[1]), Number(m[2]), Number(m[3])) === text;
}

/** The last second of a calendar day in Asia/Shanghai: "2021-12-31" → "2021-12-31T23:59:59+08:00". */
export function endOfDay(date: string): string {
  return `${date}T23:59:59${SHANGHAI_OFFSET}`;
}

/** An instant written in Asia/Shanghai local time with whole seconds (rounded up so a due time is never early). */
export function formatShanghai(epochMs: number): string {
  return `${beijingWallClock(Math.ceil(epochMs / 1000) * 1000).slice(0, 19)}${SHANGHAI_OFFSET}`;
}

/** The calendar year in Asia/Shanghai at an instant (used when a document says 今年 but names no date of its own). */
export function shanghaiYear(at: Date): number {
  return Number(beijingWallClock(at.getTime()).slice(0, 4));
}

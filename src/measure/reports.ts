/**
 * 定期报送 (docs/domain.md "定期报送 and 漏报"): the periods in which the lead department owes a progress report. A
 * weekly or monthly cadence names a report day (Beijing calendar): a period ends when that day ends, and the first
 * report day is a day after the one work started on, so nobody owes a report the day they 签收. A fixed length
 * (for demos and tests) counts from the start itself. Pure; the schedule turns each period without a report into
 * a 漏报 step.
 */
import type { ReportCadence } from '../domain/policy';

const DAY = 86_400_000;
const SHANGHAI_OFFSET = 8 * 3_600_000;

/** A reporting period [start, end): a report made in it satisfies it; at `end` a period without one is a 漏报. */
export interface ReportPeriod {
  start: number;
  end: number;
}

/** 00:00 Beijing time of the day `t` falls on. */
const beijingMidnight = (t: number) => Math.floor((t + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;

/** Whether the Beijing day starting at `midnight` is a report day of `cadence`. */
function isReportDay(cadence: { every: 'week' | 'month'; day: number }, midnight: number): boolean {
  const date = new Date(midnight + SHANGHAI_OFFSET);
  if (cadence.every === 'week') return ((date.getUTCDay() + 6) % 7) + 1 === cadence.day;
  const lastOfMonth = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  return date.getUTCDate() === Math.min(cadence.day, lastOfMonth);
}

/** The reporting periods from `base` (when reporting began: 签收, a resume, a rejection) on, endlessly. */
export function* reportPeriods(cadence: ReportCadence, base: number): Generator<ReportPeriod> {
  if ('everyMs' in cadence) {
    for (let start = base; ; start += cadence.everyMs) yield { start, end: start + cadence.everyMs };
  }
  let start = base;
  let day = beijingMidnight(base) + DAY;
  for (;;) {
    while (!isReportDay(cadence, day)) day += DAY;
    const end = day + DAY;
    yield { start, end };
    start = end;
    day = end;
  }
}

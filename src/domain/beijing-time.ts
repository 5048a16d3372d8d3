/**
 * Asia/Shanghai wall-clock time, the time every plan, deadline and notice speaks in. China has kept UTC+8 without
 * daylight saving since 1991, so a fixed offset is exact. Pure and zod-free: the workflow sandbox imports it too.
 */
export const SHANGHAI_OFFSET = '+08:00';
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The Beijing wall clock at an instant, as "YYYY-MM-DDTHH:mm:ss.sss" (no zone designator). */
export function beijingWallClock(epochMs: number): string {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 23);
}

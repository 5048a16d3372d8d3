/**
 * Human durations used in plans and policies: calendar time ("7d", "3d", "12h", "30s", "1d12h"), parsed to
 * milliseconds, and, for policy rules, working days ("5wd", "5 workdays", "5工作日"), parsed to a whole count that the
 * schedule lays on the working-day calendar (docs/domain.md "Time, lights and escalation").
 */
import { z } from 'zod';

const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;

/** Compact durations: one or more `<number><unit>` parts, units ms, s, m, h, d, w (e.g. "40s", "1h30m", "7d"). */
export const COMPACT_DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
/** ISO 8601 durations without years or months (their length depends on the calendar), e.g. "PT40S", "P7D". */
export const ISO_DURATION_RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** A duration's length in milliseconds ("7d", "12h", "30s", "1d12h", "500ms", "PT40S"), or undefined. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (COMPACT_DURATION_RE.test(s)) {
    let total = 0;
    for (const [, amount, unit] of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
      total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
    }
    return Math.round(total);
  }
  const iso = ISO_DURATION_RE.exec(s);
  if (iso && s !== 'P' && !s.endsWith('T')) {
    const [, w, d, h, m, sec] = iso;
    const total = Number(w ?? 0) * UNIT_MS.w + Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h;
    return Math.round(total + Number(m ?? 0) * UNIT_MS.m + Number(sec ?? 0) * UNIT_MS.s);
  }
  return undefined;
}

/** Working days: "5wd", "1 workday", "5 workdays", "5 working days", "5工作日", "5个工作日" (whole days). */
export const WORKDAY_DURATION_RE = /^(\d+)\s*(?:wd|workdays?|working\s+days?|个?工作日)$/i;

/** A working-day count ("5wd" → 5), or undefined when the text is not one. */
export function parseWorkdays(text: string): number | undefined {
  const m = WORKDAY_DURATION_RE.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

/** Formats milliseconds back to the largest exact units, e.g. 90_000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.abs(ms);
  let out = ms < 0 ? '-' : '';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

/** zod: a duration string, transformed to milliseconds. */
export const DurationSchema = z.string().transform((text, ctx) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a duration: use e.g. "7d", "12h", "30s", "1d12h" or "PT40S"`,
    });
    return z.NEVER;
  }
  return ms;
});

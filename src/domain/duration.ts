/**
 * Human durations used in plans and policies ("7d", "3d", "12h", "30s", "1d12h"), parsed to milliseconds.
 * Calendar days only: working days and public holidays are a later refinement (DOMAIN.md).
 */
import { z } from 'zod';

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|d|h|m|s))+$/;

/** Parses "7d", "12h", "30s", "1d12h", "500ms"; returns undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return Math.round(total);
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
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration: use e.g. "7d", "12h", "30s", "1d12h"` });
    return z.NEVER;
  }
  return ms;
});

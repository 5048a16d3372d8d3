// The bench's command-line options: sizes by name or number, and the timer window read as the project's durations.
import { describe, expect, it } from 'vitest';
import { BenchOptionsSchema, SIZES } from '../../bench/bench';

describe('bench options', () => {
  it('defaults to the default size and a 60-second timer window', () => {
    expect(BenchOptionsSchema.parse({})).toMatchObject({ size: SIZES.default, spread: 60_000 });
  });

  it('reads sizes by name or number, and the window as a duration', () => {
    expect(BenchOptionsSchema.parse({ size: 'smoke', spread: '30s' })).toMatchObject({ size: 100, spread: 30_000 });
    expect(BenchOptionsSchema.parse({ size: '200', spread: 'PT2M' })).toMatchObject({ size: 200, spread: 120_000 });
  });

  it('refuses a window that is not a duration, naming the field', () => {
    const parsed = BenchOptionsSchema.safeParse({ spread: 'soon' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['spread'], message: expect.stringContaining('"soon"') });
  });
});

// The benchmark's arithmetic: nearest-rank percentiles, summaries, rates, ratios and rounding.
import { describe, expect, it } from 'vitest';
import { mb, percentile, rate, ratio, round, summarize } from '../../bench/stats';

describe('percentile (nearest rank)', () => {
  const samples = [5, 1, 4, 2, 3, 6, 8, 7, 10, 9];

  it('picks the nearest-rank value of unsorted samples', () => {
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 90)).toBe(9);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 100)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
  });

  it('p99 of 1000 samples is the 990th smallest', () => {
    const many = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentile(many, 99)).toBe(990);
    expect(percentile(many, 50)).toBe(500);
  });

  it('leaves the input unsorted and is NaN without samples', () => {
    const copy = [...samples];
    percentile(samples, 50);
    expect(samples).toEqual(copy);
    expect(percentile([], 50)).toBeNaN();
  });

  it('refuses a percentile outside 0..100', () => {
    expect(() => percentile(samples, 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives count, p50/p90/p99, max and mean', () => {
    expect(summarize([1, 2, 3, 4])).toEqual({ count: 4, p50: 2, p90: 4, p99: 4, max: 4, mean: 2.5 });
  });

  it('is all NaN for no samples', () => {
    const s = summarize([]);
    expect(s.count).toBe(0);
    expect(s.p50).toBeNaN();
    expect(s.mean).toBeNaN();
  });
});

describe('rate, ratio, round, mb', () => {
  it('turns a count over milliseconds into per second', () => {
    expect(rate(1000, 4000)).toBe(250);
    expect(rate(10, 0)).toBeNaN();
  });

  it('divides duban by raw, NaN when raw is missing', () => {
    expect(ratio(90, 100)).toBeCloseTo(0.9);
    expect(ratio(90, 0)).toBeNaN();
    expect(ratio(Number.NaN, 100)).toBeNaN();
  });

  it('rounds to the given digits and keeps NaN', () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(1.25, 1)).toBe(1.3);
    expect(round(Number.NaN)).toBeNaN();
  });

  it('converts bytes to MiB', () => {
    expect(mb(300 * 1024 * 1024)).toBe(300);
  });
});

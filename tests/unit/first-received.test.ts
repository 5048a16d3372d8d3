import { describe, expect, it } from 'vitest';
import { FirstReceived } from '../../src/service/first-received';

describe('FirstReceived', () => {
  it('answers the first time for a key asked again, and now for a new key', () => {
    const seen = new FirstReceived();
    expect(seen.at('a', 1000)).toBe(1000);
    expect(seen.at('a', 5000)).toBe(1000);
    expect(seen.at('b', 5000)).toBe(5000);
  });

  it('forgets a record older than it trusts, and one from a clock that went back', () => {
    const seen = new FirstReceived(10, 60_000);
    seen.at('a', 1000);
    expect(seen.at('a', 61_000)).toBe(1000);
    expect(seen.at('a', 61_001)).toBe(61_001);
    expect(seen.at('a', 500)).toBe(500);
  });

  it('keeps at most its limit, dropping the oldest first', () => {
    const seen = new FirstReceived(2);
    seen.at('a', 1);
    seen.at('b', 2);
    seen.at('c', 3);
    expect(seen.size).toBe(2);
    expect(seen.at('a', 4)).toBe(4);
    expect(seen.at('c', 5)).toBe(3);
  });
});

// 时限 texts and relative durations: the small calendars the importers rely on.
import { describe, expect, it } from 'vitest';
import { endOfDay, formatShanghai, parseDuration } from '../../src/importer/durations';
import { parseDueText } from '../../src/importer/parse-document';

describe('parseDueText (publication year 2024)', () => {
  const cases: Array<[string, string | null | undefined]> = [
    ['2024年6月底前', '2024-06-30'],
    ['2024年6月30日前', '2024-06-30'],
    ['2024年12月31日前', '2024-12-31'],
    ['2025年2月底前', '2025-02-28'],
    ['2024年2月底', '2024-02-29'],
    ['2024-03-15', '2024-03-15'],
    ['2024年上半年', '2024-06-30'],
    ['2024年第三季度', '2024-09-30'],
    ['2024年底前', '2024-12-31'],
    ['２０２４年６月底前', '2024-06-30'],
    ['年底前', '2024-12-31'],
    ['今年12月31日前', '2024-12-31'],
    ['明年6月底前', '2025-06-30'],
    ['9月底前', '2024-09-30'],
    ['6月中旬', '2024-06-20'],
    ['持续推进', null],
    ['长期坚持', null],
    ['長期堅持', null],
    ['常态化推进', null],
    ['视试点情况确定', undefined],
    ['2024年2月30日', undefined],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    const due = parseDueText(text, 2024);
    if (expected === undefined) expect(due).toBeUndefined();
    else if (expected === null) expect(due).toEqual({ ongoing: true });
    else expect(due).toMatchObject({ ongoing: false, date: expected });
  });
});

describe('durations and instants', () => {
  it.each([
    ['40s', 40_000],
    ['12h', 43_200_000],
    ['7d', 604_800_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['PT40S', 40_000],
    ['P1DT2H', 93_600_000],
  ])('%s = %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '40', 's', '3 days', 'P', 'PT', '1y'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('writes Asia/Shanghai instants', () => {
    expect(endOfDay('2021-12-31')).toBe('2021-12-31T23:59:59+08:00');
    expect(formatShanghai(Date.parse('2021-12-31T15:59:59Z'))).toBe('2021-12-31T23:59:59+08:00');
    expect(formatShanghai(Date.parse('2021-12-31T16:00:00.200Z'))).toBe('2022-01-01T00:00:01+08:00');
  });
});

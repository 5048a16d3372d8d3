/**
 * Dates in a plan document: a measure's 时限 text (2024年6月底前, 今年12月31日, 年底, 持续推进), the publication and
 * sign-off dates (发布时间:2021-11-05, 二〇二一年十一月五日), and the plan-wide deadline sentence
 * ("各项整改工作务必要在今年12月31日前高标准完成"). A relative date (今年, 6月底, 年底) is read in the document's own
 * year — its 发布时间 — and only when it has none in the year of "now", with a warning.
 */
import { calendarDate, daysInMonth, shanghaiYear } from './durations';
import { keyOf, sentences } from './doc-text';
import { CN_DIGITS, cnNumber } from './doc-keywords';
import type { Line, ParseWarning } from './parse-types';

const ONGOING_RE = /持续推进|长期坚持|长期推进|持续开展|常态化|长期|持续|长效/;
/** A date expression as 时限 texts write it (absolute, relative to the year, or a part of the year). */
export const DATE_EXPR =
  '(?:\\d{4}\\s*[-/.]\\s*\\d{1,2}\\s*[-/.]\\s*\\d{1,2}|(?:\\d{4}\\s*年\\s*|今年|本年|当年|明年|次年)?\\s*' +
  '(?:\\d{1,2}\\s*月\\s*(?:\\d{1,2}\\s*[日号]|底|末|中旬|上旬|下旬|份)?|年底|年末|年内|全年|底|上半年|下半年|第[一二三四1-4]季度)|\\d{4}\\s*年)';
/** A bare 时限 clause inside an attribution bracket ("2024年6月底前完成", "持续推进"). */
export const DUE_PIECE_RE = new RegExp(
  `^(?:于|在)?\\s*${DATE_EXPR}\\s*(?:以前|之前|前)?\\s*(?:全面|全部)?(?:完成整改|完成|办结|到位)?$|^(?:持续推进|长期坚持|长期推进|持续开展|常态化推进|常态化|长期)$`,
);
/** "发布时间:2021-11-05" and its kin: the publication date as a web page or a document labels it. */
export const LABELLED_DATE_RE =
  /(?:发布时间|发布日期|成文日期|印发日期|发文日期)\s*:?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
const CN_DATE_RE = /^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$/;

export type Due = { ongoing: true } | { ongoing: false; date: string };

const REL_YEAR = '(今年|本年|当年|明年|次年)?';
/** Reads a 时限 text: a calendar date (end of that day), or ongoing. Relative years use `year` (发布时间). */
export function parseDueText(text: string, year: number): Due | undefined {
  const k = keyOf(text).replace(/\s+/g, '');
  const rel = (word: string | undefined) => (word === '明年' || word === '次年' ? year + 1 : year);
  const date = (y: number, m: number, d: number): Due | undefined => {
    const iso = calendarDate(y, m, d);
    return iso ? { ongoing: false, date: iso } : undefined;
  };
  const monthEnd = (y: number, m: number, part: string | undefined) =>
    m >= 1 && m <= 12 ? date(y, m, part === '上旬' ? 10 : part === '中旬' ? 20 : daysInMonth(y, m)) : undefined;
  const quarterEnd = (half: string | undefined, quarter: string | undefined) =>
    half === '上半年' ? 6 : quarter ? 3 * (cnNumber(quarter) ?? Number(quarter)) : 12;
  let m: RegExpExecArray | null;
  // Absolute dates first (2024年6月30日, 2024-06-30, 2024年6月底, 2024年上半年/第二季度/年底), then dates relative
  // to the publication year (今年12月31日, 6月底, 年底), then the ongoing words.
  if ((m = /(\d{4})年(\d{1,2})月(\d{1,2})[日号]/.exec(k))) return date(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(k))) return date(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /(\d{4})年(\d{1,2})月(上旬|中旬|下旬|底|末|份)?/.exec(k))) return monthEnd(+m[1]!, +m[2]!, m[3]);
  if ((m = /(\d{4})年(上半年|下半年|第([一二三四1-4])季度)/.exec(k))) {
    return monthEnd(+m[1]!, quarterEnd(m[2], m[3]), undefined);
  }
  if ((m = /(\d{4})年/.exec(k))) return date(+m[1]!, 12, 31);
  if ((m = new RegExp(`${REL_YEAR}(\\d{1,2})月(\\d{1,2})[日号]`).exec(k))) return date(rel(m[1]), +m[2]!, +m[3]!);
  if ((m = new RegExp(`${REL_YEAR}(\\d{1,2})月(上旬|中旬|下旬|底|末|份)?`).exec(k))) {
    return monthEnd(rel(m[1]), +m[2]!, m[3]);
  }
  if ((m = new RegExp(`${REL_YEAR}(上半年|下半年|第([一二三四1-4])季度)`).exec(k))) {
    return monthEnd(rel(m[1]), quarterEnd(m[2], m[3]), undefined);
  }
  if (
    (m = new RegExp(`${REL_YEAR}(?:年底|年末|年内|全年|本年度|年度内)`).exec(k)) ||
    (m = /(今年|本年|当年|明年|次年)底/.exec(k))
  ) {
    return date(rel(m[1]), 12, 31);
  }
  if (ONGOING_RE.test(k)) return { ongoing: true };
  return undefined;
}

/** A line that is only a date ("2021年11月5日", "二〇二一年十一月五日"): the sign-off date. */
export function standaloneDate(key: string): string | undefined {
  const k = key.replace(/\s+/g, '');
  let m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(k);
  if (m) return calendarDate(+m[1]!, +m[2]!, +m[3]!);
  m = CN_DATE_RE.exec(k);
  if (m) {
    const y = Number([...m[1]!].map((c) => CN_DIGITS[c]).join(''));
    return calendarDate(y, cnNumber(m[2]!) ?? 0, cnNumber(m[3]!) ?? 0);
  }
  return undefined;
}

/** The year relative dates are read in, for a line. */
export type BaseYear = (no: number | undefined) => number;

/**
 * The document's own year (its 发布时间); without one, the year of `now`, said once — at the first line that needed
 * it — so the person knows why "今年" became that year.
 */
export function baseYearOf(
  publishedAt: string | undefined,
  lines: Line[],
  now: Date,
  warnings: ParseWarning[],
): BaseYear {
  let warned = false;
  const own = publishedAt ? undefined : documentYear(lines);
  return (no) => {
    if (publishedAt) return Number(publishedAt.slice(0, 4));
    if (own) {
      if (!warned) {
        warned = true;
        warnings.push({
          line: own.line,
          message: `no 发布时间 (publication date) found: relative dates (今年, 6月底前…) read in ${own.year}, ${own.why}`,
        });
      }
      return own.year;
    }
    const y = shanghaiYear(now);
    if (!warned) {
      warned = true;
      warnings.push({ line: no, message: `no 发布时间 (publication date) found: relative dates (今年…) read as ${y}` });
    }
    return y;
  };
}

/**
 * The document's own year when it names no 发布时间: the year of its 文号 (〔2021〕5号), else of its first full date
 * (a sign-off or a dated line: 2021年5月12日), else the year its text names most often (2021年, ties to the
 * earliest). Never the current year: a plan of 2020 read in 2026 still means 2020 by 6月底前.
 */
export function documentYear(lines: Line[]): { year: number; line: number; why: string } | undefined {
  const plausible = (y: number) => y >= 1990 && y <= 2100;
  for (const l of lines) {
    const m = /[[(]\s*((?:19|20)\d{2})\s*[\])]\s*\d+\s*号/.exec(l.key);
    if (m && plausible(+m[1]!)) return { year: +m[1]!, line: l.no, why: 'the year of its 文号' };
  }
  for (const l of lines) {
    const m = /((?:19|20)\d{2})\s*[年.-]\s*\d{1,2}\s*[月.-]\s*\d{1,2}\s*日?/.exec(l.key);
    if (m && plausible(+m[1]!)) return { year: +m[1]!, line: l.no, why: 'the year of its first full date' };
  }
  const counts = new Map<number, { n: number; line: number }>();
  for (const l of lines) {
    for (const m of l.key.matchAll(/((?:19|20)\d{2})\s*年/g)) {
      const y = +m[1]!;
      const c = counts.get(y);
      if (c) c.n++;
      else counts.set(y, { n: 1, line: l.no });
    }
  }
  const best = [...counts].sort((a, b) => b[1].n - a[1].n || a[0] - b[0])[0];
  return best ? { year: best[0], line: best[1].line, why: 'the year its text names most often' } : undefined;
}

/** The plan-wide deadline: a "…前…完成" sentence outside the measures, preferring one about 各项/全部 work. */
export function findDeadline(lines: Line[], baseYear: BaseYear): string | undefined {
  const re = new RegExp(`(${DATE_EXPR})\\s*(?:以前|之前|前)`, 'g');
  const candidates: Array<{ date: string; preferred: boolean }> = [];
  for (const l of lines) {
    for (const s of sentences([l])) {
      if (!/完成|到位|销号|办结|整改/.test(s.key)) continue;
      for (const m of s.key.matchAll(re)) {
        if (!/\d|年底|年末|年内|上半年|下半年|季度/.test(m[1]!)) continue;
        const due = parseDueText(m[1]!, baseYear(l.no));
        if (due && !due.ongoing) candidates.push({ date: due.date, preferred: /各项|全部|所有|整改工作/.test(s.key) });
      }
    }
  }
  return (candidates.find((c) => c.preferred) ?? candidates[0])?.date;
}

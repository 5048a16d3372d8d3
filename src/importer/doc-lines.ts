/**
 * A document's lines, ready for the outline: split and numbered as in the source, web-page chrome dropped, tables
 * pasted as text set apart (parse-table.ts reads them), and a PDF copy's wrapped lines joined back into paragraphs
 * (unwrap.ts says when). A joined paragraph keeps the number of the line where it starts, so every warning cites a
 * line of the source.
 */
import { seg, sub, trimSeg } from './doc-text';
import { endsInAttribution } from './doc-attribution';
import { LABELLED_DATE_RE } from './doc-dates';
import { DIVISION_ALT, KEY_ALT, KEY_LINE_RE } from './doc-keywords';
import { matchMarker } from './doc-outline';
import { findTables, strayRows, type Table } from './parse-table';
import type { Line, ParseWarning } from './parse-types';
import { unwrapLines } from './unwrap';

/** Web-page chrome around a crawled document: never part of the plan. */
const CHROME_RE =
  /^(?:欢迎访问|今天是\s*\d{4}\s*年|无障碍浏览|【?(?:关闭|打印|打印本页|关闭窗口|返回顶部|收藏|字号|字体)】?$|分享到|\(此件.{0,12}\)$)/;

/** A line that starts a block of its own: a numbered item or heading, a "牵头部门:"-type key, a header label. */
const startsBlock = (l: Line) =>
  matchMarker(l) !== undefined || KEY_LINE_RE.test(l.key) || LABELLED_DATE_RE.test(l.key) || CHROME_RE.test(l.key);

export interface DocumentLines {
  /** The prose lines: no blank lines, no chrome, no table rows; wrapped paragraphs joined. */
  lines: Line[];
  tables: Table[];
  /** Numbers of the lines that follow a blank line. */
  afterBlank: Set<number>;
}

/** Splits a document into its lines; a few stray replacement characters are worth a warning, not a refusal. */
export function readLines(text: string, warnings: ParseWarning[]): DocumentLines {
  const raws = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const all: Line[] = raws.map((raw, i) => ({ ...seg(raw.trim()), no: i + 1 }));
  const afterBlank = new Set(all.filter((l, i) => i > 0 && all[i - 1]!.key === '').map((l) => l.no));
  for (const l of all) {
    if (l.raw.includes('\uFFFD')) warnings.push({ line: l.no, message: 'unreadable characters "\uFFFD" in this line' });
  }
  // Tables (tab- or pipe-separated rows under a 序号/整改措施/责任单位 header) are read apart from the prose.
  const found = findTables(raws, { startsBlock: (raw) => matchMarker({ ...seg(raw), no: 0 }) !== undefined });
  warnings.push(...found.warnings, ...strayRows(raws, found.tables));
  const inTable = (no: number) => found.tables.some((t) => no >= t.headerNo && no <= t.endNo);
  const lines = unwrapLines(
    all.filter((l) => l.key !== '' && !CHROME_RE.test(l.key) && !inTable(l.no)),
    { startsBlock: startsBlock, endsParagraph: endsInAttribution },
  ).lines.flatMap(unflatten);
  return { lines, tables: found.tables, afterBlank };
}

/** Where a page flattened to one line put its line breaks back: before a numbered item or a key, after a space. */
const FLAT_BREAK = new RegExp(`\\s+(?=\\d{1,2}\\s*(?:[、]|\\.(?!\\d))|(?:${KEY_ALT}|${DIVISION_ALT})\\s*:)`, 'g');

/**
 * A web page copied as one long line ("… 1.市场内…; 整改责任单位:X 整改时限:… 1.员工食堂…; 2.…"): split again
 * where its items and key lines began, when a long line holds several of them. A key's own value (整改时限 after
 * 整改责任单位) stays on its line. Every piece keeps the source line's number.
 */
function unflatten(line: Line): Line[] {
  if (line.key.length < 150) return [line];
  const cuts = [...line.key.matchAll(FLAT_BREAK)].map((m) => m.index);
  if (cuts.length < 3) return [line];
  const spans: Array<[number, number]> = [];
  let start = 0;
  for (const at of [...cuts, line.key.length]) {
    const last = spans[spans.length - 1];
    const isKey = (a: number, b: number) => KEY_LINE_RE.test(line.key.slice(a, b).trim());
    if (last && isKey(...last) && isKey(start, at)) last[1] = at;
    else spans.push([start, at]);
    start = at;
  }
  return spans.map(([a, b]) => ({ ...trimSeg(sub(line, a, b)), no: line.no })).filter((l) => l.key !== '');
}

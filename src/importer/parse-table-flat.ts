/**
 * Task tables as real pages flatten them (issue 10 item 4), read into the same rows as a tab- or pipe-separated
 * table (parse-table.ts). Pure: raw lines in, tables out.
 *
 * - One cell per line: the header's names each on a line of their own (序号 / 工作任务 / 牵头单位 / 完成时限; blank
 *   lines between them, and a trailing "|" after each, are allowed), then the rows, one cell per line, each row
 *   starting with its 序号. A row ends where the next 序号 (a bare number greater than this row's) stands; a long
 *   cell may wrap over several lines. The table ends where no further row follows: at a line of text after the last
 *   row's cells, or at a heading with no row under it.
 * - Runs of spaces: a header whose names are separated by spaces (the header may close the paragraph before it,
 *   as a web page joins them: "…附件:任务分解表 序号 名称 工作任务 牵头责任单位"), then one row per line, each
 *   starting with its 序号; a line that is not a row continues the row above when a row follows it.
 * - A heading between rows (一、…, (一)…: a row spanning the table) names the group of the rows under it, as a
 *   指标/领域 column would.
 * - The pieces of each row are placed in their columns by what they look like (table-cells.ts), so a row missing a
 *   merged or empty cell is still read; a unit or person cell a row lacks (a cell merged with the row above) is the
 *   row above's, as an official reads a merged cell.
 * A flattened table needs a 序号 column: without one its rows cannot be told apart.
 */
import { columnOf, headerColumns, rowNumber, type Column, type Table, type TableRow } from './table-header';
import { kindOf, placePieces } from './table-cells';

interface FlatOptions {
  startsBlock: (raw: string) => boolean;
}

/** A row as found: its line, 序号, pieces in order, and the heading it sits under. */
interface FlatRow {
  no: number;
  number: number;
  pieces: string[];
  group?: string;
}

const trim = (s: string) => s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
/** A spaced line's cells: split at runs of spaces when it has any (a single space then stays in its cell). */
const spaced = (raw: string) =>
  trim(raw).split(/[\s\u3000]{2,}|\t/.test(trim(raw)) ? /[\s\u3000]{2,}|\t/ : /[\s\u3000]+/);
/** A line of a one-cell-per-line table without its "|" cell marks. */
const unpiped = (raw: string) =>
  trim(
    trim(raw)
      .replace(/^[|\uFF5C]/, '')
      .replace(/[|\uFF5C]$/, ''),
  );
const endsPiped = (raw: string) => /[|\uFF5C]$/.test(trim(raw));
/** The text of a heading after its 一、/(一) marker. */
const headingText = (raw: string) =>
  trim(raw).replace(/^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）])\s*/, '');
/** A header name: short, no sentence punctuation. */
const NAME_RE = /^[^。;；,，!?！？]{1,14}$/;

/** Finds the flattened tables among the lines no separated table holds. */
export function findFlatTables(raws: string[], opts: FlatOptions, taken: Table[]): Table[] {
  const held = (no: number) => taken.some((t) => no >= t.headerNo && no <= t.endNo);
  const tables: Table[] = [];
  for (let i = 0; i < raws.length; i++) {
    if (held(i + 1) || raws[i]!.includes('\t')) continue;
    const table = cellPerLineAt(raws, i, opts) ?? spacedAt(raws, i, opts);
    if (!table) continue;
    if (taken.some((t) => t.headerNo <= table.endNo && t.endNo >= table.headerNo)) continue;
    tables.push(table);
    i = table.endNo - 1;
  }
  return tables;
}

/** The next non-blank line from `from`, or raws.length. */
function nextFilled(raws: string[], from: number): number {
  let j = from;
  while (j < raws.length && trim(raws[j]!) === '') j++;
  return j;
}

/** A one-cell-per-line table whose header starts at line index i. */
function cellPerLineAt(raws: string[], i: number, opts: FlatOptions): Table | undefined {
  const first = unpiped(raws[i]!);
  if (!NAME_RE.test(first) || columnOf(first) === undefined) return undefined;
  const piped = endsPiped(raws[i]!);
  const names: string[] = [];
  let j = i;
  while (j < raws.length && names.length < 16) {
    const raw = raws[j]!;
    const name = unpiped(raw);
    if (rowNumber(name) !== undefined || !NAME_RE.test(name) || endsPiped(raw) !== piped) break;
    if (opts.startsBlock(trim(raw))) break;
    names.push(name);
    j = nextFilled(raws, j + 1);
  }
  const columns = names.length >= 3 ? headerColumns(names) : undefined;
  if (!columns || !columns.includes('number') || names.length > 16) return undefined;
  const rows: FlatRow[] = [];
  let endNo = i + 1;
  let group: string | undefined;
  const width = columns.length;
  for (; j < raws.length; j = nextFilled(raws, j + 1)) {
    const raw = raws[j]!;
    const piece = unpiped(raw);
    const current = rows[rows.length - 1];
    const n = rowNumber(piece);
    if (n !== undefined && (!current || n > current.number)) {
      rows.push({ no: j + 1, number: n, pieces: [], group });
      endNo = j + 1;
      continue;
    }
    if (opts.startsBlock(trim(raw))) {
      // A heading between rows names the group of the rows under it; with no row under it, the table has ended.
      let after = nextFilled(raws, j + 1);
      while (after < raws.length && opts.startsBlock(trim(raws[after]!))) after = nextFilled(raws, after + 1);
      if (after >= raws.length || rowNumber(unpiped(raws[after]!)) === undefined) break;
      group = headingText(raw);
      continue;
    }
    if (!current) break;
    if (piped) {
      // A cell without its "|" wraps onto the next line.
      if (!endsPiped(raw) && !endsPiped(raws[nextFilled(raws, j + 1)] ?? '')) break;
      const open = current.pieces.length > 0 && !endsPiped(raws[endNo - 1]!);
      if (open) current.pieces[current.pieces.length - 1] += `\n${piece}`;
      else current.pieces.push(piece);
    } else {
      // Past the last row's own cells only a unit list one per line goes on; the rest is what follows the table.
      const full = current.pieces.length >= width - 1 && !rowAhead(raws, j + 1, current.number, width);
      const list = kindOf(piece) === 'units' && kindOf(current.pieces[current.pieces.length - 1] ?? '') === 'units';
      if (full && !list) break;
      current.pieces.push(piece);
    }
    endNo = j + 1;
  }
  return rows.length > 0 ? buildTable(i + 1, endNo, columns, rows, '\n') : undefined;
}

/** A row (a bare number greater than `after`) within the next few filled lines. */
function rowAhead(raws: string[], from: number, after: number, width: number): boolean {
  for (let j = nextFilled(raws, from), seen = 0; j < raws.length && seen < 2 * width; j = nextFilled(raws, j + 1)) {
    const n = rowNumber(unpiped(raws[j]!));
    if (n !== undefined && n > after) return true;
    seen++;
  }
  return false;
}

/** A space-separated table whose header is line i (or closes it). */
function spacedAt(raws: string[], i: number, opts: FlatOptions): Table | undefined {
  const tokens = spaced(raws[i]!);
  if (tokens.length < 3 || (raws[i]!.match(/[|\uFF5C]/g) ?? []).length >= 2) return undefined;
  let columns: Array<Column | undefined> | undefined;
  // A header has at most 16 names: only the line's last 16 tokens can start one.
  for (let from = Math.max(0, tokens.length - 16); from <= tokens.length - 3 && !columns; from++) {
    const tail = tokens.slice(from);
    if (tail.every((t) => NAME_RE.test(t))) columns = headerColumns(tail);
    if (columns && columns[0] !== 'number') columns = undefined;
  }
  if (!columns) return undefined;
  const rows: FlatRow[] = [];
  let endNo = i + 1;
  let group: string | undefined;
  for (let j = nextFilled(raws, i + 1); j < raws.length; j = nextFilled(raws, j + 1)) {
    const raw = trim(raws[j]!);
    const [head = '', ...rest] = spaced(raw);
    const n = rowNumber(head);
    const current = rows[rows.length - 1];
    const isRow = (line: string | undefined) => {
      const k = rowNumber(spaced(line ?? '')[0]);
      return k !== undefined && trim(line ?? '').length > 2;
    };
    if (n !== undefined && rest.length > 0 && (!current || n > current.number)) {
      rows.push({ no: j + 1, number: n, pieces: rest, group });
    } else if (opts.startsBlock(raw)) {
      if (!isRow(raws[nextFilled(raws, j + 1)])) break;
      group = headingText(raw);
      continue;
    } else if (current && isRow(raws[nextFilled(raws, j + 1)])) {
      current.pieces.push(...spaced(raw));
    } else break;
    endNo = j + 1;
  }
  return rows.length > 0 ? buildTable(i + 1, endNo, columns, rows, ' ') : undefined;
}

/**
 * One cell's pieces as its text: a text cell's lines are joined where a line wraps (it ends without sentence
 * punctuation) and kept apart where a sentence ends; a list cell keeps one name per line.
 */
function joinPieces(pieces: string[], column: Column | undefined, joiner: string): string {
  const parts = pieces.map(trim).filter((p) => p !== '');
  if (column !== 'measure' && column !== 'problem' && column !== 'indicator') return parts.join(joiner);
  const wrap = joiner === ' ' ? ' ' : '';
  return parts.reduce(
    (text, p) => (text === '' ? p : /[。;；!?！？]$/.test(text) ? `${text}\n${p}` : text + wrap + p),
    '',
  );
}

/** The rows' pieces in their columns; a unit or person cell a row lacks is the row above's (a merged cell). */
function buildTable(
  headerNo: number,
  endNo: number,
  columns: Array<Column | undefined>,
  found: FlatRow[],
  joiner: string,
): Table {
  const rows: TableRow[] = [];
  let above: TableRow['cells'] = {};
  for (const row of found) {
    const placed = placePieces(columns, [String(row.number), ...row.pieces]);
    placed.forEach((cellsAt, further) => {
      const cells: TableRow['cells'] = {};
      for (const [k, pieces] of cellsAt) {
        const c = columns[k];
        const v = joinPieces(pieces, c, joiner);
        if (c !== undefined && v !== '') cells[c] = cells[c] === undefined ? v : `${cells[c]}\n${v}`;
      }
      // Every task has its lead and its leaders: a row lacking them shares the row above's merged cell. A further
      // task of one 序号 shares all its unit cells with the row above; elsewhere a missing 配合 cell is empty.
      const merged = further > 0 ? (['lead', 'support', 'leaders'] as const) : (['lead', 'leaders'] as const);
      for (const c of merged) {
        const k = columns.indexOf(c);
        if (k >= 0 && !cellsAt.has(k) && above[c] !== undefined) cells[c] = above[c];
      }
      if (row.group !== undefined && cells.indicator === undefined) cells.indicator = row.group;
      rows.push({ no: row.no, cells });
      above = cells;
    });
  }
  return { headerNo, endNo, columns, rows };
}

/**
 * Word/WPS/Excel tables pasted into a plan document as text. Pure: raw lines in, tables (header columns and rows of
 * cells, each row with its line) out; doc-tables.ts turns the rows into measures and problems.
 *
 * What it reads:
 * - Tab-separated rows (a copy out of Word, WPS or Excel) and pipe-separated rows ("| 1 | … |", markdown-like; empty
 *   leading and trailing cells are cells, and separator rows — "|---|:---:|", "|———|", pipes with nothing between —
 *   under the header or between rows are skipped).
 * - A header row is recognised by its column names, read by role (table-header.ts): it needs a 措施/任务 column
 *   (or, in a problem list, a 问题 column beside a unit column) and at least one of 序号, 责任单位-type, 时限-type
 *   or 问题 columns, and at most half of its cells unrecognised. Unrecognised columns (备注, 完成情况…) are ignored.
 * - A cell holding a line break: Excel quotes it ("…\n…", "" for a quote inside); Word does not, and the row then
 *   arrives as several lines, each with fewer cells than the header — the first cell of each further line continues
 *   the last cell of the row so far. In a table with a 序号 column a line whose first cell is not a number also
 *   continues the row above (when the cells still fit), and a line without separators between two rows continues
 *   the last cell of the row above. A row that ends up short is read with empty cells, and said.
 * - The table ends at a blank line or a line that is not a row and does not continue one.
 * - Merged cells (a header cell over several body columns, cells merged down several rows) are laid on the header
 *   by table-spans.ts.
 * Tables flattened one cell per line or with runs of spaces are read by parse-table-flat.ts, among the lines no
 * separated table holds. Not read: merged header rows (two header lines).
 */
import { findFlatTables } from './parse-table-flat';
import { alignMergedCells } from './table-spans';
import { headerColumns, rowNumber, type Column, type Table, type TableRow } from './table-header';
import type { ParseWarning } from './parse-types';

export { rowNumber, type Column, type Table, type TableRow } from './table-header';

export interface TableOptions {
  /** A line that starts a block of its own (a numbered heading): a table row never continues into it. */
  startsBlock: (raw: string) => boolean;
}

type Sep = 'tab' | 'pipe';
const PIPES = /[|\uFF5C]/g;
const separatorOf = (raw: string): Sep | undefined =>
  raw.includes('\t') ? 'tab' : (raw.match(PIPES) ?? []).length >= 2 ? 'pipe' : undefined;
const trimCell = (s: string) => s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');

function splitCells(raw: string, sep: Sep): string[] {
  if (sep === 'tab') return raw.replace(/[\r]+$/, '').split('\t');
  const t = trimCell(raw)
    .replace(/^[|\uFF5C]/, '')
    .replace(/[|\uFF5C]$/, '');
  return t.split(PIPES);
}

/**
 * One tab-separated row starting at raws[i], with Excel's quoted cells ("…\n…") read across lines. Undefined when a
 * quote never closes (the quote is then ordinary text).
 */
function readTabRow(raws: string[], i: number): { cells: string[]; next: number } | undefined {
  const cells: string[] = [];
  let j = i;
  let line = raws[j]!;
  let pos = 0;
  for (;;) {
    let cell = '';
    if (line[pos] === '"') {
      pos += 1;
      for (;;) {
        const q = line.indexOf('"', pos);
        if (q < 0) {
          cell += `${line.slice(pos)}\n`;
          j += 1;
          if (j >= raws.length || j - i > 50) return undefined;
          line = raws[j]!;
          pos = 0;
        } else if (line[q + 1] === '"') {
          cell += `${line.slice(pos, q)}"`;
          pos = q + 2;
        } else {
          cell += line.slice(pos, q);
          pos = q + 1;
          break;
        }
      }
    }
    const tab = line.indexOf('\t', pos);
    cell += line.slice(pos, tab < 0 ? undefined : tab);
    cells.push(cell);
    if (tab < 0) return { cells, next: j + 1 };
    pos = tab + 1;
  }
}

/** A separator row under (or between) pipe rows: "|---|:---:|", "|———|", or pipes with nothing between them. */
const isRuleRow = (cells: string[]) => cells.every((c) => /^[\s:\-—–=+_]*$/.test(c));

/**
 * Finds the tables in a document's raw lines (as split, untrimmed): tab- and pipe-separated ones here, then the
 * flattened ones (one cell per line, runs of spaces: parse-table-flat.ts) among the lines no table holds.
 */
export function findTables(raws: string[], opts: TableOptions): { tables: Table[]; warnings: ParseWarning[] } {
  const found = findSeparatedTables(raws, opts);
  const flat = findFlatTables(raws, opts, found.tables);
  const tables = [...found.tables, ...flat].sort((a, b) => a.headerNo - b.headerNo);
  return { tables, warnings: found.warnings };
}

function findSeparatedTables(raws: string[], opts: TableOptions): { tables: Table[]; warnings: ParseWarning[] } {
  const tables: Table[] = [];
  const warnings: ParseWarning[] = [];
  for (let i = 0; i < raws.length; i++) {
    const sep = separatorOf(raws[i]!);
    if (!sep) continue;
    const columns = headerColumns(splitCells(raws[i]!, sep));
    if (!columns) continue;
    const width = columns.length;
    const numbered = columns.includes('number');
    const rows: Array<{ no: number; cells: string[] }> = [];
    let j = i + 1;
    if (sep === 'pipe' && raws[j] !== undefined && isRuleRow(splitCells(raws[j]!, sep))) j += 1;
    let endNo = j;
    while (j < raws.length) {
      const raw = raws[j]!;
      if (trimCell(raw) === '') break;
      const current = rows[rows.length - 1];
      let cells: string[];
      let next = j + 1;
      const plain = separatorOf(raw) !== sep;
      if (plain) {
        // A line without separators continues a row that is still short (Word's line break in a cell), or the last
        // cell of a complete row when the next line is a row again (a line break in the last column).
        if (!current || opts.startsBlock(trimCell(raw))) break;
        if (current.cells.length >= width && !isRowStart(raws[j + 1], sep, columns)) break;
        cells = [raw];
      } else if (sep === 'tab') {
        const read = readTabRow(raws, j) ?? { cells: splitCells(raw, sep), next: j + 1 };
        cells = read.cells;
        next = read.next;
      } else {
        cells = splitCells(raw, sep);
        if (isRuleRow(cells)) {
          endNo = next;
          j = next;
          continue;
        }
      }
      const fits = (c: { cells: string[] }) =>
        c.cells.length + cells.length - 1 <= width &&
        (c.cells.length < width || (numbered && rowNumber(cells[columns.indexOf('number')]) === undefined));
      if (current && (plain || fits(current))) {
        const last = current.cells.length - 1;
        current.cells[last] = `${current.cells[last]}\n${cells[0]!}`;
        current.cells.push(...cells.slice(1));
      } else {
        rows.push({ no: j + 1, cells });
      }
      endNo = next;
      j = next;
    }
    // A header with no rows under it is a line of prose that happens to name two columns.
    if (rows.length === 0) continue;
    const table: Table = { headerNo: i + 1, endNo, columns, rows: [] };
    const merged = alignMergedCells(
      columns,
      rows.map((r) => r.cells),
    );
    if (merged) rows.forEach((r, k) => (r.cells = merged[k]!));
    for (const row of rows) {
      if (row.cells.length !== width) {
        warnings.push({
          line: row.no,
          message:
            `this table row has ${row.cells.length} cells but its header (line ${i + 1}) has ${width} columns: ` +
            (row.cells.length < width ? 'the missing ones are read as empty' : 'the extra ones are ignored'),
        });
      }
      const cells: TableRow['cells'] = {};
      columns.forEach((c, k) => {
        const v = trimCell(row.cells[k] ?? '')
          .split('\n')
          .map(trimCell)
          .filter((l) => l !== '')
          .join('\n');
        // Two person or supporting columns (责任领导 and 责任人) give one list.
        if (c !== undefined && v !== '') cells[c] = cells[c] === undefined ? v : `${cells[c]}\n${v}`;
      });
      table.rows.push({ no: row.no, cells });
    }
    tables.push(table);
    i = endNo - 1;
  }
  return { tables, warnings };
}

/** A line that starts a new row of a table: it has the separator and, in a numbered table, a number first. */
function isRowStart(raw: string | undefined, sep: Sep, columns: Array<Column | undefined>): boolean {
  if (raw === undefined || separatorOf(raw) !== sep) return false;
  const at = columns.indexOf('number');
  return at < 0 || rowNumber(splitCells(raw, sep)[at]) !== undefined;
}

/** Lines outside the tables that look like rows (3 or more tab- or pipe-separated cells): said, not read. */
export function strayRows(raws: string[], tables: Table[]): ParseWarning[] {
  const inTable = (no: number) => tables.some((t) => no >= t.headerNo && no <= t.endNo);
  return raws.flatMap((raw, i) => {
    const sep = separatorOf(raw);
    const cells = sep ? splitCells(raw, sep).filter((c) => trimCell(c) !== '') : [];
    if (cells.length < 3 || inTable(i + 1)) return [];
    return [
      {
        line: i + 1,
        message:
          `this line looks like a table row (${cells.length} cells) but is under no recognised header row ` +
          '(序号 | 整改措施 | 责任单位 | 完成时限 …); it is read as plain text',
      },
    ];
  });
}

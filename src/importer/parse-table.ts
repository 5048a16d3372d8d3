/**
 * Word/WPS/Excel tables pasted into a plan document as text. Pure: raw lines in, tables (header columns and rows of
 * cells, each row with its line) out; doc-tables.ts turns the rows into measures and problems.
 *
 * What it reads:
 * - Tab-separated rows (a copy out of Word, WPS or Excel) and pipe-separated rows ("| 1 | … |", markdown-like, with
 *   an optional "|---|---|" row under the header).
 * - A header row is recognised by its column names (see COLUMNS; full-width and traditional forms via keyOf): it
 *   needs a 措施/任务 column and at least one of 序号, 责任单位-type, 时限-type or 问题 columns, and at most half
 *   of its cells unrecognised. Unrecognised columns (备注, 完成情况, 整改目标…) are ignored.
 * - A cell holding a line break: Excel quotes it ("…\n…", "" for a quote inside); Word does not, and the row then
 *   arrives as several lines, each with fewer cells than the header — the first cell of each further line continues
 *   the last cell of the row so far. In a table with a 序号 column a line whose first cell is not a number also
 *   continues the row above (when the cells still fit), and a line without separators between two rows continues
 *   the last cell of the row above. A row that ends up short is read with empty cells, and said.
 * - The table ends at a blank line or a line that is not a row and does not continue one.
 * Not read: one cell per line (a table copied as a plain list), merged header rows (two header lines).
 */
import { KEYS, keyOf, type Field } from './doc-text';
import type { ParseWarning } from './parse-types';

export type Column = 'number' | 'indicator' | 'problem' | 'measure' | Field;

/** Column names as they appear in header rows, in their simplified half-width form. */
const COLUMNS: Record<Column, string[]> = {
  number: ['序号', '编号', '序'],
  indicator: [
    ...['指标', '评价指标', '指标名称', '一级指标', '二级指标', '所属指标', '指标类别', '领域', '重点领域', '事项'],
    ...['类别', '问题类别', '类型', '板块'],
  ],
  problem: [
    ...['问题', '存在问题', '现存问题', '主要问题', '存在的问题', '问题描述', '反馈问题', '突出问题', '问题清单'],
    ...['问题表现', '具体问题', '问题短板', '短板弱项', '评价发现问题'],
  ],
  measure: [
    ...['整改措施', '整改任务', '措施', '任务', '具体措施', '整改举措', '工作措施', '主要任务', '重点任务'],
    ...['工作任务', '整改内容', '任务内容', '工作内容', '主要措施', '改进措施', '提升措施', '整改措施及目标'],
  ],
  lead: [...KEYS.lead, '责任主体', '牵头部门(单位)', '责任单位(部门)', '牵头单位(部门)', '责任单位及责任人'],
  support: [...KEYS.support, '配合部门(单位)'],
  leaders: [...KEYS.leaders, '责任人', '责任领导(责任人)'],
  due: [...KEYS.due, '时间', '整改时间', '完成时间节点', '计划完成时间', '完成时限要求'],
};
const COLUMN_OF = new Map<string, Column>(
  (Object.entries(COLUMNS) as Array<[Column, string[]]>).flatMap(([c, names]) =>
    names.map((n) => [n, c] as [string, Column]),
  ),
);

export interface TableRow {
  /** 1-based line where the row starts. */
  no: number;
  /** The row's cells by column (trimmed; a cell may hold line breaks). Absent: no such column or an empty cell. */
  cells: Partial<Record<Column, string>>;
}
export interface Table {
  /** 1-based line of the header row. */
  headerNo: number;
  /** 1-based line of the table's last line. */
  endNo: number;
  columns: Array<Column | undefined>;
  rows: TableRow[];
}

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

/** The header's columns, or undefined when the row is not a recognisable header. */
function headerColumns(cells: string[]): Array<Column | undefined> | undefined {
  const seen = new Set<Column>();
  const columns = cells.map((c) => {
    const k = keyOf(c)
      .replace(/[\s\u3000]+/g, '')
      .replace(/:$/, '');
    const column = COLUMN_OF.get(k) ?? COLUMN_OF.get(k.replace(/\([^()]*\)$/, ''));
    if (column === undefined || seen.has(column)) return undefined;
    seen.add(column);
    return column;
  });
  const named = cells.filter((c) => trimCell(c) !== '').length;
  const known = columns.filter((c) => c !== undefined).length;
  const enough = ['number', 'lead', 'due', 'problem'].some((c) => seen.has(c as Column));
  return seen.has('measure') && enough && known * 2 >= named ? columns : undefined;
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

const isRuleRow = (cells: string[]) => cells.every((c) => /^\s*:?-{3,}:?\s*$/.test(c));

/** Finds the tables in a document's raw lines (as split, untrimmed). */
export function findTables(raws: string[], opts: TableOptions): { tables: Table[]; warnings: ParseWarning[] } {
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
        if (c !== undefined && v !== '') cells[c] = v;
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

/** The 序号 cell as a number ("3", "3.", "(3)"), if it is one. */
export function rowNumber(cell: string | undefined): number | undefined {
  const m = /^\(?(\d{1,3})[).、]?$/.exec(keyOf(trimCell(cell ?? '')));
  return m ? Number(m[1]) : undefined;
}

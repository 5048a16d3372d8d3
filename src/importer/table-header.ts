/**
 * A task table's header: which column is which, read by role as officials read a header (issue 10 item 4). Shared by
 * the separated tables (parse-table.ts: tabs, pipes) and the flattened ones (parse-table-flat.ts: one cell per line,
 * runs of spaces). Pure and a leaf (it imports only doc-text.ts and types).
 *
 * - Known names first (COLUMNS; full-width and traditional forms via keyOf, spaces inside a name ignored:
 *   "分 管 领 导"), then the name's role words: 领导/责任人/负责人 → leaders (persons); 配合/协同/协办/协助/参与 →
 *   support; 牵头/主责/主要责任/主办 → lead; 责任单位/责任部门/责任主体/承办/落实 → responsible; 时限/时间/期限/节点 →
 *   due; 问题 → problem; 任务/措施/举措/实事/分解/工作/事项内容 → the task (measure); 项目 beside a task column is
 *   the group (a 民生工程 table's project), alone it is the task.
 * - A responsible (责任单位) column beside a lead (牵头单位) column supports; a lone one leads (jointly).
 * - A header with no task column but a 问题 column and a unit column is a problem list: each problem is the task
 *   its unit must put right (its measure).
 * - A header needs a task column and at least one of 序号, unit, 时限 or 问题 columns, and at most half of its named
 *   cells unknown; a column named twice counts once (the first), except person and supporting columns (责任领导
 *   and 责任人), whose cells make one list.
 */
import { KEYS, keyOf, type Field } from './doc-text';

export type Column = 'number' | 'indicator' | 'problem' | 'measure' | Field;

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

/** Column names as they appear in header rows, in their simplified half-width form. */
const COLUMNS: Record<Column, string[]> = {
  number: ['序号', '编号', '序'],
  indicator: [
    ...['指标', '评价指标', '指标名称', '一级指标', '二级指标', '所属指标', '指标类别', '领域', '重点领域', '事项'],
    ...['类别', '问题类别', '类型', '板块', '项目', '工程'],
  ],
  problem: [
    ...['问题', '存在问题', '现存问题', '主要问题', '存在的问题', '问题描述', '反馈问题', '突出问题', '问题清单'],
    ...['问题表现', '具体问题', '问题短板', '短板弱项', '评价发现问题'],
  ],
  measure: [
    ...['整改措施', '整改任务', '措施', '任务', '具体措施', '整改举措', '工作措施', '主要任务', '重点任务'],
    ...['工作任务', '整改内容', '任务内容', '工作内容', '主要措施', '改进措施', '提升措施', '整改措施及目标'],
    ...['重点工作', '重点工作任务', '民生实事', '实事项目', '民生实事项目', '项目名称', '目标任务'],
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

/** A unit column's name that only says "responsible": it leads alone, and supports beside a 牵头 column. */
const RESPONSIBLE_RE = /^(?:责任|承办|落实|实施)(?:单位|部门|科室|主体)/;

/** The role words of a header name that is not in COLUMNS, in the order they decide. */
const ROLE_WORDS: Array<[RegExp, Column]> = [
  [/领导|责任人|负责人|联系人/, 'leaders'],
  [/配合|协同|协办|协助|参与/, 'support'],
  [/牵头|主责|主要责任|主办/, 'lead'],
  [/(?:责任|承办|落实|实施)(?:单位|部门|科室|主体)/, 'lead'],
  [/时限|期限|时间|节点/, 'due'],
  [/问题/, 'problem'],
  [/任务|措施|举措|实事|分解/, 'measure'],
];

/** A header cell as a name: simplified, half-width, without spaces or a trailing colon. */
export const headerName = (cell: string) =>
  keyOf(cell)
    .replace(/[\s\u3000]+/g, '')
    .replace(/:$/, '');

/** The column a header cell names, if any. */
export function columnOf(cell: string): Column | undefined {
  const k = headerName(cell);
  const known = COLUMN_OF.get(k) ?? COLUMN_OF.get(k.replace(/\([^()]*\)$/, ''));
  if (known !== undefined || k.length > 12) return known;
  return ROLE_WORDS.find(([re]) => re.test(k))?.[1];
}

/** The header's columns, or undefined when the cells are not a recognisable header. */
export function headerColumns(cells: string[]): Array<Column | undefined> | undefined {
  const named = cells.map((c, i) => ({ i, name: headerName(c), column: columnOf(c) }));
  // A responsible column supports when a lead column stands beside it.
  const leads = named.filter((n) => n.column === 'lead');
  if (leads.length > 1 && leads.some((n) => !RESPONSIBLE_RE.test(n.name))) {
    for (const n of leads) if (RESPONSIBLE_RE.test(n.name)) n.column = 'support';
  }
  // A 项目 column is the task of a project list, and the group only beside a task column.
  if (!named.some((n) => n.column === 'measure')) {
    const project = named.find((n) => n.name === '项目' || n.name === '工程');
    if (project) project.column = 'measure';
  }
  // A problem list: the problem is the task when no column names one.
  if (!named.some((n) => n.column === 'measure') && named.some((n) => n.column === 'lead')) {
    const problem = named.find((n) => n.column === 'problem');
    if (problem && named.length >= 3) problem.column = 'measure';
  }
  const seen = new Set<Column>();
  const columns = named.map(({ column }) => {
    const list = column === 'leaders' || column === 'support';
    if (column === undefined || (seen.has(column) && !list)) return undefined;
    seen.add(column);
    return column;
  });
  const filled = named.filter((n) => n.name !== '').length;
  const known = columns.filter((c) => c !== undefined).length;
  const enough = ['number', 'lead', 'due', 'problem'].some((c) => seen.has(c as Column));
  return seen.has('measure') && enough && known * 2 >= filled ? columns : undefined;
}

/** The 序号 cell as a number ("3", "3.", "(3)"), if it is one. */
export function rowNumber(cell: string | undefined): number | undefined {
  const m = /^\(?(\d{1,3})[).、]?$/.exec(keyOf((cell ?? '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')));
  return m ? Number(m[1]) : undefined;
}

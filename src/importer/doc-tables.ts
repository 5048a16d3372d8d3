/**
 * The plan's meaning of a table pasted as text (parse-table.ts finds the rows): where the table sits in the outline,
 * which indicator its rows belong to, and each row as a measure (序号, else row order; its 措施 cell the text;
 * "X(牵头)、Y" in a 责任单位 cell is lead X, support Y) and its 问题 cell as a problem. The indicator is the heading
 * above the table; with a 指标/领域/事项 column, one indicator per value; under no heading, or under a section
 * heading (二、整改任务, 任务清单…), the plan itself (one indicator named after the plan's title).
 */
import { seg } from './doc-text';
import { hasFields, mergeAttribution, readAttribution, settleRoles } from './doc-attribution';
import { splitNames } from './doc-keywords';
import { rowNumber, type Table, type TableRow } from './parse-table';
import type { Attribution, Field, Line, MeasureItem, Node, ParseWarning, ProblemItem } from './parse-types';

/** A heading that names a section of tasks ("二、整改任务", "任务分工", "附件:整改任务清单"), not an indicator. */
const SECTION_RE = /(?:任务|措施|举措|分工|清单|台账|一览表|明细|安排|要求|附件\d*)$/;

export interface TablePlace {
  table: Table;
  /** The node whose text stands just above the table's header. */
  anchor: Node;
  /** The indicator its rows belong to (the root: the plan itself). */
  host: Node;
}

/**
 * Where a table sits: `anchor` is the node whose text stands just above its header; `host` is the indicator its
 * rows belong to — the anchor, unless that is a section heading (then the nearest heading above that is not one),
 * and the plan (root) for a table outside any heading.
 */
export function tablePlace(root: Node, lines: Line[], table: Table): TablePlace {
  const owner = new Map<number, Node>();
  const index = (n: Node): void => {
    if (n.line) owner.set(n.line.no, n);
    for (const l of n.body) owner.set(l.no, n);
    n.children.forEach(index);
  };
  index(root);
  const above = lines.filter((l) => l.no < table.headerNo).pop();
  const anchor = (above && owner.get(above.no)) ?? root;
  let host = anchor;
  while (host.parent && (host.kind !== 'other' || SECTION_RE.test(host.head.key.replace(/[\s:。.]+$/, '')))) {
    host = host.parent;
  }
  return { table, anchor, host };
}

/**
 * Names from a table's 责任单位/配合单位/责任领导 cell: one per line or 、-separated (a list closed by 。 as a
 * sentence), "X(牵头)" or "X牵头" marking a lead.
 */
function readUnitsCell(cell: string, field: Exclude<Field, 'due'>): Attribution | undefined {
  const lines = cell.split('\n').map((l) => l.replace(/[。;；,，、\s]+$/, ''));
  // "(牵头)" after a name becomes one private-use character, so the name splitter keeps it with its name.
  const marked = seg(lines.join('、').replace(/[(（]\s*牵头\s*[)）]|牵头(?=[、,，;；]|$)/g, '\uE000'));
  const names = splitNames(marked);
  if (names) {
    const leads = names.filter((n) => n.raw.endsWith('\uE000')).map((n) => n.raw.slice(0, -1));
    const others = names.filter((n) => !n.raw.endsWith('\uE000')).map((n) => n.raw);
    if (leads.length === 0) return { [field]: others };
    return field === 'lead' ? { lead: leads, ...(others.length > 0 ? { support: others } : {}) } : undefined;
  }
  const read = readAttribution(seg(cell.replace(/\n/g, ',')), 'bracket');
  return hasFields(read.attr) && read.unparsed.length === 0 ? settleRoles(read.attr) : undefined;
}

const COLUMN_LABEL: Record<Exclude<Field, 'due'>, string> = {
  lead: '责任单位',
  support: '配合单位',
  leaders: '责任领导',
};

/** A row's 责任单位/配合单位/责任领导/时限 cells as one attribution; an unreadable cell is said and ignored. */
function rowAttribution(row: TableRow, warnings: ParseWarning[]): Attribution {
  const { cells } = row;
  const shared: Attribution = {};
  for (const field of ['lead', 'support', 'leaders'] as const) {
    const cell = cells[field];
    if (cell === undefined) continue;
    const attr = readUnitsCell(cell, field);
    if (attr) mergeAttribution(shared, attr);
    else {
      warnings.push({
        line: row.no,
        message: `could not read the ${COLUMN_LABEL[field]} cell "${cell}" of this table row; it is ignored`,
      });
    }
  }
  if (cells.due !== undefined) shared.due = cells.due.split('\n').join('');
  return shared;
}

/**
 * A table's rows as measures and problems. With a 指标/领域/事项 column, rows are grouped into one indicator per
 * value (an empty cell continues the one above: a merged cell); otherwise they belong to the table's host. The 序号
 * numbers the measures when every row has one, else rows are numbered in order within their indicator. The 问题
 * cell is a problem of that indicator (an empty or repeated cell is the problem above).
 */
export function tableItems(
  table: Table,
  host: Node,
  warnings: ParseWarning[],
): { measures: MeasureItem[]; problems: ProblemItem[]; groups: Node[] } {
  const measures: MeasureItem[] = [];
  const problems: ProblemItem[] = [];
  const groups = new Map<string, Node>();
  const rows = table.rows.filter((r) => r.cells.measure !== undefined);
  const numbered = rows.every((r) => rowNumber(r.cells.number) !== undefined);
  const counters = new Map<Node, { measures: number; problems: number; problem?: string }>();
  let group = host;
  for (const row of table.rows) {
    const { cells } = row;
    const name = cells.indicator?.split('\n').join('');
    if (name !== undefined) {
      let g = groups.get(name);
      if (!g) {
        const head: Line = { ...seg(name), no: row.no };
        g = { number: groups.size + 1, line: head, head, body: [], children: [], parent: host, kind: 'other' };
        groups.set(name, g);
      }
      group = g;
    }
    const count = counters.get(group) ?? { measures: 0, problems: 0 };
    counters.set(group, count);
    if (cells.problem !== undefined && cells.problem !== count.problem) {
      count.problems += 1;
      count.problem = cells.problem;
      problems.push({
        number: count.problems,
        no: row.no,
        lines: [{ ...seg(cells.problem), no: row.no }],
        indicator: group,
      });
    }
    if (cells.measure === undefined) {
      if (Object.keys(cells).some((c) => c !== 'problem' && c !== 'indicator' && c !== 'number')) {
        warnings.push({ line: row.no, message: 'a table row without 整改措施 (measure) text; not imported' });
      }
      continue;
    }
    count.measures += 1;
    const shared = rowAttribution(row, warnings);
    measures.push({
      number: numbered ? rowNumber(cells.number)! : count.measures,
      no: row.no,
      lines: [{ ...seg(cells.measure), no: row.no }],
      parent: group,
      indicator: group,
      shared: hasFields(shared) ? shared : undefined,
    });
  }
  return { measures, problems, groups: [...groups.values()] };
}

/**
 * Chinese rectification-plan document → canonical Plan. Pure: text in, plan (or errors) and warnings out. This
 * module only assembles; each stage lives in its own module (docs/domain.md "The plan document"):
 *
 * 1. doc-checks.ts — empty, binary or mis-decoded text is refused at once.
 * 2. doc-lines.ts — lines numbered as in the source; page chrome dropped; tables set apart (parse-table.ts); a PDF
 *    copy's wrapped lines joined (unwrap.ts). Lines are normalised for *matching only* (doc-text.ts keyOf: full-width
 *    punctuation to half-width, a small traditional → simplified table) by a 1:1 character map, so every name and
 *    text is sliced from the line as written.
 * 3. doc-meta.ts — the sign-off (落款) at the end, then the header: title, issuer, 发布时间.
 * 4. doc-outline.ts — numbered lines (一、 (一) 1. 1、 (1) ① 一是 and labels such as "整改措施:") build a tree; the
 *    numbering styles nest in the order a document first uses them.
 * 5. doc-classify.ts, doc-tables.ts — measures are the items under a 整改措施-type heading, items carrying their own
 *    attribution (doc-attribution.ts), or a table's rows; the nearest group above a measure is its indicator.
 * 6. doc-indicators.ts — codes, inheritance of 责任领导/牵头部门/配合部门 from a group's lines, due times
 *    (doc-dates.ts, relative to the 发布时间), problems.
 * 7. doc-meta.ts again — the evaluation, the 联合督导组 and the coordinator from the plan's own text.
 * Whatever looks like an attribution but cannot be read is a warning with its line; nothing is guessed. A measure
 * without a lead, or two measures with one number, is an error: the import is all-or-nothing.
 */
import { PlanSchema, type Plan } from '../domain/plan';
import { endOfDay } from './durations';
import { FIRST_LEADS_RE } from './doc-attribution';
import { checkText } from './doc-checks';
import { classifyOutline, type Classified } from './doc-classify';
import { baseYearOf, findDeadline, type BaseYear } from './doc-dates';
import { buildIndicators, indicatorCodes, Inheritance, placeProblems, type IndicatorsInput } from './doc-indicators';
import { readLines } from './doc-lines';
import { evaluationOf, readHeader, readSignOff, supervisionOf, type Header } from './doc-meta';
import { buildTree } from './doc-outline';
import { tableItems, tablePlace, type TablePlace } from './doc-tables';
import { checkOptions, derivePlanId, zodErrors } from './plan-file';
import type { Line, Node, ParseError, ParseOptions, ParseResult, ParseWarning } from './parse-types';

export { keyOf } from './doc-text';
export { checkText } from './doc-checks';
export { parseDueText } from './doc-dates';

/** What the stages have read so far, and the issues they found. */
interface Reading {
  opts: ParseOptions;
  errors: ParseError[];
  warnings: ParseWarning[];
  lines: Line[];
  /** Numbers of the lines that follow a blank line. */
  afterBlank: Set<number>;
  root: Node;
  tables: TablePlace[];
  header: Header;
  baseYear: BaseYear;
}

/** Parses a Chinese rectification-plan document into the canonical Plan: all or nothing. */
export function parseDocument(text: string, opts: ParseOptions = {}): ParseResult {
  const read = readDocument(text, opts);
  const { errors, warnings } = read;
  if (!read.plan || errors.length > 0) return { ok: false, errors, warnings };
  const checked = PlanSchema.safeParse(read.plan);
  if (!checked.success) return { ok: false, errors: zodErrors(checked.error), warnings };
  return { ok: true, plan: checked.data, warnings };
}

/** A document as far as it could be read: the plan (unchecked), and every error and warning on the way. */
export interface DocumentRead {
  /** Absent when the text is not readable or holds no measures. Not checked against PlanSchema: with errors, a
   * measure may lack its lead (`lead: []`) or share its number, and the title may be empty. */
  plan?: Plan;
  errors: ParseError[];
  warnings: ParseWarning[];
  /** For each source line inside a measure, that measure's id. */
  lineOwners: Map<number, string>;
}

/**
 * Reads a document through every stage and keeps going past errors, so a review can show the plan as far as it was
 * read. `lenient` also keeps measures a strict import drops (a duplicate number); parseDocument is the strict use.
 */
export function readDocument(text: string, opts: ParseOptions = {}, lenient = false): DocumentRead {
  const lineOwners = new Map<number, string>();
  const fatal = checkText(text);
  if (fatal) return { errors: [fatal], warnings: [], lineOwners };
  const reading = readOutline(text, opts);
  const { errors, warnings } = reading;
  const found = findMeasures(reading);
  if (found.measures.length === 0) {
    errors.push({
      message:
        'no 整改措施 (measures) found: expected numbered items under a 整改措施 heading, or items with their own ' +
        'attribution such as (牵头部门:X。配合部门:Y。)',
    });
    return { errors, warnings, lineOwners };
  }
  if (!reading.header.title) fallBackTitle(reading);
  const plan = assemblePlan(reading, found, {
    lenient,
    onMeasure: (measure, item) => item.lines.forEach((l) => lineOwners.set(l.no, measure.id)),
  });
  return { plan, errors, warnings, lineOwners };
}

/** Steps 2–4: the lines, the sign-off and header, the outline tree and where its tables sit. */
function readOutline(text: string, opts: ParseOptions): Reading {
  const errors: ParseError[] = checkOptions(opts);
  const warnings: ParseWarning[] = [];
  const read = readLines(text, warnings);
  const signOff = readSignOff(read.lines);
  const lines = signOff.lines;
  const root = buildTree(lines);
  const tables = read.tables.map((t) => tablePlace(root, lines, t));
  const header = readHeader(root.body, lines, signOff, warnings);
  const baseYear = baseYearOf(header.publishedAt, lines, opts.now ?? new Date(), warnings);
  return { opts, errors, warnings, lines, afterBlank: read.afterBlank, root, tables, header, baseYear };
}

/**
 * A document without a recognisable title (an excerpt, a page of a longer text) is still a plan: it is named after
 * its file, else its first heading, and the warning says so (the review file and `--plan-id` are where to fix it).
 */
function fallBackTitle(reading: Reading): void {
  const stem = reading.opts.filename?.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]+$/, '');
  const heading = reading.root.children.find((c) => c.children.length > 0)?.head.raw.replace(/[:：。]$/, '');
  const title = stem || (heading && heading.length <= 60 ? heading : undefined) || '未命名方案';
  reading.header.title = title;
  reading.warnings.push({
    message: `no plan title found (e.g. "关于印发…方案的通知" before the first section): the plan is named "${title}"`,
  });
}

/** Step 5: measures and problems from the outline and the tables, in document order. */
function findMeasures(reading: Reading): Classified {
  const { root, tables, warnings } = reading;
  const found = classifyOutline({
    root,
    afterBlank: reading.afterBlank,
    tableAnchors: new Set(tables.flatMap((p) => [p.anchor, p.host])),
    tableHosts: new Set(tables.map((p) => p.host)),
    warnings,
  });
  for (const { table, host } of tables) {
    const read = tableItems(table, host, warnings);
    for (const g of read.groups) found.groups.add(g);
    found.measures.push(...read.measures);
    found.problems.push(...read.problems);
  }
  found.measures.sort((a, b) => a.no - b.no);
  found.problems.sort((a, b) => a.no - b.no);
  for (const p of found.stray) {
    warnings.push({
      line: p.line!.no,
      message: `a 现存问题 (problem) item carries an attribution; it is read as a problem, not as a measure`,
    });
  }
  return found;
}

/** Steps 6–7: indicators with their measures and problems, the deadline, evaluation and supervision. */
function assemblePlan(
  reading: Reading,
  found: Classified,
  review: Pick<IndicatorsInput, 'lenient' | 'onMeasure'>,
): Plan {
  const { opts, root, header, warnings } = reading;
  // The indicators: the distinct groups measures belong to, in document order.
  const indicatorNodes = [...new Set(found.measures.map((m) => m.indicator))];
  const codes = indicatorCodes(indicatorNodes, found.groups);
  const planLines = planText(reading, found, indicatorNodes);
  const deadline = planDeadline(reading, planLines);
  const { indicators, withoutDue } = buildIndicators({
    root,
    title: header.title,
    groups: found.groups,
    measures: found.measures,
    indicatorNodes,
    codes,
    inheritance: new Inheritance(
      root,
      reading.lines.some((l) => FIRST_LEADS_RE.test(l.key)),
    ),
    defaultDueAt: deadline.defaultDueAt,
    baseYear: reading.baseYear,
    errors: reading.errors,
    warnings,
    ...review,
  });
  placeProblems(found.problems, indicatorNodes, indicators, warnings);
  if (!deadline.found && opts.deadline === undefined && withoutDue > 0) {
    warnings.push({
      message:
        `no plan-wide deadline found (e.g. "各项整改工作务必要在今年12月31日前完成"): ${withoutDue} measure(s) ` +
        'without their own 时限 have no due time; pass a deadline (--deadline YYYY-MM-DD) to set one',
    });
  }

  const firstIndicatorLine = Math.min(...found.measures.map((m) => m.no), ...found.problems.map((p) => p.no));
  const evaluation = evaluationOf(planLines.filter((l) => l.no < firstIndicatorLine));
  const { supervisors, coordinator } = supervisionOf(planLines);
  if (supervisors.length === 0) {
    warnings.push({ message: 'no 联合督导组 (joint supervision group) found: the plan has no supervisors' });
  }
  const title = header.title ?? '';
  const plan: Plan = {
    id: opts.planId ?? derivePlanId(title, opts.filename),
    title,
    defaultDueAt: deadline.defaultDueAt,
    supervisors,
    indicators,
  };
  if (header.issuer) plan.issuer = header.issuer;
  if (header.publishedAt) plan.publishedAt = header.publishedAt;
  if (evaluation) plan.evaluation = evaluation;
  if (coordinator) plan.coordinator = coordinator;
  return plan;
}

/** The plan's own text: every line outside indicators, measures and problems. */
function planText(reading: Reading, found: Classified, indicatorNodes: Node[]): Line[] {
  const { root, tables, lines } = reading;
  const claimed = new Set<number>();
  for (const m of found.measures) for (const l of m.lines) claimed.add(l.no);
  for (const p of found.problems) for (const l of p.lines) claimed.add(l.no);
  // A table's host heading speaks for the lines above its table; prose after the table is plan text.
  const afterTable = (n: Node, l: Line) => tables.some((p) => p.host === n && l.no > p.table.endNo);
  for (const n of indicatorNodes) {
    if (n !== root) for (const l of [n.head, ...n.body]) if (!afterTable(n, l)) claimed.add(l.no);
  }
  return lines.filter((l) => !claimed.has(l.no));
}

/** The plan-wide deadline: the one given (--deadline), else the deadline sentence of the plan's text. */
function planDeadline(reading: Reading, planLines: Line[]): { defaultDueAt: string | null; found: boolean } {
  if (reading.opts.deadline !== undefined) return { defaultDueAt: endOfDay(reading.opts.deadline), found: false };
  const found = findDeadline(planLines, reading.baseYear);
  return found ? { defaultDueAt: endOfDay(found), found: true } : { defaultDueAt: null, found: false };
}

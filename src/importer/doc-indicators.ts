/**
 * Indicators and their measures, once classification has said which nodes are groups and which items are
 * measures: indicator codes, inheritance (a measure's own attribution, else its group's "KEY:names" lines, up the
 * outline), measure ids, texts and due times, and where each problem goes. Every measure the document cannot fully
 * attribute becomes an error or a warning with its line here — a missing 牵头部门 most of all.
 */
import type { Indicator, Measure, Problem } from '../domain/plan';
import { endOfDay } from './durations';
import { trimSeg } from './doc-text';
import { extractAttributions, mergeAttribution, namesUnits, readAttribution, settleRoles } from './doc-attribution';
import { metaLines } from './doc-classify';
import { parseDueText, type BaseYear } from './doc-dates';
import { HEADING_LEADER_RE } from './doc-keywords';
import { scoreOf } from './doc-meta';
import { firstSentence } from './plan-file';
import type { Attribution, Field, MeasureItem, Node, ParseError, ParseWarning, ProblemItem } from './parse-types';

/** Indicator codes: the groups' own numbers when they are numbered alike and distinct, else 1, 2, … in order. */
export function indicatorCodes(indicatorNodes: Node[], groups: Set<Node>): Map<Node, string> {
  const numbered = indicatorNodes.every((n) => groups.has(n) && n.marker === indicatorNodes[0]!.marker);
  const codes = new Map<Node, string>();
  const distinct = new Set(indicatorNodes.map((n) => n.number)).size === indicatorNodes.length;
  indicatorNodes.forEach((n, i) => codes.set(n, String(numbered && distinct ? n.number : i + 1)));
  return codes;
}

/** What a group says for the measures under it (its heading's attribution and "KEY:names" lines), up the tree. */
export class Inheritance {
  private readonly cache = new Map<Node, Attribution>();

  /** `firstLeads`: the document says the first unit of a 责任单位 list leads (排在首位的为牵头单位). */
  constructor(
    private readonly root: Node,
    readonly firstLeads = false,
  ) {}

  /** A group's own meta: its heading's attribution and its "KEY:names" body lines. */
  metaOf(n: Node): Attribution {
    let meta = this.cache.get(n);
    if (!meta) {
      meta = {};
      if (n !== this.root) mergeAttribution(meta, extractAttributions([n.head], 'heading').attr);
      const named = n === this.root ? null : HEADING_LEADER_RE.exec(n.head.key);
      if (named && meta.leaders === undefined) meta.leaders = [n.head.raw.slice(0, named[1]!.length)];
      for (const l of metaLines(n)) mergeAttribution(meta, readAttribution(l, 'line').attr);
      meta = settleRoles(meta, this.firstLeads);
      this.cache.set(n, meta);
    }
    return meta;
  }

  /** The nearest value of `field` from `from` up to the root, and the node that gave it. */
  inherited<F extends Field>(from: Node | undefined, field: F): { value: Attribution[F]; at?: Node } {
    for (let n = from; n; n = n.parent) {
      const v = this.metaOf(n)[field];
      if (v !== undefined) return { value: v, at: n };
    }
    return { value: undefined };
  }
}

export interface IndicatorsInput {
  root: Node;
  title: string | undefined;
  groups: Set<Node>;
  measures: MeasureItem[];
  indicatorNodes: Node[];
  codes: Map<Node, string>;
  inheritance: Inheritance;
  defaultDueAt: string | null;
  baseYear: BaseYear;
  errors: ParseError[];
  warnings: ParseWarning[];
  /**
   * Keep what a strict import refuses, for a review: a measure whose number is already taken stays in its
   * indicator (with its error). A measure without a lead is kept in both modes, with `lead: []` and its error.
   */
  lenient?: boolean;
  /** Told each measure with the item it was read from (the review maps source lines to measures). */
  onMeasure?: (measure: Measure, item: MeasureItem) => void;
}

/** Every indicator with its measures; `withoutDue` counts measures left without any due time. */
export function buildIndicators(input: IndicatorsInput): { indicators: Indicator[]; withoutDue: number } {
  const indicators: Indicator[] = [];
  let withoutDue = 0;
  for (const node of input.indicatorNodes) {
    const built = buildIndicator(input, node, indicators.length);
    withoutDue += built.withoutDue;
    indicators.push(built.indicator);
  }
  return { indicators, withoutDue };
}

/** One indicator's measures, in one indicator's context. */
interface IndicatorScope {
  indicator: Indicator;
  /** Its position in the plan (for error paths). */
  index: number;
  label: string;
  /** Whether any of its measures names its own lead or support (then inheriting is worth a warning). */
  anyOwn: boolean;
}

function buildIndicator(input: IndicatorsInput, node: Node, index: number) {
  const { inheritance, errors, warnings } = input;
  const code = input.codes.get(node)!;
  const name =
    node === input.root
      ? (input.title ?? 'plan')
      : trimSeg(extractAttributions([node.head], 'heading').lines[0] ?? node.head, ':。.').raw || node.line!.raw;
  const indicator: Indicator = {
    code,
    name,
    leaders: inheritance.inherited(node, 'leaders').value ?? [],
    lead: inheritance.inherited(node, 'lead').value ?? [],
    support: inheritance.inherited(node, 'support').value ?? [],
    problems: [],
    measures: [],
  };
  if (input.groups.has(node)) Object.assign(indicator, scoreOf(node.body));

  const items = input.measures.filter((m) => m.indicator === node);
  const anyOwn = items.some((m) => namesUnits(m.shared ?? extractAttributions(m.lines, '').attr));
  const scope: IndicatorScope = { indicator, index, label: `indicator ${code} ${name}`, anyOwn };
  const firstAt = new Map<number, number>();
  let previous = 0;
  let withoutDue = 0;
  for (const item of items) {
    if (firstAt.has(item.number)) {
      errors.push({
        line: item.no,
        message: `duplicate measure number (${item.number}) in ${scope.label}: already used at line ${firstAt.get(item.number)}`,
      });
      if (!input.lenient) continue;
    } else {
      firstAt.set(item.number, item.no);
      if (previous > 0 && item.number > previous + 1) {
        warnings.push({
          line: item.no,
          message: `${scope.label}: measure numbering jumps from ${previous} to ${item.number}`,
        });
      }
      previous = Math.max(previous, item.number);
    }
    const measure = buildMeasure(input, scope, item);
    if (!measure) continue;
    if (measure.dueText === undefined && input.defaultDueAt === null) withoutDue += 1;
    indicator.measures.push(measure);
    input.onMeasure?.(measure, item);
  }
  return { indicator, withoutDue };
}

/** One measure: its text, its own attribution or its group's, its due time; undefined when it has no text. */
function buildMeasure(input: IndicatorsInput, scope: IndicatorScope, item: MeasureItem): Measure | undefined {
  const { inheritance, errors, warnings } = input;
  const { indicator } = scope;
  const id = `${indicator.code}.${item.number}`;
  const what = `measure ${id}`;
  const x = extractAttributions(item.lines, what);
  warnings.push(...x.notes);
  const merged: Attribution = { ...x.attr };
  if (item.shared) mergeAttribution(merged, item.shared);
  const mine = settleRoles(merged, inheritance.firstLeads);
  const textLines = x.lines.map((l) => l.raw);
  if (textLines.length === 0) {
    errors.push({ line: item.no, message: `${what} has no text (only an attribution)` });
    return undefined;
  }
  const measureText = textLines.join('\n');

  // Its own attribution speaks for the measure as a whole: with its own 牵头部门, its own 配合部门 (or none).
  const leadFrom = mine.lead ? undefined : inheritance.inherited(item.parent, 'lead');
  const lead = mine.lead ?? leadFrom?.value ?? [];
  const support =
    mine.lead || mine.support ? (mine.support ?? []) : (inheritance.inherited(item.parent, 'support').value ?? []);
  if (lead.length === 0) {
    errors.push({
      line: item.no,
      path: `indicators.${scope.index}.measures.${indicator.measures.length}.lead`,
      message:
        `${what} has no 牵头部门 (lead department): neither its own attribution nor ${scope.label} names one ` +
        `(expected e.g. "(牵头部门:X。)" at the end of the measure or "牵头部门:X" under the indicator)`,
    });
  } else if (!mine.lead && !mine.support && scope.anyOwn) {
    warnings.push({
      line: item.no,
      message: `${what} has no attribution of its own; it inherits 牵头部门 ${lead.join('、')} from ${scope.label}`,
    });
  }

  const measure: Measure = {
    id,
    indicator: indicator.code,
    number: item.number,
    title: firstSentence(measureText),
    text: measureText,
    lead,
    support,
    leaders: mine.leaders ?? inheritance.inherited(item.parent, 'leaders').value ?? [],
    dueAt: input.defaultDueAt,
    line: item.no,
  };
  // Due: its own 时限, else its group's 时限, else the plan deadline.
  const dueText = mine.due ?? inheritance.inherited(item.parent, 'due').value;
  if (dueText !== undefined) {
    measure.dueText = dueText;
    const due = parseDueText(dueText, input.baseYear(item.no));
    if (due === undefined) {
      warnings.push({
        line: item.no,
        message: `${what}: could not read the 时限 "${dueText}"; using the plan deadline ${input.defaultDueAt ?? '(none)'}`,
      });
    } else {
      measure.dueAt = due.ongoing ? null : endOfDay(due.date);
    }
  }
  return measure;
}

/** Problems under their indicator; stray ones under the only indicator, else said and left out. */
export function placeProblems(
  problems: ProblemItem[],
  indicatorNodes: Node[],
  indicators: Indicator[],
  warnings: ParseWarning[],
): void {
  for (const p of problems) {
    const target =
      (p.indicator && indicators[indicatorNodes.indexOf(p.indicator)]) ??
      (indicators.length === 1 ? indicators[0] : undefined);
    const textLines = p.lines.map((l) => l.raw).filter((l) => l.trim() !== '');
    if (!target || textLines.length === 0) {
      warnings.push({ line: p.no, message: 'a 现存问题 (problem) outside any indicator with measures; not imported' });
      continue;
    }
    const problemText = textLines.join('\n');
    const problem: Problem = { number: p.number, title: firstSentence(problemText), text: problemText, line: p.no };
    target.problems.push(problem);
  }
}

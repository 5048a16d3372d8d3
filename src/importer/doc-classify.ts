/**
 * Classification: which outline nodes are indicators (groups), which are measures and which are problems. Measures
 * are the items under a 整改措施-type heading, or items carrying their own attribution; the nearest group above a
 * measure is its indicator. A heading with a table under it takes the table's rows instead (doc-tables.ts). Also
 * here: where a measure ends — at its closing attribution, or before the unnumbered paragraph that closes a list —
 * and the "KEY:names" lines that speak for a group (inherited by its measures).
 */
import { closes, extractAttributions, hasFields, namesUnits, readAttribution, type Extracted } from './doc-attribution';
import { splitYishi, structural, subtreeLines } from './doc-outline';
import { orgLike, splitNames } from './doc-keywords';
import { dutySubject } from './doc-roles';
import { sub } from './doc-text';
import type { Line, MeasureItem, Node, ParseWarning, ProblemItem } from './parse-types';

/**
 * Lines that are entirely "KEY:names" (责任领导:王振海 / 牵头部门:X). Under a 整改措施 heading whose measures are
 * plain paragraphs, only the lines before the first paragraph speak for the heading; later ones belong to the
 * paragraph above them.
 */
export function metaLines(n: Node): Line[] {
  const isMeta = (l: Line) => {
    const r = readAttribution(l, 'line');
    return r.keyed && hasFields(r.attr) && r.unparsed.length === 0;
  };
  if (n.kind !== 'measures' || n.children.length > 0) return n.body.filter(isMeta);
  const firstProse = n.body.findIndex((l) => !isMeta(l));
  return firstProse < 0 ? n.body : n.body.slice(0, firstProse);
}

export interface Classified {
  measures: MeasureItem[];
  problems: ProblemItem[];
  /** Nodes that are indicators (groups of measures). */
  groups: Set<Node>;
  /** 现存问题 items that carry an attribution (read as problems; said). */
  stray: Node[];
}

export interface ClassifyInput {
  root: Node;
  /** Numbers of the lines that follow a blank line. */
  afterBlank: Set<number>;
  /** Nodes a table stands under (anchors) and the indicators tables belong to (hosts). */
  tableAnchors: Set<Node>;
  tableHosts: Set<Node>;
  warnings: ParseWarning[];
}

/** Walks the outline from the root and sorts its nodes into measures, problems and groups. */
export function classifyOutline(input: ClassifyInput): Classified {
  const reader = new OutlineClassifier(input);
  reader.walk(input.root, false, undefined, undefined);
  shareTrailingAttributions(reader.result.measures);
  return reader.result;
}

/**
 * "(1)…。(2)…。(3)…。" then, on a line of its own, "(责任单位:X、Y)": when no numbered item of the list names units of
 * its own, the attribution after the last item is the whole list's, as the document means it (one attribution shared
 * by several items), not the last item's alone.
 */
/**
 * A 落实情况通报 quotes the tasks it reports on: "县自然资源局、县水利局负责的“紧盯国债项目6月底前开工…”" — each
 * quoted task is a measure of the units named before it.
 */
function quotedTasks(line: Line): Array<{ line: Line; units: string[] }> {
  const out: Array<{ line: Line; units: string[] }> = [];
  for (const m of line.key.matchAll(/(?<=^|[;。,])\s*([^;。,“”"]{2,80}?)负责的[“"]([^”"]{4,})[”"]/g)) {
    // "如县发改局负责的…": an example's 如/例如/其中 is not part of the unit.
    const lead = /^(?:如|例如|比如|其中)/.exec(m[1]!)?.[0].length ?? 0;
    const at = m.index + m[0].indexOf(m[1]!) + lead;
    const units = splitNames(sub(line, at, at + m[1]!.length - lead));
    if (!units?.every(orgLike)) continue;
    const start = m.index + m[0].length - m[2]!.length - 1;
    out.push({ line: { ...sub(line, start, start + m[2]!.length), no: line.no }, units: units.map((u) => u.raw) });
  }
  return out;
}

function shareTrailingAttributions(measures: MeasureItem[]): void {
  const byParent = new Map<Node, MeasureItem[]>();
  for (const m of measures) byParent.set(m.parent, [...(byParent.get(m.parent) ?? []), m]);
  for (const items of byParent.values()) {
    // Numbered items only: under a heading of unnumbered paragraphs, an attribution line is the paragraph's above.
    if (items.length < 2 || items[0]!.parent.children.length === 0) continue;
    const last = items[items.length - 1]!;
    const tail = last.lines[last.lines.length - 1];
    if (!tail || last.lines.length < 2) continue;
    const x = extractAttributions([tail], '');
    if (x.lines.length > 0 || !namesUnits(x.attr)) continue;
    const own = (m: MeasureItem, lines: Line[]) => namesUnits(m.shared ?? extractAttributions(lines, '').attr);
    if (items.slice(0, -1).some((m) => own(m, m.lines)) || own(last, last.lines.slice(0, -1))) continue;
    last.lines = last.lines.slice(0, -1);
    for (const m of items) m.shared = m.shared ? { ...x.attr, ...m.shared } : x.attr;
  }
}

const paragraphs = (c: Node): Line[] => [...(c.head.key ? [c.head] : []), ...c.body];

class OutlineClassifier {
  readonly result: Classified = { measures: [], problems: [], groups: new Set<Node>(), stray: [] };
  private readonly attributions = new Map<Node, Extracted>();

  constructor(private readonly input: ClassifyInput) {}

  /** A node's own attribution (its head and body lines), read once. */
  private own(n: Node): Extracted {
    let x = this.attributions.get(n);
    if (!x) {
      x = extractAttributions([n.head, ...n.body], 'item');
      this.attributions.set(n, x);
    }
    return x;
  }

  private isAttributed(n: Node): boolean {
    return closes(this.own(n).attr);
  }

  /** Whether a node's own attribution names units (not only a 时限). */
  private assignsUnits(n: Node): boolean {
    return namesUnits(this.own(n).attr);
  }

  private attributedBelow(n: Node): boolean {
    return structural(n).some((c) => this.isAttributed(c) || this.attributedBelow(c));
  }

  private isHeading(n: Node): boolean {
    const name = this.own(n).lines[0]?.key ?? '';
    return name.length <= 25 && !/。./.test(name);
  }

  /**
   * Sorts `node`'s children. `inContainer`: under a 整改措施 heading (items are measures unless they have items of
   * their own); `group`: the indicator above; `container`: the 整改措施 heading above, if any.
   */
  walk(node: Node, inContainer: boolean, group: Node | undefined, container: Node | undefined): void {
    const { groups } = this.result;
    for (const child of node.children) {
      if (this.input.tableAnchors.has(child)) {
        // A heading with a table under it: the table's rows are its measures; its prose is not.
        const host = this.input.tableHosts.has(child);
        if (host) groups.add(child);
        this.walk(child, false, host ? child : group, host ? undefined : container);
      } else if (child.kind === 'problems') {
        this.collectProblems(child, group);
      } else if (child.kind === 'measures') {
        if (child.children.length > 0) this.walk(child, true, group, child);
        else this.collectParagraphMeasures(child, group);
      } else if (inContainer) {
        if (structural(child).length > 0) {
          groups.add(child);
          this.walk(child, true, child, container);
        } else {
          this.addMeasure(child, group, container);
        }
      } else if (
        structural(child).length > 0 &&
        (metaLines(child).length > 0 ||
          this.attributedBelow(child) ||
          (this.isAttributed(child) && this.isHeading(child)))
      ) {
        groups.add(child);
        this.walk(child, true, child, undefined);
      } else if (structural(child).length === 0 && this.dutyLines(child).length >= 2) {
        groups.add(child);
        this.collectDutyLines(child);
      } else if (this.isAttributed(child)) {
        this.addMeasure(child, group, container);
      } else {
        this.walk(child, false, group, container);
      }
    }
  }

  /**
   * Body lines that each give units their work — "省财政厅:负责联系南京市六合区;", or a paragraph with its own
   * attribution ("…。由远牧同志负责,市体育局承办。") — when a heading holds several: each is a measure.
   */
  private dutyLines(n: Node): Array<{ line: Line; units?: string[] }> {
    if (namesUnits(extractAttributions([n.head], '').attr)) return [];
    return n.body.flatMap((line) => {
      const quoted = quotedTasks(line);
      if (quoted.length > 0) return quoted;
      const units = dutySubject(line);
      if (units) return [{ line, units: units.map((u) => u.raw) }];
      return namesUnits(extractAttributions([line], '').attr) ? [{ line }] : [];
    });
  }

  /** A heading over "unit: duty" lines: each line is a measure of the unit it names; other lines stay plan text. */
  private collectDutyLines(c: Node): void {
    this.dutyLines(c).forEach(({ line, units }, i) => {
      this.result.measures.push({
        number: i + 1,
        no: line.no,
        lines: [line],
        parent: c,
        indicator: c,
        ...(units ? { shared: { responsible: units } } : {}),
      });
    });
  }

  private collectProblems(c: Node, group: Node | undefined): void {
    const { problems, stray } = this.result;
    // A 督查通报 or 问题清单 assigns each problem itself to a unit ("1.…胡同内垃圾。(责任单位:英雄街道)"): then
    // the problems are the work to do, and each is a measure.
    if (c.children.some((p) => this.assignsUnits(p) || this.attributedBelow(p))) {
      this.walk(c, true, group, c);
      return;
    }
    // "存在问题:…" then "责任单位:X" under it: that one problem, assigned, is a measure (numbered in its list).
    if (c.children.length === 0 && this.assignsUnits(c)) {
      const alike = c.parent!.children.filter((n) => n.marker === c.marker && n.kind === c.kind);
      this.addMeasure(c, group, undefined, alike.indexOf(c) + 1);
      return;
    }
    if (c.children.length > 0) {
      for (const p of c.children) {
        problems.push({ number: p.number, no: p.line!.no, lines: [p.head, ...subtreeLines(p)], indicator: group });
        if (this.isAttributed(p)) stray.push(p);
      }
    } else {
      paragraphs(c).forEach((l, i) => problems.push({ number: i + 1, no: l.no, lines: [l], indicator: group }));
    }
  }

  private addMeasure(n: Node, group: Node | undefined, container: Node | undefined, number = n.number): void {
    this.result.measures.push({
      number,
      no: n.line!.no,
      lines: this.measureLines(n),
      parent: n.parent!,
      indicator: group ?? container ?? this.input.root,
    });
  }

  /** A numbered measure's lines, up to where it ends (said when text after that is left to the plan). */
  private measureLines(n: Node): Line[] {
    const { afterBlank, warnings } = this.input;
    // A measure ends with its attribution: prose after it (a closing paragraph of the section) is plan text.
    const all = [n.head, ...subtreeLines(n)];
    const closing = extractAttributions(all, '').closing;
    const closedAt = all.findIndex((l) => closing.has(l.no));
    const cut =
      closedAt < 0 ? -1 : all.findIndex((l, i) => i > closedAt && extractAttributions([l], '').lines.length > 0);
    // The last item of a list whose items are not set apart by blank lines, followed by a blank line and an
    // unnumbered paragraph ("各责任单位要高度重视……"): that paragraph closes the list, it is not the item's text.
    const siblings = n.parent!.children.filter((c) => c.marker === n.marker);
    const closer =
      siblings[siblings.length - 1] === n && !afterBlank.has(n.line!.no)
        ? all.findIndex(
            (l, i) => i > 0 && n.body.includes(l) && afterBlank.has(l.no) && extractAttributions([l], '').lines.length,
          )
        : -1;
    if (cut > 0) {
      warnings.push({
        line: all[cut]!.no,
        message:
          `this text follows the closing attribution of the measure at line ${n.line!.no}; ` +
          'it is read as plan text, not as part of that measure',
      });
    } else if (closer > 0) {
      warnings.push({
        line: all[closer]!.no,
        message:
          `this paragraph follows the last item of a list (line ${n.line!.no}) after a blank line; ` +
          'it is read as plan text, not as part of that measure',
      });
    }
    return cut > 0 ? all.slice(0, cut) : closer > 0 ? all.slice(0, closer) : all;
  }

  /** Unnumbered measures: each paragraph under a 整改措施 heading (or each 一是/二是 point of one) is a measure. */
  private collectParagraphMeasures(c: Node, group: Node | undefined): void {
    const { measures } = this.result;
    const meta = metaLines(c);
    const paras = paragraphs(c).filter((l) => !meta.includes(l));
    // A line that is only an attribution belongs to the paragraph above it.
    const merged: Line[][] = [];
    for (const l of paras) {
      const x = extractAttributions([l], 'item');
      if (x.lines.length === 0 && merged.length > 0) merged[merged.length - 1]!.push(l);
      else merged.push([l]);
    }
    let n = 0;
    let plain = false;
    for (const block of merged) {
      const x = extractAttributions(block, 'item');
      const first = x.lines[0];
      const pieces = first ? splitYishi(first) : [];
      if (pieces.length > 1) {
        for (const p of pieces) {
          measures.push({ ...p, lines: [p.line], parent: c, indicator: group ?? c, shared: x.attr });
          n = p.number;
        }
      } else {
        n += 1;
        plain = true;
        measures.push({ number: n, no: block[0]!.no, lines: block, parent: c, indicator: group ?? c });
      }
    }
    if (plain) {
      this.input.warnings.push({
        line: c.line?.no,
        message: `the 整改措施 under "${c.head.raw || c.line?.raw}" are not numbered: read each paragraph as one measure, numbered in order`,
      });
    }
  }
}

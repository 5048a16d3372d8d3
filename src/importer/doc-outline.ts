/**
 * The outline tree: numbered lines (一、 (一) 1. 1、 (1) ① 一是) and unnumbered 问题/措施 labels ("整改措施:") make a
 * tree of nodes, each with its head (the text after the marker) and body lines. Numbering styles nest in the order a
 * document first uses them — which is how these documents are written — so no style has a fixed level. Also here:
 * what a heading announces (measures, problems, other) and "一是A;二是B" paragraphs split into their points.
 */
import { sub, trimSeg } from './doc-text';
import { bracketSpans } from './doc-attribution';
import { cnNumber, KEY_ALT, KEY_LINE_RE, STRONG_RE } from './doc-keywords';
import type { Kind, Line, Marker, Node } from './parse-types';

const MARKERS: Array<[Marker, RegExp]> = [
  ['cnp', /^\(\s*([一二三四五六七八九十]{1,3})\s*\)\s*/],
  ['arp', /^\(\s*(\d{1,3})\s*\)\s*/],
  ['cn', /^([一二三四五六七八九十]{1,3})\s*[、.]\s*/],
  ['ar', /^(\d{1,3})\s*(?:[、]|\.(?!\d))\s*/],
  ['circ', /^([\u2460-\u2473])\s*/],
  ['yishi', /^([一二三四五六七八九十]{1,3})是/],
];
const PROBLEMS_HEADING = /^(?:现存|存在|主要|突出|存在的|发现的|当前存在的)?问题(?:清单)?$/;
const MEASURES_HEADING =
  /^(?:整改提升|整改|主要|具体|工作|提升|改进|重点|优化|推进|提升改进)?(?:措施|举措|任务)(?:清单)?$/;
const LABEL_RE = new RegExp(
  `^(${['现存问题', '存在问题', '主要问题', '存在的问题', '突出问题', '问题清单'].join('|')}|` +
    `${['整改措施', '整改举措', '整改任务', '主要措施', '主要任务', '重点任务', '具体措施', '工作措施', '提升措施'].join('|')}|` +
    `改进措施|整改提升措施)\\s*(?::\\s*|$)`,
);

function kindOf(headKey: string): Kind {
  const h = headKey.replace(/[\s:。.]+$/, '');
  if (h.length > 12) return 'other';
  if (PROBLEMS_HEADING.test(h)) return 'problems';
  if (MEASURES_HEADING.test(h)) return 'measures';
  return 'other';
}

/** The numbering marker (or 问题/措施 label) a line starts with: its style, number and where its text starts. */
export function matchMarker(line: Line): { marker: Marker; number: number; rest: number } | undefined {
  for (const [marker, re] of MARKERS) {
    const m = re.exec(line.key);
    if (!m) continue;
    const n = marker === 'circ' ? m[1]!.charCodeAt(0) - 0x245f : /\d/.test(m[1]!) ? Number(m[1]) : cnNumber(m[1]!);
    if (n === undefined || n < 1) continue;
    // "一是" keeps its marker text out of the head; the other markers too.
    return { marker, number: n, rest: m[0].length };
  }
  const label = LABEL_RE.exec(line.key);
  if (label) return { marker: 'label', number: 0, rest: label[0].length };
  return undefined;
}

/**
 * "三义街社区(责任单位:…三义街社区)" standing above "1、…" "2、…": an unnumbered line that carries an attribution
 * and is followed by a list starting again at 1 is that list's heading (a caption), as in 督查通报 that group their
 * problems by place or unit.
 */
function isCaption(line: Line, next: Line | undefined): boolean {
  // A "KEY:" line (整改责任单位:X) is the attribution of the list above it, not a caption of the list below.
  if (!next || line.key.length > 80 || KEY_LINE_RE.test(line.key)) return false;
  const first = matchMarker(next);
  if (!first || first.number !== 1 || first.marker === 'label' || first.marker === 'yishi') return false;
  const bracket = bracketSpans(line.key).pop();
  const tail = bracket && /^[\s。.;:]*$/.test(line.key.slice(bracket[1])) ? line.key.slice(...bracket) : '';
  return STRONG_RE.test(tail) || new RegExp(`^.{1,30}?[:\\s]\\s*(?:${KEY_ALT})\\s*:`).test(line.key);
}

/** A line that is only an attribution (a "KEY:…" line, or a bracket naming units): the end of a list. */
function closesList(line: Line | undefined): boolean {
  if (!line || matchMarker(line)) return false;
  const bracket = bracketSpans(line.key)[0];
  return (
    KEY_LINE_RE.test(line.key) || (bracket?.[0] === 0 && bracket[1] >= line.key.length - 1 && STRONG_RE.test(line.key))
  );
}

/**
 * "1.… 2.… 整改责任单位:X" then "1.… 整改责任单位:Y": a list that starts again at 1 right after an attribution line
 * is a new list, and each list (the earlier one too) becomes a group of its own, named after its first item, so every
 * list keeps its own attribution and its numbers. Returns the group the new list goes into.
 */
function restartedList(parent: Node, marker: Marker, next: () => number): Node {
  const group = (first: Node, within: Node): Node => ({
    marker: 'caption',
    number: next(),
    line: first.line,
    head: first.head,
    body: [],
    children: [],
    kind: 'other',
    parent: within,
  });
  // Already inside a restarted list's group: the new list is its sibling.
  const host = parent.marker === 'caption' && parent.children[0]?.head === parent.head ? parent.parent! : parent;
  if (host === parent) {
    const run: Node[] = [];
    for (let j = parent.children.length - 1; j >= 0 && parent.children[j]!.marker === marker; j--) {
      run.unshift(parent.children[j]!);
    }
    if (run.length > 0) {
      const first = group(run[0]!, parent);
      first.children = run;
      for (const n of run) n.parent = first;
      parent.children.splice(parent.children.length - run.length, run.length, first);
    }
  }
  // The new group's name comes from its first item, set when that item arrives (see buildTree).
  const fresh = group({ head: { raw: '', key: '', no: 0 } } as Node, host);
  host.children.push(fresh);
  return fresh;
}

export function buildTree(lines: Line[]): Node {
  const root: Node = { number: 0, head: { raw: '', key: '', no: 0 }, body: [], children: [], kind: 'other' };
  const stack: Node[] = [root];
  let captions = 0;
  for (const [i, line] of lines.entries()) {
    const m =
      matchMarker(line) ??
      (isCaption(line, lines[i + 1]) ? { marker: 'caption' as const, number: ++captions, rest: 0 } : undefined);
    if (!m) {
      stack[stack.length - 1]!.body.push(line);
      continue;
    }
    const headSeg = trimSeg(sub(line, m.rest));
    const head: Line = { ...headSeg, no: line.no };
    const kind =
      m.marker === 'label' ? kindOf(line.key.slice(0, m.rest)) : m.marker === 'caption' ? 'other' : kindOf(head.key);
    const node: Node = { marker: m.marker, number: m.number, line, head, body: [], children: [], kind };
    // Same numbering style → a sibling of that item; a new style → a child of the current item.
    let at = findLastIndex(stack, (n) => n.marker === m.marker);
    if (at < 0 && kind !== 'other') at = siblingHeading(stack, node);
    // "一、" is a top-level section in every official document: after items of another style it starts a new
    // section, not a sub-item (an excerpt that begins inside a list: "3.…" then "四、…").
    if (at < 0 && m.marker === 'cn') at = 1;
    if (at >= 1) stack.length = at;
    if (at >= 1 && m.number === 1 && closesList(lines[i - 1])) {
      stack.push(restartedList(stack[stack.length - 1]!, m.marker, () => ++captions));
    }
    const parent = stack[stack.length - 1]!;
    node.parent = parent;
    if (parent.marker === 'caption' && parent.children.length === 0 && parent.head.key === '') {
      parent.head = node.head;
      parent.line = node.line;
    }
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}

/**
 * "1.现存问题 … 整改措施:" — a 问题/措施 heading written in another style (one numbered, one a bare label) than the
 * heading before it is still that heading's sibling. Only when nothing between them looks like a heading of its own
 * (an indicator such as "(一)获得电力" with its 牵头部门 lines): then the earlier heading is an outer section.
 */
function siblingHeading(stack: Node[], node: Node): number {
  const at = findLastIndex(stack, (n) => n.kind !== 'other');
  const candidate = stack[at];
  if (!candidate || candidate.kind === node.kind || (candidate.marker !== 'label' && node.marker !== 'label'))
    return -1;
  const between = stack.slice(at + 1);
  const headingLike = (n: Node) =>
    n.body.some((l) => KEY_LINE_RE.test(l.key)) || (n.head.key.length <= 15 && !n.head.key.includes('。'));
  return between.some(headingLike) ? -1 : at;
}

function findLastIndex<T>(xs: T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i;
  return -1;
}

/** Numbered sub-items that make a node a group rather than a measure ("一是"/"①" points stay inside a measure). */
export const structural = (n: Node) => n.children.filter((c) => c.marker !== 'yishi' && c.marker !== 'circ');

/** Every line of a node's subtree after its head (body, then descendants' whole lines), in document order. */
export function subtreeLines(n: Node): Line[] {
  return [...n.body, ...n.children.flatMap((c) => [c.line!, ...subtreeLines(c)])];
}

/** "一是A;二是B。" as one paragraph → its pieces, numbered by their own 一/二. */
export function splitYishi(line: Line): Array<{ number: number; no: number; line: Line }> {
  const starts = [...line.key.matchAll(/(?:^|(?<=[。;,]))\s*([一二三四五六七八九十]{1,3})是/g)];
  if (starts.length < 2 || starts[0]!.index !== 0) return [];
  return starts.map((m, i) => {
    const end = starts[i + 1]?.index ?? line.key.length;
    const piece = trimSeg(sub(line, m.index + m[0].length, end), ';,');
    return { number: cnNumber(m[1]!) ?? i + 1, no: line.no, line: { ...piece, no: line.no } };
  });
}

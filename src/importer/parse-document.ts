/**
 * Chinese rectification-plan document → canonical Plan. Pure: text in, plan (or errors) and warnings out.
 *
 * How it reads a document (DOMAIN.md "The plan document"):
 * 1. Lines are normalised for *matching only* — full-width punctuation to half-width and a small traditional →
 *    simplified table for the keywords — by a 1:1 character map, so every name and text is sliced from the line
 *    as written.
 * 2. Numbered lines (一、 (一) 1. 1、 (1) ① 一是 and unnumbered headings such as "整改措施:") build a tree. The
 *    numbering styles nest in the order a document first uses them, which is how these documents are written.
 * 3. Measures are the items under a 整改措施-type heading, or items carrying their own attribution
 *    ((牵头部门:X。配合部门:Y。), 〔牵头单位:X;配合单位:Y〕, (责任单位:X、Y), (X牵头,Y配合), 时限…). The
 *    nearest group above a measure is its indicator; 责任领导/牵头部门/配合部门 lines of a group are inherited.
 * 4. Whatever looks like an attribution but cannot be read is a warning with its line; nothing is guessed.
 *
 * Two families are read before the outline (each in its own module):
 * - Tables pasted as text (parse-table.ts): tab- or pipe-separated rows under a header row such as
 *   序号 | 存在问题 | 整改措施 | 责任单位 | 配合单位 | 责任领导 | 完成时限. Each row is a measure (序号, else row order;
 *   its 措施 cell is the text; "X(牵头)、Y" in a 责任单位 cell is lead X, support Y), its 问题 cell a problem. The
 *   indicator is the heading above the table (its 责任领导/牵头部门 lines inherited as usual); with a 指标/领域/事项
 *   column, one indicator per value; under no heading, or under a section heading (二、整改任务, 任务清单…), one
 *   indicator named after the plan's title.
 * - PDF copies (unwrap.ts): paragraphs broken at the page width are joined again when the document has a wrap
 *   width; a joined paragraph keeps the line number where it starts.
 * And an unnumbered paragraph after a blank line that follows the last item of a list is plan text, not that item's.
 */
import { PlanSchema, type Indicator, type Measure, type Plan, type Problem } from '../domain/plan';
import { calendarDate, daysInMonth, endOfDay, shanghaiYear } from './durations';
import type { ParseError, ParseOptions, ParseResult, ParseWarning } from './parse';
import { KEYS, cat, keyOf, seg, sub, trimSeg, type Field, type Line, type Seg } from './doc-text';
import { findTables, rowNumber, strayRows, type Table } from './parse-table';
import { checkOptions, derivePlanId, firstSentence, zodErrors } from './plan-file';
import { unwrapLines } from './unwrap';

export { keyOf } from './doc-text';

// ---------------------------------------------------------------------------------------------------------------
// Sanity checks on the text itself
// ---------------------------------------------------------------------------------------------------------------

/** Empty input and binary/garbled bytes are fatal before any parsing: a clear error beats a confusing one later. */
export function checkText(text: string): ParseError | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { message: 'the plan source is empty' };
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    return {
      line: lineAt(body, nul),
      message: 'the plan source contains NUL bytes: it looks like a binary file (e.g. .doc/.pdf), not text',
    };
  }
  const bad = [...body.matchAll(/\uFFFD/g)];
  // C0 controls other than tab/newline/CR never occur in a text document; they mark bytes decoded as text.
  // eslint-disable-next-line no-control-regex
  const controls = [...body.matchAll(/[\u0001-\u0008\u000E-\u001F]/g)];
  if (bad.length + controls.length > Math.max(3, body.length / 100)) {
    const first = [...bad, ...controls].sort((a, b) => a.index - b.index)[0];
    return {
      line: first ? lineAt(body, first.index) : undefined,
      message:
        `the plan source is not readable text (${bad.length} replacement characters "\uFFFD", ` +
        `${controls.length} control characters): save it as UTF-8 text`,
    };
  }
  return undefined;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split(/\r\n|\n|\r/).length;

// ---------------------------------------------------------------------------------------------------------------
// Keywords
// ---------------------------------------------------------------------------------------------------------------

const FIELD_OF = new Map<string, Field>(
  (Object.entries(KEYS) as Array<[Field, string[]]>).flatMap(([f, ks]) => ks.map((k) => [k, f] as [string, Field])),
);
const KEY_ALT = [...FIELD_OF.keys()].sort((a, b) => b.length - a.length).join('|');
/** A key at the start of a clause; group 2 is the colon (required on plain lines, optional inside brackets). */
const KEY_RE = new RegExp(`^(${KEY_ALT})\\s*(:|为|是)?\\s*`);
/** Keywords that mark a text as meant to be an attribution: if it cannot be read, say so. */
const STRONG_RE = /牵头|配合(部门|单位)|责任(单位|部门|领导)|时限/;

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
/** 一 … 九十九 → 1 … 99. */
function cnNumber(s: string): number | undefined {
  if (/^[一二三四五六七八九]$/.test(s)) return CN_DIGITS[s];
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (!m) return undefined;
  return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Names and attributions
// ---------------------------------------------------------------------------------------------------------------

/** A department or person name: short, no sentence punctuation, balanced parentheses. */
function isName(s: Seg): boolean {
  const k = s.key.trim();
  if (k.length === 0 || k.length > 40) return false;
  // Sentence punctuation, attribution verbs or placeholders ("待定", "请各单位…报送") are not names.
  if (/[。:;!?"“”‘’《》]|牵头|配合|负责|待定|另行|确定|报送|^请/.test(k)) return false;
  return (k.match(/\(/g) ?? []).length === (k.match(/\)/g) ?? []).length;
}

/** Organisation-like: what "X牵头"/"X配合" and the 督导组 sentence must name, so prose such as "(由企业自行负责)" is
 * not mistaken for an attribution. Explicit "KEY:names" clauses accept any name. */
const ORG_RE =
  /^各|(局|委|办|办公室|部|部门|中心|组|厅|管委会|政府|委员会|室|所|处|科|院|队|站|会|单位|公司|银行|支行|分行|集团|街道|乡镇|社区|镇|乡|区|县|市|联)$/;
const orgLike = (s: Seg) => ORG_RE.test(s.key.trim().replace(/\([^()]*\)$/, ''));

/** Splits "税务局、高新公安分局、组织和人事局" at top level (not inside "各县(市、区)"); never at 和/及. */
function splitNames(s: Seg): Seg[] | undefined {
  const out: Seg[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.key.length; i++) {
    const c = s.key[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    if (i === s.key.length || (depth === 0 && /[、,;/\s]/.test(c!))) {
      const piece = trimSeg(sub(s, start, i));
      if (piece.key !== '') out.push(piece);
      start = i + 1;
    }
  }
  return out.length > 0 && out.every(isName) ? out : undefined;
}

interface Attribution {
  lead?: string[];
  support?: string[];
  leaders?: string[];
  /** The 时限 text as written. */
  due?: string;
}
interface AttributionRead {
  attr: Attribution;
  /** At least one "KEY:" clause (as opposed to only "X牵头"-style clauses). */
  keyed: boolean;
  /** Clauses that could not be read. */
  unparsed: string[];
}

const RESPONSIBLE_SUFFIX =
  /^(.+?)(按职责分工负责|按职责分工落实|按职能分工负责|按职责分工配合|按职责负责|按职责落实|依职责负责|分工负责|分别负责|各负其责)$/;
const LEAD_SUFFIX = /^(.+?)(牵头负责|牵头落实|牵头|为牵头单位|为牵头部门|为责任单位|负总责|负责)$/;
const SUPPORT_SUFFIX = /^(.+?)(配合落实|配合|协助|协同|参与|协办|为配合单位|为配合部门)$/;
const ONGOING_RE = /持续推进|长期坚持|长期推进|持续开展|常态化|长期|持续|长效/;
const DATE_EXPR =
  '(?:\\d{4}\\s*[-/.]\\s*\\d{1,2}\\s*[-/.]\\s*\\d{1,2}|(?:\\d{4}\\s*年\\s*|今年|本年|当年|明年|次年)?\\s*' +
  '(?:\\d{1,2}\\s*月\\s*(?:\\d{1,2}\\s*[日号]|底|末|中旬|上旬|下旬|份)?|年底|年末|年内|底|上半年|下半年|第[一二三四1-4]季度)|\\d{4}\\s*年)';
const DUE_PIECE_RE = new RegExp(
  `^(?:于|在)?\\s*${DATE_EXPR}\\s*(?:以前|之前|前)?\\s*(?:全面|全部)?(?:完成整改|完成|办结|到位)?$|^(?:持续推进|长期坚持|长期推进|持续开展|常态化推进|常态化|长期)$`,
);

/**
 * Reads one attribution text — the inside of a bracket, or a "KEY:…" tail of a line — clause by clause.
 * `bracket` mode also accepts the suffix forms "X牵头", "Y配合", "Z按职责分工负责" and bare 时限 ("2024年6月底前").
 */
function readAttribution(text: Seg, mode: 'bracket' | 'line'): AttributionRead {
  const attr: Attribution = {};
  const unparsed: string[] = [];
  let keyed = false;
  let last: Field | undefined;
  let pending: Seg[] = [];
  let responsible: string[] = [];
  const add = (field: Exclude<Field, 'due'>, names: Seg[]) => {
    attr[field] = [...(attr[field] ?? []), ...names.map((n) => n.raw)];
  };
  const splitter = new RegExp(`[;。,]|\\s+(?=${KEY_ALT})`, 'g');
  const pieces: Seg[] = [];
  let start = 0;
  for (const m of text.key.matchAll(splitter)) {
    pieces.push(sub(text, start, m.index));
    start = m.index + m[0].length;
  }
  pieces.push(sub(text, start));

  for (const raw of pieces) {
    const piece = trimSeg(raw);
    if (piece.key === '') continue;
    const km = KEY_RE.exec(piece.key);
    if (km && (mode === 'bracket' || km[2] === ':')) {
      keyed = true;
      const field = FIELD_OF.get(km[1]!)!;
      const value = trimSeg(sub(piece, km[0].length));
      if (field === 'due') {
        if (value.key === '') unparsed.push(piece.raw);
        else attr.due = attr.due === undefined ? value.raw : `${attr.due},${value.raw}`;
        last = 'due';
        continue;
      }
      const names = splitNames(value);
      if (names) {
        add(field, names);
        last = field;
      } else {
        unparsed.push(piece.raw);
        last = undefined;
      }
      continue;
    }
    if (mode === 'bracket') {
      const body = /^由/.test(piece.key) ? sub(piece, 1) : piece;
      const suffixed = ([RESPONSIBLE_SUFFIX, LEAD_SUFFIX, SUPPORT_SUFFIX] as const)
        .map((re, i) => ({ m: re.exec(body.key), i }))
        .find((x) => x.m !== null);
      if (suffixed?.m) {
        const names = splitNames(sub(body, 0, suffixed.m[1]!.length));
        if (names?.every(orgLike)) {
          const all = [...pending, ...names];
          pending = [];
          if (suffixed.i === 0) responsible = [...responsible, ...all.map((n) => n.raw)];
          else add(suffixed.i === 1 ? 'lead' : 'support', all);
          last = suffixed.i === 2 ? 'support' : 'lead';
          continue;
        }
      }
      if (DUE_PIECE_RE.test(piece.key)) {
        attr.due = attr.due === undefined ? piece.raw : `${attr.due},${piece.raw}`;
        last = 'due';
        continue;
      }
    }
    if (last === 'due') {
      attr.due = `${attr.due ?? ''},${piece.raw}`;
      continue;
    }
    const names = splitNames(piece);
    if (names && last !== undefined) add(last, names);
    else if (names?.every(orgLike) && mode === 'bracket') pending.push(...names);
    else unparsed.push(piece.raw);
  }
  unparsed.push(...pending.map((p) => p.raw));
  // "X牵头,各有关部门按职责分工负责": the others support; without a lead, the responsible units are the leads.
  if (responsible.length > 0) {
    if (attr.lead) attr.support = [...(attr.support ?? []), ...responsible];
    else attr.lead = responsible;
  }
  return { attr, keyed, unparsed };
}

const hasFields = (a: Attribution) =>
  a.lead !== undefined || a.support !== undefined || a.leaders !== undefined || a.due !== undefined;

/** Top-level bracket spans [start, end) in a matching copy: (), [], 【】 — nested brackets stay inside. */
function bracketSpans(key: string): Array<[number, number]> {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '【': '】' };
  const spans: Array<[number, number]> = [];
  const stack: string[] = [];
  let start = -1;
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (pairs[c] !== undefined) {
      if (stack.length === 0) start = i;
      stack.push(pairs[c]);
    } else if (stack.length > 0 && c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) spans.push([start, i + 1]);
    }
  }
  return spans;
}

interface Extracted {
  attr: Attribution;
  /** The lines with attributions removed (empty lines dropped). */
  lines: Line[];
  notes: ParseWarning[];
  /** Lines that end with an attribution naming a lead, support or 时限: a measure is complete there. */
  closing: Set<number>;
}

function mergeAttribution(into: Attribution, from: Attribution): void {
  for (const f of ['lead', 'support', 'leaders'] as const) {
    const v = from[f];
    if (v) into[f] = [...new Set([...(into[f] ?? []), ...v])];
  }
  if (from.due !== undefined && into.due === undefined) into.due = from.due;
}

/**
 * Finds and removes attributions in a block of lines: bracketed ones anywhere, and "KEY:names" tails that start a
 * line or follow a sentence. `what` names the block in warnings ("measure 2.3").
 */
function extractAttributions(lines: Line[], what: string): Extracted {
  const attr: Attribution = {};
  const out: Line[] = [];
  const notes: ParseWarning[] = [];
  const closing = new Set<number>();
  const closes = (a: Attribution) => a.lead !== undefined || a.support !== undefined || a.due !== undefined;
  for (const line of lines) {
    const kept: Seg[] = [];
    let cursor = 0;
    for (const [a, b] of bracketSpans(line.key)) {
      const inner = sub(line, a + 1, b - 1);
      const read = readAttribution(inner, 'bracket');
      if (hasFields(read.attr) && (read.unparsed.length === 0 || read.keyed)) {
        mergeAttribution(attr, read.attr);
        if (closes(read.attr) && /^[\s。.;]*$/.test(line.key.slice(b))) closing.add(line.no);
        for (const u of read.unparsed) {
          notes.push({
            line: line.no,
            message: `${what}: ignored "${u}" in its attribution (not a 牵头部门/配合部门/责任领导/时限 entry)`,
          });
        }
        kept.push(sub(line, cursor, a));
        cursor = b;
      } else if (STRONG_RE.test(inner.key)) {
        notes.push({
          line: line.no,
          message: `${what}: could not read the attribution "${line.raw.slice(a, b)}"; it is left in the text`,
        });
      }
    }
    kept.push(sub(line, cursor));
    let rest = cat(...kept);
    // An unbracketed "牵头单位:X;配合单位:Y" tail, at the start of the line or after a sentence.
    for (const m of rest.key.matchAll(new RegExp(`(?:^|(?<=[。;,.]))\\s*(?=(?:${KEY_ALT})\\s*:)`, 'g'))) {
      const read = readAttribution(sub(rest, m.index), 'line');
      if (hasFields(read.attr) && read.unparsed.length === 0) {
        mergeAttribution(attr, read.attr);
        if (closes(read.attr)) closing.add(line.no);
        rest = trimSeg(sub(rest, 0, m.index), ',;:、');
        break;
      }
    }
    const text = trimSeg(rest);
    if (text.key !== '') out.push({ ...text, no: line.no });
  }
  return { attr, lines: out, notes, closing };
}

// ---------------------------------------------------------------------------------------------------------------
// Due texts
// ---------------------------------------------------------------------------------------------------------------

type Due = { ongoing: true } | { ongoing: false; date: string };

const REL_YEAR = '(今年|本年|当年|明年|次年)?';
/** Reads a 时限 text: a calendar date (end of that day), or ongoing. Relative years use `year` (发布时间). */
export function parseDueText(text: string, year: number): Due | undefined {
  const k = keyOf(text).replace(/\s+/g, '');
  const rel = (word: string | undefined) => (word === '明年' || word === '次年' ? year + 1 : year);
  const date = (y: number, m: number, d: number): Due | undefined => {
    const iso = calendarDate(y, m, d);
    return iso ? { ongoing: false, date: iso } : undefined;
  };
  const monthEnd = (y: number, m: number, part: string | undefined) =>
    m >= 1 && m <= 12 ? date(y, m, part === '上旬' ? 10 : part === '中旬' ? 20 : daysInMonth(y, m)) : undefined;
  const quarterEnd = (half: string | undefined, quarter: string | undefined) =>
    half === '上半年' ? 6 : quarter ? 3 * (cnNumber(quarter) ?? Number(quarter)) : 12;
  let m: RegExpExecArray | null;
  // Absolute dates first (2024年6月30日, 2024-06-30, 2024年6月底, 2024年上半年/第二季度/年底), then dates relative
  // to the publication year (今年12月31日, 6月底, 年底), then the ongoing words.
  if ((m = /(\d{4})年(\d{1,2})月(\d{1,2})[日号]/.exec(k))) return date(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(k))) return date(+m[1]!, +m[2]!, +m[3]!);
  if ((m = /(\d{4})年(\d{1,2})月(上旬|中旬|下旬|底|末|份)?/.exec(k))) return monthEnd(+m[1]!, +m[2]!, m[3]);
  if ((m = /(\d{4})年(上半年|下半年|第([一二三四1-4])季度)/.exec(k))) {
    return monthEnd(+m[1]!, quarterEnd(m[2], m[3]), undefined);
  }
  if ((m = /(\d{4})年/.exec(k))) return date(+m[1]!, 12, 31);
  if ((m = new RegExp(`${REL_YEAR}(\\d{1,2})月(\\d{1,2})[日号]`).exec(k))) return date(rel(m[1]), +m[2]!, +m[3]!);
  if ((m = new RegExp(`${REL_YEAR}(\\d{1,2})月(上旬|中旬|下旬|底|末|份)?`).exec(k))) {
    return monthEnd(rel(m[1]), +m[2]!, m[3]);
  }
  if ((m = new RegExp(`${REL_YEAR}(上半年|下半年|第([一二三四1-4])季度)`).exec(k))) {
    return monthEnd(rel(m[1]), quarterEnd(m[2], m[3]), undefined);
  }
  if ((m = new RegExp(`${REL_YEAR}(?:年底|年末|年内)`).exec(k)) || (m = /(今年|本年|当年|明年|次年)底/.exec(k))) {
    return date(rel(m[1]), 12, 31);
  }
  if (ONGOING_RE.test(k)) return { ongoing: true };
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The outline tree
// ---------------------------------------------------------------------------------------------------------------

type Marker = 'cn' | 'cnp' | 'ar' | 'arp' | 'circ' | 'yishi' | 'label';
type Kind = 'measures' | 'problems' | 'other';

interface Node {
  marker?: Marker;
  number: number;
  /** The whole line holding the marker (absent for the root). */
  line?: Line;
  /** The text after the marker on that line. */
  head: Line;
  body: Line[];
  children: Node[];
  parent?: Node;
  kind: Kind;
}

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

function matchMarker(line: Line): { marker: Marker; number: number; rest: number } | undefined {
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

function buildTree(lines: Line[]): Node {
  const root: Node = { number: 0, head: { raw: '', key: '', no: 0 }, body: [], children: [], kind: 'other' };
  const stack: Node[] = [root];
  for (const line of lines) {
    const m = matchMarker(line);
    if (!m) {
      stack[stack.length - 1]!.body.push(line);
      continue;
    }
    const headSeg = trimSeg(sub(line, m.rest));
    const head: Line = { ...headSeg, no: line.no };
    const kind = m.marker === 'label' ? kindOf(line.key.slice(0, m.rest)) : kindOf(head.key);
    const node: Node = { marker: m.marker, number: m.number, line, head, body: [], children: [], kind };
    // Same numbering style → a sibling of that item; a new style → a child of the current item.
    let at = findLastIndex(stack, (n) => n.marker === m.marker);
    if (at < 0 && kind !== 'other') at = siblingHeading(stack, node);
    if (at >= 1) stack.length = at;
    const parent = stack[stack.length - 1]!;
    node.parent = parent;
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
const KEY_LINE_RE = new RegExp(`^(?:${KEY_ALT})\\s*:`);

function findLastIndex<T>(xs: T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i;
  return -1;
}

/** Numbered sub-items that make a node a group rather than a measure ("一是"/"①" points stay inside a measure). */
const structural = (n: Node) => n.children.filter((c) => c.marker !== 'yishi' && c.marker !== 'circ');

/** Every line of a node's subtree after its head (body, then descendants' whole lines), in document order. */
function subtreeLines(n: Node): Line[] {
  return [...n.body, ...n.children.flatMap((c) => [c.line!, ...subtreeLines(c)])];
}

// ---------------------------------------------------------------------------------------------------------------
// The document parser
// ---------------------------------------------------------------------------------------------------------------

/** Web-page chrome around a crawled document: never part of the plan. */
const CHROME_RE =
  /^(?:欢迎访问|今天是\s*\d{4}\s*年|无障碍浏览|【?(?:关闭|打印|打印本页|关闭窗口|返回顶部|收藏|字号|字体)】?$|分享到|\(此件.{0,12}\)$)/;
const LABELLED_DATE_RE =
  /(?:发布时间|发布日期|成文日期|印发日期|发文日期)\s*:?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
const CN_DATE_RE = /^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$/;

function standaloneDate(key: string): string | undefined {
  const k = key.replace(/\s+/g, '');
  let m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(k);
  if (m) return calendarDate(+m[1]!, +m[2]!, +m[3]!);
  m = CN_DATE_RE.exec(k);
  if (m) {
    const y = Number([...m[1]!].map((c) => CN_DIGITS[c]).join(''));
    return calendarDate(y, cnNumber(m[2]!) ?? 0, cnNumber(m[3]!) ?? 0);
  }
  return undefined;
}

interface MeasureItem {
  number: number;
  no: number;
  lines: Line[];
  /** Where the measure sits: inheritance walks up from here. */
  parent: Node;
  indicator: Node;
  /** Attribution shared by the pieces of one paragraph split at 一是/二是. */
  shared?: Attribution;
}
interface ProblemItem {
  number: number;
  no: number;
  lines: Line[];
  indicator?: Node;
}

// ---------------------------------------------------------------------------------------------------------------
// PDF-wrapped lines and tables (unwrap.ts, parse-table.ts do the text; the plan's meaning is read here)
// ---------------------------------------------------------------------------------------------------------------

/** A line that starts a block of its own: a numbered item or heading, a "牵头部门:"-type key, a header label. */
const startsBlock = (l: Line) =>
  matchMarker(l) !== undefined || KEY_LINE_RE.test(l.key) || LABELLED_DATE_RE.test(l.key) || CHROME_RE.test(l.key);

/** A line that ends with an attribution bracket ("…(牵头部门:X。)"): the end of a measure. */
function endsInAttribution(l: Line): boolean {
  const last = bracketSpans(l.key).pop();
  return last !== undefined && /^[\s。.;]*$/.test(l.key.slice(last[1])) && STRONG_RE.test(l.key.slice(...last));
}

/** A heading that names a section of tasks ("二、整改任务", "任务分工", "附件:整改任务清单"), not an indicator. */
const SECTION_RE = /(?:任务|措施|举措|分工|清单|台账|一览表|明细|安排|要求|附件\d*)$/;

/**
 * Where a table sits: `anchor` is the node whose text stands just above its header; `host` is the indicator its
 * rows belong to — the anchor, unless that is a section heading (then the nearest heading above that is not one),
 * and the plan (root) for a table outside any heading.
 */
function tablePlace(root: Node, lines: Line[], table: Table): { anchor: Node; host: Node } {
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
  return { anchor, host };
}

/** Names from a table's 责任单位/配合单位/责任领导 cell: one per line or 、-separated, "X(牵头)" marking a lead. */
function readUnitsCell(cell: string, field: Exclude<Field, 'due'>): Attribution | undefined {
  // "(牵头)" after a name becomes one private-use character, so the name splitter keeps it with its name.
  const marked = seg(cell.replace(/\n/g, '、').replace(/[(（]\s*牵头\s*[)）]/g, '\uE000'));
  const names = splitNames(marked);
  if (names) {
    const leads = names.filter((n) => n.raw.endsWith('\uE000')).map((n) => n.raw.slice(0, -1));
    const others = names.filter((n) => !n.raw.endsWith('\uE000')).map((n) => n.raw);
    if (leads.length === 0) return { [field]: others };
    return field === 'lead' ? { lead: leads, ...(others.length > 0 ? { support: others } : {}) } : undefined;
  }
  const read = readAttribution(seg(cell.replace(/\n/g, ',')), 'bracket');
  return hasFields(read.attr) && read.unparsed.length === 0 ? read.attr : undefined;
}

const COLUMN_LABEL: Record<Exclude<Field, 'due'>, string> = {
  lead: '责任单位',
  support: '配合单位',
  leaders: '责任领导',
};

/**
 * A table's rows as measures and problems. With a 指标/领域/事项 column, rows are grouped into one indicator per
 * value (an empty cell continues the one above: a merged cell); otherwise they belong to the table's host. The 序号
 * numbers the measures when every row has one, else rows are numbered in order within their indicator. The 问题
 * cell is a problem of that indicator (an empty or repeated cell is the problem above).
 */
function tableItems(
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

/** Parses a Chinese rectification-plan document into the canonical Plan. */
export function parseDocument(text: string, opts: ParseOptions = {}): ParseResult {
  const fatal = checkText(text);
  if (fatal) return { ok: false, errors: [fatal], warnings: [] };
  const errors: ParseError[] = checkOptions(opts);
  const warnings: ParseWarning[] = [];

  // Lines, without page chrome; a few stray replacement characters are worth a warning, not a refusal.
  const raws = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const all: Line[] = raws.map((raw, i) => ({ ...seg(raw.trim()), no: i + 1 }));
  /** Lines that follow a blank line. */
  const afterBlank = new Set(all.filter((l, i) => i > 0 && all[i - 1]!.key === '').map((l) => l.no));
  for (const l of all) {
    if (l.raw.includes('\uFFFD')) warnings.push({ line: l.no, message: 'unreadable characters "\uFFFD" in this line' });
  }
  // Tables (tab- or pipe-separated rows under a 序号/整改措施/责任单位 header) are read apart from the prose.
  const found = findTables(raws, { startsBlock: (raw) => matchMarker({ ...seg(raw), no: 0 }) !== undefined });
  warnings.push(...found.warnings, ...strayRows(raws, found.tables));
  const inTable = (no: number) => found.tables.some((t) => no >= t.headerNo && no <= t.endNo);
  // A PDF copy's wrapped lines are joined back into paragraphs (unwrap.ts says when).
  let lines = unwrapLines(
    all.filter((l) => l.key !== '' && !CHROME_RE.test(l.key) && !inTable(l.no)),
    { startsBlock: startsBlock, endsParagraph: endsInAttribution },
  ).lines;

  // The sign-off (落款): a last line that is only a date, and the issuer's name just above it.
  let signedAt: string | undefined;
  let signedBy: string | undefined;
  const lastLine = lines[lines.length - 1];
  if (lastLine && (signedAt = standaloneDate(lastLine.key))) {
    lines = lines.slice(0, -1);
    const above = lines[lines.length - 1];
    if (above && above.key.length <= 30 && !/[。,;:!?]/.test(above.key) && ORG_RE.test(above.key)) {
      signedBy = above.raw;
      lines = lines.slice(0, -1);
    }
  }

  const root = buildTree(lines);
  const tablePlaces = found.tables.map((t) => ({ table: t, ...tablePlace(root, lines, t) }));
  const tableAnchors = new Set(tablePlaces.flatMap((p) => [p.anchor, p.host]));
  const tableHosts = new Set(tablePlaces.map((p) => p.host));

  const { title, issuer, publishedAt } = readHeader(root.body, lines, signedAt, signedBy, warnings);
  let yearWarned = false;
  const baseYear = (no: number | undefined): number => {
    if (publishedAt) return Number(publishedAt.slice(0, 4));
    const y = shanghaiYear(opts.now ?? new Date());
    if (!yearWarned) {
      yearWarned = true;
      warnings.push({ line: no, message: `no 发布时间 (publication date) found: relative dates (今年…) read as ${y}` });
    }
    return y;
  };

  // ---- classify the outline ----
  const attributionCache = new Map<Node, Extracted>();
  const own = (n: Node): Extracted => {
    let x = attributionCache.get(n);
    if (!x) {
      x = extractAttributions([n.head, ...n.body], 'item');
      attributionCache.set(n, x);
    }
    return x;
  };
  const isAttributed = (n: Node) => {
    const a = own(n).attr;
    return a.lead !== undefined || a.support !== undefined || a.due !== undefined;
  };
  /**
   * Lines that are entirely "KEY:names" (责任领导:王振海 / 牵头部门:X). Under a 整改措施 heading whose measures are
   * plain paragraphs, only the lines before the first paragraph speak for the heading; later ones belong to the
   * paragraph above them.
   */
  const metaLines = (n: Node) => {
    const isMeta = (l: Line) => {
      const r = readAttribution(l, 'line');
      return r.keyed && hasFields(r.attr) && r.unparsed.length === 0;
    };
    if (n.kind !== 'measures' || n.children.length > 0) return n.body.filter(isMeta);
    const firstProse = n.body.findIndex((l) => !isMeta(l));
    return firstProse < 0 ? n.body : n.body.slice(0, firstProse);
  };
  const attributedBelow = (n: Node): boolean => structural(n).some((c) => isAttributed(c) || attributedBelow(c));
  const isHeading = (n: Node) => {
    const name = own(n).lines[0]?.key ?? '';
    return name.length <= 25 && !/。./.test(name);
  };

  const measures: MeasureItem[] = [];
  const problems: ProblemItem[] = [];
  const groups = new Set<Node>();
  const stray: Node[] = [];

  const paragraphs = (c: Node): Line[] => [...(c.head.key ? [c.head] : []), ...c.body];
  const collectProblems = (c: Node, group: Node | undefined) => {
    if (c.children.length > 0) {
      for (const p of c.children) {
        problems.push({ number: p.number, no: p.line!.no, lines: [p.head, ...subtreeLines(p)], indicator: group });
        if (isAttributed(p)) stray.push(p);
      }
    } else {
      paragraphs(c).forEach((l, i) => problems.push({ number: i + 1, no: l.no, lines: [l], indicator: group }));
    }
  };
  const addMeasure = (n: Node, group: Node | undefined, container: Node | undefined) => {
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
    measures.push({
      number: n.number,
      no: n.line!.no,
      lines: cut > 0 ? all.slice(0, cut) : closer > 0 ? all.slice(0, closer) : all,
      parent: n.parent!,
      indicator: group ?? container ?? root,
    });
  };
  const collectParagraphMeasures = (c: Node, group: Node | undefined) => {
    const paras = paragraphs(c).filter((l) => !metaLines(c).includes(l));
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
      warnings.push({
        line: c.line?.no,
        message: `the 整改措施 under "${c.head.raw || c.line?.raw}" are not numbered: read each paragraph as one measure, numbered in order`,
      });
    }
  };

  const walk = (node: Node, inContainer: boolean, group: Node | undefined, container: Node | undefined): void => {
    for (const child of node.children) {
      if (tableAnchors.has(child)) {
        // A heading with a table under it: the table's rows are its measures; its prose is not.
        const host = tableHosts.has(child);
        if (host) groups.add(child);
        walk(child, false, host ? child : group, host ? undefined : container);
      } else if (child.kind === 'problems') {
        collectProblems(child, group);
      } else if (child.kind === 'measures') {
        if (child.children.length > 0) walk(child, true, group, child);
        else collectParagraphMeasures(child, group);
      } else if (inContainer) {
        if (structural(child).length > 0) {
          groups.add(child);
          walk(child, true, child, container);
        } else {
          addMeasure(child, group, container);
        }
      } else if (
        structural(child).length > 0 &&
        (metaLines(child).length > 0 || attributedBelow(child) || (isAttributed(child) && isHeading(child)))
      ) {
        groups.add(child);
        walk(child, true, child, undefined);
      } else if (isAttributed(child)) {
        addMeasure(child, group, container);
      } else {
        walk(child, false, group, container);
      }
    }
  };
  walk(root, false, undefined, undefined);
  for (const { table, host } of tablePlaces) {
    const read = tableItems(table, host, warnings);
    for (const g of read.groups) groups.add(g);
    measures.push(...read.measures);
    problems.push(...read.problems);
  }
  measures.sort((a, b) => a.no - b.no);
  problems.sort((a, b) => a.no - b.no);

  for (const p of stray) {
    warnings.push({
      line: p.line!.no,
      message: `a 现存问题 (problem) item carries an attribution; it is read as a problem, not as a measure`,
    });
  }
  if (measures.length === 0) {
    errors.push({
      message:
        'no 整改措施 (measures) found: expected numbered items under a 整改措施 heading, or items with their own ' +
        'attribution such as (牵头部门:X。配合部门:Y。)',
    });
    return { ok: false, errors, warnings };
  }
  if (!title) {
    errors.push({
      message: 'no plan title found (expected a line such as "关于印发…方案的通知" before the first section)',
    });
  }

  // ---- indicators: the distinct groups measures belong to, in document order ----
  const indicatorNodes = [...new Set(measures.map((m) => m.indicator))];
  const numbered = indicatorNodes.every((n) => groups.has(n) && n.marker === indicatorNodes[0]!.marker);
  const codes = new Map<Node, string>();
  const distinct = new Set(indicatorNodes.map((n) => n.number)).size === indicatorNodes.length;
  indicatorNodes.forEach((n, i) => codes.set(n, String(numbered && distinct ? n.number : i + 1)));

  /** A group's own meta: its heading's attribution and its "KEY:names" body lines. */
  const metaCache = new Map<Node, Attribution>();
  const metaOf = (n: Node): Attribution => {
    let meta = metaCache.get(n);
    if (!meta) {
      meta = {};
      if (n !== root) mergeAttribution(meta, extractAttributions([n.head], 'heading').attr);
      for (const l of metaLines(n)) mergeAttribution(meta, readAttribution(l, 'line').attr);
      metaCache.set(n, meta);
    }
    return meta;
  };
  const inherited = <F extends Field>(from: Node | undefined, field: F): { value: Attribution[F]; at?: Node } => {
    for (let n = from; n; n = n.parent) {
      const v = metaOf(n)[field];
      if (v !== undefined) return { value: v, at: n };
    }
    return { value: undefined };
  };

  // ---- plan-level text: everything outside indicators, measures and problems ----
  const claimed = new Set<number>();
  for (const m of measures) for (const l of m.lines) claimed.add(l.no);
  for (const p of problems) for (const l of p.lines) claimed.add(l.no);
  // A table's host heading speaks for the lines above its table; prose after the table is plan text.
  const afterTable = (n: Node, l: Line) => tablePlaces.some((p) => p.host === n && l.no > p.table.endNo);
  for (const n of indicatorNodes) {
    if (n !== root) for (const l of [n.head, ...n.body]) if (!afterTable(n, l)) claimed.add(l.no);
  }
  const planLines = lines.filter((l) => !claimed.has(l.no));
  const firstIndicatorLine = Math.min(...measures.map((m) => m.no), ...problems.map((p) => p.no));

  // ---- plan-wide deadline ----
  let defaultDueAt: string | null = null;
  let deadlineFound = false;
  if (opts.deadline !== undefined) {
    defaultDueAt = endOfDay(opts.deadline);
  } else {
    const found = findDeadline(planLines, baseYear);
    if (found) {
      defaultDueAt = endOfDay(found);
      deadlineFound = true;
    }
  }

  // ---- build indicators and measures ----
  const indicators: Indicator[] = [];
  let withoutDue = 0;
  for (const node of indicatorNodes) {
    const code = codes.get(node)!;
    const isRoot = node === root;
    const name = isRoot
      ? (title ?? 'plan')
      : trimSeg(extractAttributions([node.head], 'heading').lines[0] ?? node.head, ':。.').raw || node.line!.raw;
    const label = `indicator ${code} ${name}`;
    const leaders = inherited(node, 'leaders').value ?? [];
    const lead = inherited(node, 'lead').value ?? [];
    const support = inherited(node, 'support').value ?? [];
    const indicator: Indicator = { code, name, leaders, lead, support, problems: [], measures: [] };
    if (groups.has(node)) Object.assign(indicator, scoreOf(node.body));

    const items = measures.filter((m) => m.indicator === node);
    const firstAt = new Map<number, number>();
    const anyOwn = items.some((m) => {
      const a = m.shared ?? extractAttributions(m.lines, '').attr;
      return a.lead !== undefined || a.support !== undefined;
    });
    let previous = 0;
    for (const item of items) {
      const id = `${code}.${item.number}`;
      const what = `measure ${id}`;
      if (firstAt.has(item.number)) {
        errors.push({
          line: item.no,
          message: `duplicate measure number (${item.number}) in ${label}: already used at line ${firstAt.get(item.number)}`,
        });
        continue;
      }
      firstAt.set(item.number, item.no);
      if (previous > 0 && item.number > previous + 1) {
        warnings.push({
          line: item.no,
          message: `${label}: measure numbering jumps from ${previous} to ${item.number}`,
        });
      }
      previous = Math.max(previous, item.number);

      const x = extractAttributions(item.lines, what);
      warnings.push(...x.notes);
      const mine: Attribution = { ...x.attr };
      if (item.shared) mergeAttribution(mine, item.shared);
      const textLines = x.lines.map((l) => l.raw);
      if (textLines.length === 0) {
        errors.push({ line: item.no, message: `${what} has no text (only an attribution)` });
        continue;
      }
      const measureText = textLines.join('\n');

      // Its own attribution speaks for the measure as a whole: with its own 牵头部门, its own 配合部门 (or none).
      const leadFrom = mine.lead ? undefined : inherited(item.parent, 'lead');
      const measureLead = mine.lead ?? leadFrom?.value ?? [];
      const measureSupport =
        mine.lead || mine.support ? (mine.support ?? []) : (inherited(item.parent, 'support').value ?? []);
      if (measureLead.length === 0) {
        errors.push({
          line: item.no,
          path: `indicators.${indicators.length}.measures.${indicator.measures.length}.lead`,
          message:
            `${what} has no 牵头部门 (lead department): neither its own attribution nor ${label} names one ` +
            `(expected e.g. "(牵头部门:X。)" at the end of the measure or "牵头部门:X" under the indicator)`,
        });
      } else if (!mine.lead && !mine.support && anyOwn) {
        warnings.push({
          line: item.no,
          message: `${what} has no attribution of its own; it inherits 牵头部门 ${measureLead.join('、')} from ${label}`,
        });
      }

      // Due: its own 时限, else its group's 时限, else the plan deadline.
      const dueSource = mine.due !== undefined ? { text: mine.due } : { text: inherited(item.parent, 'due').value };
      let dueAt: string | null = defaultDueAt;
      let dueText: string | undefined;
      if (dueSource.text !== undefined) {
        dueText = dueSource.text;
        const due = parseDueText(dueSource.text, baseYear(item.no));
        if (due === undefined) {
          warnings.push({
            line: item.no,
            message: `${what}: could not read the 时限 "${dueSource.text}"; using the plan deadline ${defaultDueAt ?? '(none)'}`,
          });
        } else {
          dueAt = due.ongoing ? null : endOfDay(due.date);
        }
      } else if (defaultDueAt === null) {
        withoutDue += 1;
      }

      const measure: Measure = {
        id,
        indicator: code,
        number: item.number,
        title: firstSentence(measureText),
        text: measureText,
        lead: measureLead,
        support: measureSupport,
        leaders: mine.leaders ?? inherited(item.parent, 'leaders').value ?? [],
        dueAt,
        line: item.no,
      };
      if (dueText !== undefined) measure.dueText = dueText;
      indicator.measures.push(measure);
    }
    indicators.push(indicator);
  }

  // ---- problems: under their indicator; stray ones under the only indicator, else reported ----
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

  if (!deadlineFound && opts.deadline === undefined && withoutDue > 0) {
    warnings.push({
      message:
        `no plan-wide deadline found (e.g. "各项整改工作务必要在今年12月31日前完成"): ${withoutDue} measure(s) ` +
        'without their own 时限 have no due time; pass a deadline (--deadline YYYY-MM-DD) to set one',
    });
  }

  // ---- evaluation, supervision group, coordinator ----
  const evaluation = evaluationOf(planLines.filter((l) => l.no < firstIndicatorLine));
  const { supervisors, coordinator } = supervisionOf(planLines);
  if (supervisors.length === 0) {
    warnings.push({ message: 'no 联合督导组 (joint supervision group) found: the plan has no supervisors' });
  }

  if (errors.length > 0) return { ok: false, errors, warnings };
  const plan: Plan = {
    id: opts.planId ?? derivePlanId(title!, opts.filename),
    title: title!,
    defaultDueAt,
    supervisors,
    indicators,
  };
  if (issuer) plan.issuer = issuer;
  if (publishedAt) plan.publishedAt = publishedAt;
  if (evaluation) plan.evaluation = evaluation;
  if (coordinator) plan.coordinator = coordinator;
  const checked = PlanSchema.safeParse(plan);
  if (!checked.success) return { ok: false, errors: zodErrors(checked.error), warnings };
  return { ok: true, plan: checked.data, warnings };
}

/**
 * Title, issuer and 发布时间 from the lines before the first section. The title is the 【…】-tagged line, else a
 * "关于…的通知" line, else a short line ending in 方案/清单/…; an issuer written before 关于 is split off. The page
 * banner's date ("今天是…") is chrome, never the publication date.
 */
function readHeader(
  header: Line[],
  lines: Line[],
  signedAt: string | undefined,
  signedBy: string | undefined,
  warnings: ParseWarning[],
): { title?: string; issuer?: string; publishedAt?: string } {
  let title: string | undefined;
  let issuer: string | undefined;
  const tagged = header.find((l) => /^【[^】]{1,12}】/.test(l.key));
  const titleLine =
    tagged ??
    header.find((l) => /关于.+(通知|方案|意见|办法|计划|决定|清单|报告|函)$/.test(l.key)) ??
    header.find((l) => l.key.length <= 60 && /(方案|计划|清单|台账|通知|意见)$/.test(l.key));
  if (titleLine) {
    const t = trimSeg(tagged ? sub(titleLine, titleLine.key.indexOf('】') + 1) : titleLine);
    const at = t.key.indexOf('关于');
    if (at > 0 && at <= 30) {
      issuer = trimSeg(sub(t, 0, at), ':,').raw;
      title = trimSeg(sub(t, at)).raw;
    } else {
      title = t.raw;
    }
  } else {
    const guess = header.find((l) => l.key.length <= 60 && !LABELLED_DATE_RE.test(l.key));
    if (guess) {
      title = guess.raw;
      warnings.push({ line: guess.no, message: `no title line recognised; using "${guess.raw}" as the title` });
    }
  }
  // An official document's issuer (发文机关) often stands on its own line above the title, a 文号 between them.
  const titleAt = titleLine ? header.indexOf(titleLine) : -1;
  const above = header
    .slice(Math.max(0, titleAt - 2), Math.max(0, titleAt))
    .filter((l) => !/\[\d{4}\]\d+号/.test(l.key));
  const issuerAbove = above[above.length - 1];
  if (
    !issuer &&
    issuerAbove &&
    issuerAbove.key.length <= 30 &&
    !/[。,;:]/.test(issuerAbove.key) &&
    orgLike(issuerAbove)
  ) {
    issuer = issuerAbove.raw;
  }
  const issuerLine = lines.find((l) => /^(发文机关|发布机构|发文单位|发布单位)\s*:/.test(l.key));
  issuer ??= issuerLine ? trimSeg(sub(issuerLine, issuerLine.key.indexOf(':') + 1)).raw : signedBy;

  const dated = lines.map((l) => LABELLED_DATE_RE.exec(l.key)).find((m) => m !== null);
  const publishedAt = dated ? calendarDate(+dated[1]!, +dated[2]!, +dated[3]!) : signedAt;
  return { title, issuer, publishedAt };
}

/** "一是A;二是B。" as one paragraph → its pieces, numbered by their own 一/二. */
function splitYishi(line: Line): Array<{ number: number; no: number; line: Line }> {
  const starts = [...line.key.matchAll(/(?:^|(?<=[。;,]))\s*([一二三四五六七八九十]{1,3})是/g)];
  if (starts.length < 2 || starts[0]!.index !== 0) return [];
  return starts.map((m, i) => {
    const end = starts[i + 1]?.index ?? line.key.length;
    const piece = trimSeg(sub(line, m.index + m[0].length, end), ';,');
    return { number: cnNumber(m[1]!) ?? i + 1, no: line.no, line: { ...piece, no: line.no } };
  });
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';

/** Score, rank and gaps from an indicator's prose ("得分为87.29分…排名第10位,较全省前沿值低4.00分…"). */
function scoreOf(body: Line[]): Pick<Indicator, 'score' | 'rank' | 'gaps'> {
  const text = body.map((l) => l.key).join('\n');
  const out: Pick<Indicator, 'score' | 'rank' | 'gaps'> = {};
  const score = new RegExp(`得分(?:为|是)?\\s*${NUM}\\s*分`).exec(text);
  if (score) out.score = Number(score[1]);
  const rank = /排名(?:第)?\s*(\d+)\s*(?:位|名)/.exec(text);
  if (rank) out.rank = Number(rank[1]);
  const gap = (what: string) => {
    const m = new RegExp(`较[^,;。\\n]{0,8}${what}值?\\s*(高|低)\\s*${NUM}\\s*分`).exec(text);
    return m ? (m[1] === '低' ? -1 : 1) * Number(m[2]) : undefined;
  };
  const frontier = gap('前沿');
  const average = gap('平均');
  if (frontier !== undefined || average !== undefined) {
    out.gaps = {};
    if (frontier !== undefined) out.gaps.frontier = frontier;
    if (average !== undefined) out.gaps.average = average;
  }
  return out;
}

/** The overall evaluation: 总体得分, its rank among N, 客观指标 and 满意度 scores and ranks. */
function evaluationOf(lines: Line[]): Plan['evaluation'] {
  const text = lines.map((l) => l.key).join('\n');
  const evaluation: NonNullable<Plan['evaluation']> = {};
  const total = new RegExp(`总体(?:得分|表现得分|表现)(?:为|是)?\\s*${NUM}\\s*分([^。;\\n]*)`).exec(text);
  if (total) {
    evaluation.total = Number(total[1]);
    const rank = /(?:(\d+)个[^,。;\n]*?)?排名第?\s*(\d+)\s*位/.exec(total[2] ?? '');
    if (rank) {
      evaluation.rank = Number(rank[2]);
      if (rank[1]) evaluation.of = Number(rank[1]);
    }
  }
  const part = (what: string) => {
    const m = new RegExp(
      `${what}[^,;。\\n]{0,8}得分(?:为|是)?\\s*${NUM}\\s*分[,]?\\s*(?:排名第?\\s*(\\d+)\\s*位)?`,
    ).exec(text);
    if (!m) return undefined;
    return m[2] ? { score: Number(m[1]), rank: Number(m[2]) } : { score: Number(m[1]) };
  };
  const objective = part('客观指标');
  const satisfaction = part('满意度');
  if (objective) evaluation.objective = objective;
  if (satisfaction) evaluation.satisfaction = satisfaction;
  return Object.keys(evaluation).length > 0 ? evaluation : undefined;
}

/** Sentences (split at 。;!? and line ends) of some lines, as matching/raw pairs. */
function sentences(lines: Line[]): Seg[] {
  const out: Seg[] = [];
  for (const l of lines) {
    for (const m of l.key.matchAll(/[^。;!?]+/g)) out.push(sub(l, m.index, m.index + m[0].length));
  }
  return out;
}

/** The plan-wide deadline: a "…前…完成" sentence outside the measures, preferring one about 各项/全部 work. */
function findDeadline(lines: Line[], baseYear: (no: number | undefined) => number): string | undefined {
  const re = new RegExp(`(${DATE_EXPR})\\s*(?:以前|之前|前)`, 'g');
  const candidates: Array<{ date: string; preferred: boolean }> = [];
  for (const l of lines) {
    for (const s of sentences([l])) {
      if (!/完成|到位|销号|办结|整改/.test(s.key)) continue;
      for (const m of s.key.matchAll(re)) {
        if (!/\d|年底|年末|年内|上半年|下半年|季度/.test(m[1]!)) continue;
        const due = parseDueText(m[1]!, baseYear(l.no));
        if (due && !due.ongoing) candidates.push({ date: due.date, preferred: /各项|全部|所有|整改工作/.test(s.key) });
      }
    }
  }
  return (candidates.find((c) => c.preferred) ?? candidates[0])?.date;
}

/** 联合督导组 members ("X、Y、Z要组成联合督导组") and the coordinating office ("X要发挥好牵头作用,加强统筹协调"). */
function supervisionOf(lines: Line[]): { supervisors: string[]; coordinator?: string } {
  let supervisors: string[] = [];
  let coordinator: string | undefined;
  const names = (s: Seg): string[] | undefined => {
    const t = trimSeg(/^由/.test(s.key) ? sub(s, 1) : s);
    const list = splitNames(t);
    return list?.every(orgLike) ? list.map((n) => n.raw) : undefined;
  };
  for (const s of sentences(lines)) {
    if (supervisors.length === 0) {
      const m =
        /([^,:]+?)(?:要|应|将|共同)?(?:组成|成立)(?:联合)?(?:督导组|督查组|督导检查组|督查督导组)/.exec(s.key) ??
        /(?:联合)?(?:督导组|督查组)(?:由|成员(?:单位)?(?:为|包括|:))([^,]+?)(?:共同)?(?:组成|等)?(?=,|$)/.exec(s.key);
      if (m) {
        const start = m.index + m[0].indexOf(m[1]!);
        supervisors = names(sub(s, start, start + m[1]!.length)) ?? [];
      }
    }
    if (coordinator === undefined) {
      const m =
        /(?:^|,)\s*([^,:]+?)(?:要|应|负责)?(?:发挥好?牵头(?:抓总)?作用|统筹协调|牵头抓总)/.exec(s.key) ??
        /(?:^|,)\s*([^,:]+?)(?:为|作为)(?:牵头|统筹|协调)(?:单位|部门)/.exec(s.key);
      if (m) {
        const start = m.index + m[0].indexOf(m[1]!);
        const list = names(sub(s, start, start + m[1]!.length));
        if (list?.length === 1) coordinator = list[0];
      }
    }
  }
  return { supervisors, coordinator };
}

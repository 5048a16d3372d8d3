/**
 * Attributions: who does a measure, with whom, under which leader, by when — read from the brackets and "KEY:…"
 * tails a document writes at the end of a measure or under a heading. This module reads one attribution text
 * (readAttribution) and finds and removes them in a block of lines (extractAttributions); whatever looks like an
 * attribution but cannot be read becomes a warning with its line, never a guess.
 *
 * Roles as officials read them (docs/domain.md "The plan document"):
 * - lead (牵头): 牵头单位/牵头部门/牵头责任单位/主责单位, "X牵头", "由X负责". A lone 责任单位 (no 牵头 named) or
 *   "(X、Y负责)" means all of them lead jointly.
 * - support (配合): 配合/协同/协办/参与 units, and 责任单位 named *beside* a 牵头单位 (they carry the work under the
 *   lead); "X牵头,各有关部门按职责分工负责" — the units "responsible by their duties" support X.
 * - leaders (persons): 责任领导/分管领导/牵头负责领导/责任人 naming people.
 * - Lists split on 、，,；; (and 和/及 between units); collective units stay whole (各县(市、区)政府); a trailing
 *   等/等部门/等有关部门 and role phrases (按职责分工负责, 包片单位) are dropped.
 * - 时限: the clause as written (2024年6月底前, 持续推进); doc-dates.ts reads it in the document's own year.
 * A measure's own attribution overrides its group's (doc-indicators.ts does the inheritance).
 *
 * How the rules are read: the keys are doc-text.ts KEYS; the generic ones (责任单位, 承办单位, 整改责任单位…) are
 * kept apart as `responsible` until the attribution is complete, then settleRoles makes them support beside a lead
 * and joint leads alone (the first leads where the document says 排在首位的为牵头单位). A key's value in the role
 * forms ("责任部门:X牵头,Y配合", "部门分工:…") and bracket clauses are read by doc-roles.ts, which also reads the
 * prose of a task that has no bracket or key ("由X牵头，Y配合，9月底前完成"). Leaders keep the name when a post is
 * written with it (奚克路副市长 → 奚克路), else the post as written (分管副市长).
 */
import { cat, sub, trimSeg } from './doc-text';
import { DUE_PIECE_RE } from './doc-dates';
import {
  DIVISION_ALT,
  DIVISION_RE,
  FIELD_OF,
  KEY_ALT,
  KEY_RE,
  orgLike,
  personName,
  splitNames,
  STRONG_RE,
} from './doc-keywords';
import { GENERIC_LEAD_KEYS } from './doc-text';
import { readProse, roleClause, type Role } from './doc-roles';
import type { Attribution, Line, ParseWarning, Seg } from './parse-types';

export interface AttributionRead {
  attr: Attribution;
  /** At least one "KEY:" clause (as opposed to only "X牵头"-style clauses). */
  keyed: boolean;
  /** Clauses that could not be read. */
  unparsed: string[];
}

/** The clauses of an attribution text: split at ;。, and before a key that follows a space. */
function clauses(text: Seg): Seg[] {
  const splitter = new RegExp(`[;。,]|\\s+(?=${KEY_ALT})`, 'g');
  const pieces: Seg[] = [];
  let start = 0;
  for (const m of text.key.matchAll(splitter)) {
    pieces.push(sub(text, start, m.index));
    start = m.index + m[0].length;
  }
  pieces.push(sub(text, start));
  return pieces;
}

/**
 * Reads one attribution text — the inside of a bracket, or a "KEY:…" tail of a line — clause by clause.
 * `bracket` mode also accepts the suffix forms "X牵头", "Y配合", "Z按职责分工负责" and bare 时限 ("2024年6月底前").
 */
export function readAttribution(text: Seg, mode: 'bracket' | 'line'): AttributionRead {
  const division = DIVISION_RE.exec(text.key);
  if (division) return { ...readAttribution(sub(text, division[0].length), 'bracket'), keyed: true };
  const attr: Attribution = {};
  const unparsed: string[] = [];
  let keyed = false;
  let last: Role | 'due' | undefined;
  // Set when the last role came from a phrase ("X牵头"), not a key: then a following clause continues it only
  // if it names organisations ("不再做分工" after "…按职责分工负责" is a remark, not a unit).
  let phrasedLast = false;
  let pending: Seg[] = [];
  const add = (field: Role, names: Seg[]) => {
    const written = field === 'leaders' ? names.map(personName) : names;
    attr[field] = [...(attr[field] ?? []), ...written.map((n) => n.raw)];
  };
  const addDue = (raw: string) => {
    attr.due = attr.due === undefined ? raw : `${attr.due},${raw}`;
    last = 'due';
  };

  for (const raw of clauses(text)) {
    const piece = trimSeg(raw);
    if (piece.key === '') continue;
    const km = KEY_RE.exec(piece.key);
    if (km && (mode === 'bracket' || km[2] === ':')) {
      keyed = true;
      const key = FIELD_OF.get(km[1]!)!;
      const field = key === 'lead' && GENERIC_LEAD_KEYS.has(km[1]!) ? 'responsible' : key;
      const value = trimSeg(sub(piece, km[0].length));
      if (field === 'due') {
        if (value.key === '') unparsed.push(piece.raw);
        else attr.due = attr.due === undefined ? value.raw : `${attr.due},${value.raw}`;
        last = 'due';
        continue;
      }
      const names = splitNames(value);
      // "责任部门:市教育局牵头,市财政局配合": the key's value in the role forms says the roles itself.
      const phrased = names ? undefined : roleClause(value);
      if (names) {
        add(field, names);
        last = field;
        phrasedLast = false;
      } else if (phrased) {
        add(phrased.role, phrased.names);
        last = phrased.role;
        phrasedLast = true;
      } else {
        unparsed.push(piece.raw);
        last = undefined;
      }
      continue;
    }
    // "下同" (the same below) and "排在首位的为牵头单位" speak about the attribution; they name nobody.
    if (NOTICE_RE.test(piece.key) || FIRST_LEADS_RE.test(piece.key)) continue;
    if (mode === 'bracket' || keyed) {
      const suffixed = roleClause(piece);
      if (suffixed) {
        add(suffixed.role, [...pending, ...suffixed.names]);
        pending = [];
        last = suffixed.role;
        phrasedLast = true;
        continue;
      }
      if (DUE_PIECE_RE.test(piece.key)) {
        addDue(piece.raw);
        continue;
      }
    }
    if (last === 'due') {
      attr.due = `${attr.due ?? ''},${piece.raw}`;
      continue;
    }
    const names = splitNames(piece);
    if (names && last !== undefined && (!phrasedLast || names.every(orgLike))) add(last, names);
    else if (names?.every(orgLike) && mode === 'bracket') pending.push(...names);
    else unparsed.push(piece.raw);
  }
  unparsed.push(...pending.map((p) => p.raw));
  return { attr, keyed, unparsed };
}

/**
 * The roles of a complete attribution (a measure's own, a group's): units named only responsible (责任单位:…,
 * "各有关部门按职责分工负责") lead jointly when nothing leads, and support when a 牵头单位 is named beside them. When
 * the document says the first unit of such a list leads (排在首位的为牵头单位), it does and the others support.
 */
export function settleRoles(a: Attribution, firstLeads = false): Attribution {
  const { responsible, ...rest } = a;
  if (!responsible) return a;
  const uniq = (xs: string[]) => [...new Set(xs)];
  if (rest.lead) return { ...rest, support: uniq([...responsible, ...(rest.support ?? [])]) };
  if (firstLeads && responsible.length > 1) {
    return {
      ...rest,
      lead: responsible.slice(0, 1),
      support: uniq([...responsible.slice(1), ...(rest.support ?? [])]),
    };
  }
  return { ...rest, lead: responsible };
}

const NOTICE_RE = /^(下同|同上|下略|以下同)$/;

/** "排在首位的为牵头单位" / "列第一位的为牵头单位": the document's own rule for its 责任单位 lists. */
export const FIRST_LEADS_RE = /(排在|排|列|位列)(首位|第一位|第一|最前)的?(单位|部门)?(为|是)牵头(单位|部门)/;

export const hasFields = (a: Attribution) =>
  a.lead !== undefined ||
  a.support !== undefined ||
  a.responsible !== undefined ||
  a.leaders !== undefined ||
  a.due !== undefined;

/** Top-level bracket spans [start, end) in a matching copy: (), [], 【】 — nested brackets stay inside. */
export function bracketSpans(key: string): Array<[number, number]> {
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

/** A line that ends with an attribution bracket ("…(牵头部门:X。)"): the end of a measure. */
export function endsInAttribution(l: Line): boolean {
  const last = bracketSpans(l.key).pop();
  return last !== undefined && /^[\s。.;]*$/.test(l.key.slice(last[1])) && STRONG_RE.test(l.key.slice(...last));
}

export interface Extracted {
  attr: Attribution;
  /** The lines with attributions removed (empty lines dropped). */
  lines: Line[];
  notes: ParseWarning[];
  /** Lines that end with an attribution naming a lead, support or 时限: a measure is complete there. */
  closing: Set<number>;
}

export function mergeAttribution(into: Attribution, from: Attribution): void {
  for (const f of ['lead', 'support', 'responsible', 'leaders'] as const) {
    const v = from[f];
    if (v) into[f] = [...new Set([...(into[f] ?? []), ...v])];
  }
  if (from.due !== undefined && into.due === undefined) into.due = from.due;
}

/** Whether an attribution names units in any role (lead, support, responsible) — not only leaders or a 时限. */
export const namesUnits = (a: Attribution) =>
  a.lead !== undefined || a.support !== undefined || a.responsible !== undefined;

/** An attribution that completes a measure: it names units or a 时限. */
export const closes = (a: Attribution) => namesUnits(a) || a.due !== undefined;

/**
 * Finds and removes attributions in a block of lines: bracketed ones anywhere, and "KEY:names" tails that start a
 * line or follow a sentence. `what` names the block in warnings ("measure 2.3").
 */
export function extractAttributions(lines: Line[], what: string): Extracted {
  const x: Extracted = { attr: {}, lines: [], notes: [], closing: new Set<number>() };
  for (const line of lines) {
    let rest = extractBrackets(line, what, x);
    // An unbracketed "牵头单位:X;配合单位:Y" tail, at the start of the line or after a sentence.
    for (const m of rest.key.matchAll(
      new RegExp(`(?:^|(?<=[。;,.]))\\s*(?=(?:${KEY_ALT}|${DIVISION_ALT})\\s*:)`, 'g'),
    )) {
      const read = readAttribution(sub(rest, m.index), 'line');
      if (hasFields(read.attr) && read.unparsed.length === 0) {
        mergeAttribution(x.attr, read.attr);
        if (closes(read.attr)) x.closing.add(line.no);
        rest = trimSeg(sub(rest, 0, m.index), ',;:、');
        break;
      }
    }
    const text = trimSeg(rest);
    if (text.key !== '') x.lines.push({ ...text, no: line.no });
  }
  // No bracket or key names a unit: the prose may ("由市发改委牵头，市财政局配合，…"); its text stays as written.
  if (!namesUnits(x.attr)) {
    for (const l of x.lines) {
      const prose = readProse(l);
      if (prose) mergeAttribution(x.attr, prose);
    }
  }
  return x;
}

/** One line's bracketed attributions read into `x` and cut out; the rest of the line is returned. */
function extractBrackets(line: Line, what: string, x: Extracted): Seg {
  const kept: Seg[] = [];
  let cursor = 0;
  for (const [a, b] of bracketSpans(line.key)) {
    const inner = sub(line, a + 1, b - 1);
    const read = readAttribution(inner, 'bracket');
    if (hasFields(read.attr) && (read.unparsed.length === 0 || read.keyed)) {
      mergeAttribution(x.attr, read.attr);
      if (closes(read.attr) && /^[\s。.;]*$/.test(line.key.slice(b))) x.closing.add(line.no);
      for (const u of read.unparsed) {
        x.notes.push({
          line: line.no,
          message: `${what}: ignored "${u}" in its attribution (not a 牵头部门/配合部门/责任领导/时限 entry)`,
        });
      }
      kept.push(sub(line, cursor, a));
      cursor = b;
    } else if (STRONG_RE.test(inner.key)) {
      x.notes.push({
        line: line.no,
        message: `${what}: could not read the attribution "${line.raw.slice(a, b)}"; it is left in the text`,
      });
    }
  }
  kept.push(sub(line, cursor));
  return cat(...kept);
}

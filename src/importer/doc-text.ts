/**
 * The text primitives of the document parsers (the doc-*.ts stages, parse-table.ts, unwrap.ts): the matching copy of
 * a line (keyOf), slicing a text and its copy together, sentences, and the attribution keywords. It imports only the
 * types of parse-types.ts, so every stage can share it without import cycles.
 */
import { createRequire } from 'node:module';
import type { ConverterFunction, ConverterOptions } from 'opencc-js/core' with { 'resolution-mode': 'import' };
import type { Field, Line, Seg } from './parse-types';

export type { Field, Line, Seg } from './parse-types';

// ---------------------------------------------------------------------------------------------------------------
// Text normalisation (matching copy only; same length as the original so indices carry over)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Traditional → simplified, character by character, from OpenCC's dictionaries (opencc-js): the keywords and
 * suffixes match in either script (牽頭單位, 責任單位, 區財政局), while names keep the characters they are written in.
 * A character whose simplified form is not one UTF-16 unit stays as it is, so the copy keeps its length.
 */
// opencc-js types itself as an ES module but ships a CommonJS build, which is what this CommonJS code loads.
const { Converter } = createRequire(__filename)('opencc-js/t2cn') as {
  Converter: (options: ConverterOptions) => ConverterFunction;
};
const toSimplified = Converter({ from: 't', to: 'cn' });
const SIMPLIFIED = new Map<string, string>();
function simplified(ch: string): string {
  const known = SIMPLIFIED.get(ch);
  if (known !== undefined) return known;
  const converted = toSimplified(ch);
  const s = converted.length === 1 ? converted : ch;
  SIMPLIFIED.set(ch, s);
  return s;
}

/** The matching copy of a text: 1:1 per UTF-16 unit, so `key.slice(a, b)` and `raw.slice(a, b)` correspond. */
export function keyOf(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0xa0) out += ' ';
    else if (c === 0x3014 || c === 0xfe5d) out += '[';
    else if (c === 0x3015 || c === 0xfe5e) out += ']';
    else if (c >= 0xfe50 && c <= 0xfe57)
      out += ',、.?;:?!'[c - 0xfe50]!; // small form variants (﹑ for 、)
    else if (c === 0xfe59) out += '(';
    else if (c === 0xfe5a) out += ')';
    else if (c >= 0x3400 && c <= 0x9fff) out += simplified(raw[i]!);
    else out += raw[i]!;
  }
  return out;
}

export const seg = (raw: string): Seg => ({ raw, key: keyOf(raw) });
export const sub = (s: Seg, a: number, b?: number): Seg => ({ raw: s.raw.slice(a, b), key: s.key.slice(a, b) });
export const cat = (...parts: Seg[]): Seg => ({
  raw: parts.map((p) => p.raw).join(''),
  key: parts.map((p) => p.key).join(''),
});
export function trimSeg(s: Seg, extra = ''): Seg {
  const re = new RegExp(`^[\\s${extra}]+|[\\s${extra}]+$`, 'g');
  let start = 0;
  let end = s.key.length;
  for (const m of s.key.matchAll(re)) {
    if (m.index === 0) start = m[0].length;
    else end = m.index;
  }
  return sub(s, start, Math.max(start, end));
}

/** Sentences (split at 。;!? and line ends) of some lines, as matching/raw pairs. */
export function sentences(lines: Line[]): Seg[] {
  const out: Seg[] = [];
  for (const l of lines) {
    for (const m of l.key.matchAll(/[^。;!?]+/g)) out.push(sub(l, m.index, m.index + m[0].length));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Keywords
// ---------------------------------------------------------------------------------------------------------------

export const KEYS: Record<Field, string[]> = {
  lead: [
    ...['牵头部门', '牵头单位', '牵头科室', '牵头处室', '牵头责任单位', '牵头责任部门', '主要责任单位', '主责单位'],
    ...['主责部门', '主办单位', '牵头落实单位'],
    // The generic keys (GENERIC_LEAD_KEYS): lead alone, support beside a 牵头单位.
    ...['责任单位', '责任部门', '责任科室', '承办单位', '落实单位', '责任主体', '整改责任单位', '整改单位'],
    '问题整改责任单位',
  ],
  support: [
    ...['配合部门', '配合单位', '配合科室', '协办单位', '协办部门', '协同单位', '协同部门', '参与单位', '参与部门'],
    ...['协助单位', '协同责任单位', '配合责任单位', '协同配合单位', '协同配合部门', '协作单位', '协作部门'],
  ],
  leaders: [
    ...['责任领导', '分管领导', '牵头领导', '包联领导', '联系领导', '领衔领导', '责任区领导', '包抓领导'],
    ...['牵头负责领导', '牵头市领导', '牵头县领导', '牵头区领导', '责任市领导', '责任县领导', '主管领导', '包保领导'],
    ...['分管市领导', '分管县领导', '分管区领导', '分管省领导', '督办领导', '主抓领导', '主要责任人', '责任人'],
  ],
  due: [
    ...['完成时限', '整改时限', '完成时间', '整改期限', '完成期限', '办结时限', '时间节点', '时限要求', '时间要求'],
    '时限',
  ],
};

/**
 * Lead keys that name the units responsible without saying who leads: alone they lead jointly; named beside a
 * 牵头单位 they are the units carrying the work under it, i.e. support (doc-attribution.ts settleRoles).
 */
export const GENERIC_LEAD_KEYS = new Set([
  ...['责任单位', '责任部门', '责任科室', '承办单位', '落实单位', '责任主体', '整改责任单位', '整改单位'],
  '问题整改责任单位',
]);

/**
 * Keywords and unit lists: which words open an attribution clause (牵头部门:, 配合单位为…), Chinese numerals, and
 * how a list of departments or persons is split and checked ("税务局、高新公安分局、组织和人事局"). What a name may
 * look like lives here so the attribution reader, the table cells and the supervision sentence agree on it.
 */
import { cat, KEYS, seg, sub, trimSeg } from './doc-text';
import type { Field, Seg } from './parse-types';

export const FIELD_OF = new Map<string, Field>(
  (Object.entries(KEYS) as Array<[Field, string[]]>).flatMap(([f, ks]) => ks.map((k) => [k, f] as [string, Field])),
);
/** Every key, longest first (so 牵头责任单位 wins over 责任单位), as a regex alternation. */
export const KEY_ALT = [...FIELD_OF.keys()].sort((a, b) => b.length - a.length).join('|');
/** A key at the start of a clause; group 2 is the colon (required on plain lines, optional inside brackets). */
export const KEY_RE = new RegExp(`^(${KEY_ALT})\\s*(:|为|是)?\\s*`);
/**
 * Keys whose value is a whole division of work in the suffix forms ("部门分工:省发展改革委牵头,各地、各部门配合"):
 * the value is read as a bracket is.
 */
export const DIVISION_ALT = '部门分工|责任分工|任务分工|职责分工|分工';
export const DIVISION_RE = new RegExp(`^(${DIVISION_ALT})\\s*:\\s*`);
/** A line that starts with "KEY:" (责任领导:王振海 / 牵头部门:X / 部门分工:X牵头). */
export const KEY_LINE_RE = new RegExp(`^(?:${KEY_ALT}|${DIVISION_ALT})\\s*:`);
/** Keywords that mark a text as meant to be an attribution: if it cannot be read, say so. */
export const STRONG_RE = /牵头|配合(部门|单位)|责任(单位|部门|领导)|时限/;

export const CN_DIGITS: Record<string, number> = {
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
export function cnNumber(s: string): number | undefined {
  if (/^[一二三四五六七八九]$/.test(s)) return CN_DIGITS[s];
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(s);
  if (!m) return undefined;
  return (m[1] ? CN_DIGITS[m[1]]! : 1) * 10 + (m[2] ? CN_DIGITS[m[2]]! : 0);
}

/** A department or person name: short, no sentence punctuation, balanced parentheses. */
function isName(s: Seg): boolean {
  const k = s.key.trim();
  if (k.length === 0 || k.length > 40) return false;
  // Sentence punctuation, attribution verbs or placeholders ("待定", "请各单位…报送") are not names.
  // A role word inside a unit noun ("各主要经济指标牵头单位") is part of the name.
  const bare = k.replace(/(?:牵头|责任|配合)(?:单位|部门)$/, '单位');
  if (/[。:;!?"“”‘’《》]|牵头|配合|负责|待定|另行|确定|报送|^请/.test(bare)) return false;
  return (k.match(/\(/g) ?? []).length === (k.match(/\)/g) ?? []).length;
}

/** Organisation-like: what "X牵头"/"X配合" and the 督导组 sentence must name, so prose such as "(由企业自行负责)" is
 * not mistaken for an attribution. Explicit "KEY:names" clauses accept any name. */
export const ORG_RE =
  /^各|(局|委|办|办公室|部|部门|中心|组|厅|管委会|政府|委员会|室|所|处|科|院|队|站|会|单位|公司|银行|支行|分行|集团|街道|乡镇|社区|镇|乡|区|县|市|联)$/;
export const orgLike = (s: Seg) => ORG_RE.test(s.key.trim().replace(/\([^()]*\)$/, ''));

/** Splits "税务局、高新公安分局、组织和人事局" at top level (not inside "各县(市、区)"); never at 和/及. */
export function splitNames(s: Seg): Seg[] | undefined {
  const out: Seg[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.key.length; i++) {
    const c = s.key[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    // A space between two single characters is padding inside a two-character name ("刘 哲"), not a separator.
    const padded =
      c !== undefined &&
      /\s/.test(c) &&
      (/^\S$/.test(s.key.slice(start, i).trim()) || /^\s*\S(\s|$)/.test(s.key.slice(i)));
    if (i === s.key.length || (depth === 0 && /[、,;/\s]/.test(c!) && !padded)) {
      const piece = trimSeg(sub(s, start, i));
      if (piece.key !== '') out.push(piece);
      start = i + 1;
    }
  }
  // "国土局和有关县区": 和/及 between two whole units separates them; inside one name (组织和人事局) it does not.
  for (let i = 0; i < out.length; i++) {
    const m = /^(.+?[局委办厅部院室会所站队司行府])(?:和|及|以及)(.{2,})$/.exec(out[i]!.key);
    if (m && ORG_RE.test(m[2]!.replace(/\([^()]*\)$/, ''))) {
      const piece = out[i]!;
      const at = m[0].length - m[2]!.length;
      out.splice(i, 1, sub(piece, 0, m[1]!.length), trimSeg(sub(piece, at)));
    }
  }
  // "相关市、县政府", "各县(市)、铜山区、贾汪区政府", "各开发区、镇(街道)": places before a shared 政府, or bare
  // levels after a collective (各…/相关…), are one collective unit — the governments of all of them alike.
  for (let i = out.length - 1; i > 0; i--) {
    const cur = out[i]!;
    if (/政府$/.test(cur.key)) {
      let first = i;
      while (first > 0 && PLACE.test(out[first - 1]!.key)) first--;
      if (first < i) {
        out.splice(first, i - first + 1, joined(out.slice(first, i + 1)));
        i = first;
        continue;
      }
    }
    const prev = out[i - 1]!;
    if (/^(各|相关|有关)/.test(prev.key) && BARE_LEVEL.test(cur.key)) out.splice(i - 1, 2, joined([prev, cur]));
  }
  // "…、六安供电公司等" / "…等有关部门": the list's 等 ends it, it is not part of the last name.
  const last = out[out.length - 1];
  if (last) {
    const m = TRAILING_DENG.exec(last.key);
    if (m && m.index > 0) out[out.length - 1] = trimSeg(sub(last, 0, m.index));
  }
  return out.length > 0 && out.every(isName) ? out : undefined;
}

const TRAILING_DENG = /等(?:有关|相关|其他)?(?:部门|单位|机构)?$/;
/** A place named without its organ: 区, 各县(市), 铜山区, 相关市 (not 区财政局). */
const PLACE = /^(?:各|相关|有关)?[\u3400-\u9fff]{0,6}?(?:[市县区镇乡旗州]|街道|乡镇|县区)(?:\((?:[市县区]、?)+\))?$/;
const joined = (parts: Seg[]) => parts.slice(1).reduce((a, p) => cat(a, seg('、'), p), parts[0]!);
const BARE_LEVEL = /^(?:[市县区镇乡]|乡镇|街道|县区|镇\(街道\)|乡\(镇\)|县\(市、区\)|县\(市\))(?:人民)?(?:政府)?$/;

/** Posts written before or after a leader's name: "副县长张三", "奚克路副市长", "小军同志". */
export const POST =
  '(?:常务)?副?(?:省|市|县|区|州|旗|镇|乡)长(?:助理)?|副?(?:省|市|县|区)委书记|(?:省|市|县|区)委常委|副?书记|常委|' +
  '副?主任|副?局长|副?秘书长|市长助理|同志';
const POST_AFTER = new RegExp(`^(\\S{2,4}?)(?:${POST})$`);
const POST_BEFORE = new RegExp(`^(?:(?:${POST})[、,]?)+\\s*(\\S{2,4})$`);

/** A leader as the document names them: the person's name when a post is written with it, else as written. */
export function personName(s: Seg): Seg {
  const k = s.key.trim();
  for (const re of [POST_AFTER, POST_BEFORE]) {
    const m = re.exec(k);
    if (m && /^[\u3400-\u9fff]{2,4}$/.test(m[1]!) && !/^(分管|主管|常务|负责|牵头|有关|相关|联系)$/.test(m[1]!)) {
      const at = k.indexOf(m[1]!);
      return trimSeg(sub(trimSeg(s), at, at + m[1]!.length));
    }
  }
  return s;
}

/** "一、袁家军省长主抓重点工作": a heading that names the leader of the work under it. */
export const HEADING_LEADER_RE = new RegExp(`^([\\u3400-\\u9fff]{2,4}?)(?:${POST})(?:主抓|牵头|负责|分管|领衔|联系)`);

/**
 * Role phrases: how a document says who does a task without a "KEY:" — "X、Y牵头", "Z配合", "会同W等部门落实",
 * "由X负责", "X、Y承办", "由杨志武副市长负责", "请奇帆、家农同志负责" — one clause at a time. Read inside
 * attribution brackets (doc-attribution.ts), and from prose sentences when a task has no bracket or key line
 * (readProse: "由市发改委牵头，市财政局配合，尽快完成…"). Names must look like organisations (or, for leaders,
 * like persons with their post), so ordinary sentences ("由企业自行负责") are never read as attributions.
 */
import { DATE_EXPR, DUE_PIECE_RE } from './doc-dates';
import { sub, trimSeg } from './doc-text';
import { KEY_LINE_RE, orgLike, personName, POST, splitNames } from './doc-keywords';
import type { Attribution, Seg } from './parse-types';

export type Role = 'lead' | 'support' | 'leaders' | 'responsible';

const RESPONSIBLE_SUFFIX =
  /^(.+?)(按职责分工负责|按职责分工落实|按职能分工负责|按职责分工配合|按职责负责|按职责落实|依职责负责|分工负责|分别负责|各负其责)$/;
const LEAD_SUFFIX =
  /^(.+?)(牵头负责|牵头落实|牵头|为牵头单位|为牵头部门|为责任单位|负总责|负责落实|负责实施|具体负责|负责|承办)$/;
const SUPPORT_SUFFIX = /^(.+?)(配合落实|配合|协助|协同|参与|协办|为配合单位|为配合部门)$/;
/** "会同国土资源部、建设部等部门落实": the units worked with support the lead. */
const COOPERATE =
  /^(?:会同|协同|联合|配合)(.+?)(?:等(?:有关|相关)?(?:部门|单位))?(?:共同)?(?:负责落实|负责实施|共同推进|负责|落实|实施|推进|研究)?$/;
/** "由杨志武副市长负责" / "请奇帆、家农同志负责": persons (with a post or 同志) responsible for the work. */
const LEADER_CLAUSE = new RegExp(`^(?:由|请)?(.+?(?:${POST}))(?:负责|牵头|主抓|分管)$`);

/** "市经委、市交通局分别与区、县政府和园区共同编制": both sides carry the work under the lead. */
const TOGETHER = /^(.+?)(?:分别)?(?:与|同|和)(.+?)(?:共同|一起)(?:编制|负责|实施|推进|落实|完成|开展|研究|制定)$/;

/** "9月底前完成方案", "6月25日完成": a sentence's own 时限, a date before a verb of finishing. */
const PROSE_DUE_RE = new RegExp(
  `^(?:于|在)?\\s*(${DATE_EXPR})\\s*(?:以前|之前|前)?\\s*(?:全面|全部)?(?:完成|办结|到位|建成|开工)`,
);

/** Verbs a task's sentence goes on with after "由<units>": the units named are the ones doing it. */
const TASK_VERB =
  /^(?:研究|负责|牵头|制定|组织|落实|提出|推进|实施|开展|协调|抓好|做好|完成|编制|建立|出台|指导|督促|统筹|会同)/;

/** "由财政部、发展改革委研究提出意见": the units a 由 introduces, before the verb of the task. */
function byUnits(piece: Seg): Seg[] | undefined {
  if (!/^由/.test(piece.key)) return undefined;
  for (let end = Math.min(piece.key.length - 1, 80); end > 2; end--) {
    if (!/[局委办厅部院室会所站队司行府]/.test(piece.key[end - 1]!) || !TASK_VERB.test(piece.key.slice(end))) continue;
    const names = splitNames(sub(piece, 1, end));
    if (names?.every(orgLike)) return names;
  }
  return undefined;
}

/** "省财政厅:负责联系南京市六合区" / "定点联系地区:定期向…报告": the units a "unit: duty" line opens with. */
export function dutySubject(line: Seg): Seg[] | undefined {
  // A "KEY:" line (牵头单位:X, 完成时限:…) is an attribution, not a unit given a duty.
  if (KEY_LINE_RE.test(line.key)) return undefined;
  const m = /^([^:,。;]{2,40}):\s*\S/.exec(line.key);
  const names = m ? splitNames(sub(line, 0, m[1]!.length)) : undefined;
  return names?.every(orgLike) ? names : undefined;
}

/** How every role clause ends: a role word, a task verb after 共同/会同, or a unit word (为牵头单位). */
const ROLE_END =
  /(负责|牵头|落实|配合|协助|协同|参与|协办|承办|实施|推进|研究|编制|完成|开展|制定|主抓|分管|单位|部门|负总责)$/;

/** One clause in a role form, or undefined. */
export function roleClause(piece: Seg): { role: Role; names: Seg[] } | undefined {
  // Every form ends in a role or task verb and names short units: a long clause, or one ending otherwise, is prose
  // (and the lazy patterns below would cost quadratic time on it).
  if (piece.key.length > 160 || !ROLE_END.test(piece.key)) return undefined;
  const body = /^(由|请)/.test(piece.key) ? sub(piece, 1) : piece;
  const leader = /(负责|牵头|主抓|分管)$/.test(piece.key) ? LEADER_CLAUSE.exec(piece.key) : null;
  if (leader) {
    const start = piece.key.length - leader[0].length + (/^(由|请)/.test(leader[0]) ? 1 : 0);
    const names = splitNames(sub(piece, start, start + leader[1]!.length));
    const persons = names?.map(personName);
    const post = new RegExp(`^(?:分管|主管)?(?:${POST})$`);
    if (persons?.every((p) => /^[\u3400-\u9fff]{2,4}$/.test(p.key) || post.test(p.key))) {
      return { role: 'leaders', names: persons };
    }
  }
  const together = /共同|一起/.test(body.key) ? TOGETHER.exec(body.key) : null;
  if (together) {
    const left = splitNames(sub(body, 0, together[1]!.length));
    const at = body.key.indexOf(together[2]!, together[1]!.length);
    const right = splitNames(sub(body, at, at + together[2]!.length));
    if (left?.every(orgLike) && right?.every(orgLike)) return { role: 'support', names: [...left, ...right] };
  }
  const cooperate = /^(会同|协同|联合|配合)/.test(body.key) ? COOPERATE.exec(body.key) : null;
  if (cooperate) {
    const names = splitNames(sub(body, body.key.length - cooperate[0].length + 2, 2 + cooperate[1]!.length));
    if (names?.every(orgLike)) return { role: 'support', names };
    return undefined;
  }
  const roles = ['responsible', 'lead', 'support'] as const;
  const suffixed = ([RESPONSIBLE_SUFFIX, LEAD_SUFFIX, SUPPORT_SUFFIX] as const)
    .map((re, i) => ({ m: re.exec(body.key), i }))
    .find((x) => x.m !== null);
  if (!suffixed?.m) return undefined;
  const names = splitNames(sub(body, 0, suffixed.m[1]!.length));
  return names?.every(orgLike) ? { role: roles[suffixed.i]!, names } : undefined;
}

/** A clause of prose: a role form, or "由<units><verb>…" (the units lead). */
function proseClause(piece: Seg): { role: Role; names: Seg[] } | undefined {
  const read = roleClause(piece);
  if (read) return read;
  const units = byUnits(piece);
  return units ? { role: 'responsible', names: units } : undefined;
}

/**
 * The attribution a prose sentence gives its task ("由吴继德副市长负责,市环保局牵头,相关部门配合,细化分工…"):
 * every clause in a role form, when at least one of them names a lead or responsible unit. The sentence stays the
 * task's text; only what it says about roles is read.
 */
export function readProse(line: Seg): Attribution | undefined {
  const attr: Attribution = {};
  // "省发展改革委:负责联系南京市雨花台区": a unit, a colon, then the work it is responsible for.
  const subjects = /^[^:]+:\s*(?:负责|牵头)/.test(line.key) ? dutySubject(line) : undefined;
  if (subjects) attr.responsible = subjects.map((n) => n.raw);
  let start = 0;
  const clauses: Seg[] = [];
  // Clauses end at , ; 。 and at a colon ("加强组织领导:由县交通运输局牵头推进…": a label, then the sentence).
  for (const m of line.key.matchAll(/[,;。:]/g)) {
    clauses.push(trimSeg(sub(line, start, m.index)));
    start = m.index + 1;
  }
  clauses.push(trimSeg(sub(line, start)));
  for (const clause of clauses) {
    // "9月底前完成": the task's 时限, said in the same sentence.
    const due = DUE_PIECE_RE.test(clause.key) ? clause : PROSE_DUE_RE.exec(clause.key) ? clause : undefined;
    if (attr.due === undefined && due) attr.due = due.raw;
    const read = clause.key ? proseClause(clause) : undefined;
    if (!read) continue;
    attr[read.role] = [...new Set([...(attr[read.role] ?? []), ...read.names.map((n) => n.raw)])];
  }
  return attr.lead || attr.responsible ? attr : undefined;
}

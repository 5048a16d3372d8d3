/**
 * What a plan says about itself rather than about a measure: its header (title, issuer, 发布时间), its sign-off
 * (落款: issuer and date at the end), the overall evaluation and an indicator's score, rank and gaps, and the
 * supervision paragraph (联合督导组 members, the coordinating office). Read from the lines outside the measures.
 */
import type { Indicator, Plan } from '../domain/plan';
import { calendarDate } from './durations';
import { sentences, sub, trimSeg } from './doc-text';
import { LABELLED_DATE_RE, standaloneDate } from './doc-dates';
import { ORG_RE, orgLike, splitNames } from './doc-keywords';
import type { Line, ParseWarning, Seg } from './parse-types';

export interface SignOff {
  /** The lines without the sign-off. */
  lines: Line[];
  signedAt?: string;
  signedBy?: string;
}

/** The sign-off (落款): a last line that is only a date, and the issuer's name just above it. */
export function readSignOff(lines: Line[]): SignOff {
  const lastLine = lines[lines.length - 1];
  const signedAt = lastLine ? standaloneDate(lastLine.key) : undefined;
  if (!signedAt) return { lines };
  const rest = lines.slice(0, -1);
  const above = rest[rest.length - 1];
  if (above && above.key.length <= 30 && !/[。,;:!?]/.test(above.key) && ORG_RE.test(above.key)) {
    return { lines: rest.slice(0, -1), signedAt, signedBy: above.raw };
  }
  return { lines: rest, signedAt };
}

export interface Header {
  title?: string;
  issuer?: string;
  publishedAt?: string;
}

/**
 * Title, issuer and 发布时间 from the lines before the first section. The title is the 【…】-tagged line, else a
 * "关于…的通知" line, else a short line ending in 方案/清单/…; an issuer written before 关于 is split off. The page
 * banner's date ("今天是…") is chrome, never the publication date.
 */
export function readHeader(header: Line[], lines: Line[], signOff: SignOff, warnings: ParseWarning[]): Header {
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
  if (!issuer) issuer = issuerAbove(header, titleLine) ?? issuer;
  const issuerLine = lines.find((l) => /^(发文机关|发布机构|发文单位|发布单位)\s*:/.test(l.key));
  issuer ??= issuerLine ? trimSeg(sub(issuerLine, issuerLine.key.indexOf(':') + 1)).raw : signOff.signedBy;

  const dated = lines.map((l) => LABELLED_DATE_RE.exec(l.key)).find((m) => m !== null);
  const publishedAt = dated ? calendarDate(+dated[1]!, +dated[2]!, +dated[3]!) : signOff.signedAt;
  return { title, issuer, publishedAt };
}

/** An official document's issuer (发文机关) often stands on its own line above the title, a 文号 between them. */
function issuerAbove(header: Line[], titleLine: Line | undefined): string | undefined {
  const titleAt = titleLine ? header.indexOf(titleLine) : -1;
  const above = header
    .slice(Math.max(0, titleAt - 2), Math.max(0, titleAt))
    .filter((l) => !/\[\d{4}\]\d+号/.test(l.key));
  const line = above[above.length - 1];
  if (line && line.key.length <= 30 && !/[。,;:]/.test(line.key) && orgLike(line)) return line.raw;
  return undefined;
}

const NUM = '(-?\\d+(?:\\.\\d+)?)';

/** Score, rank and gaps from an indicator's prose ("得分为87.29分…排名第10位,较全省前沿值低4.00分…"). */
export function scoreOf(body: Line[]): Pick<Indicator, 'score' | 'rank' | 'gaps'> {
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
export function evaluationOf(lines: Line[]): Plan['evaluation'] {
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

/** 联合督导组 members ("X、Y、Z要组成联合督导组") and the coordinating office ("X要发挥好牵头作用,加强统筹协调"). */
export function supervisionOf(lines: Line[]): { supervisors: string[]; coordinator?: string } {
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

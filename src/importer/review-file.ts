/**
 * The review file: a review (review.ts) written as an editable YAML plan file (plan-file.ts, schemas/plan.schema.json)
 * that `duban import <file>.yaml` imports as it stands once every doubt is settled. Each doubt is a YAML comment
 * beside its measure, with its source line and an excerpt (`# ? no 牵头部门 … — line 13: "…"`); a measure without a
 * lead carries `lead: []` to fill in; doubts about the plan as a whole head the file. Comments are attached through
 * the `yaml` Document API, so the file stays valid YAML whatever the texts hold.
 */
import { Document, isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { Measure, Plan } from '../domain/plan';
import { firstSentence, type PlanFile } from './plan-file';
import type { Doubt, Review } from './review';

type MeasureFile = PlanFile['indicators'][number]['measures'][number];
type IndicatorFile = PlanFile['indicators'][number];

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * A canonical (or draft) plan as a plan file that imports back to it: every measure names its own lead; support,
 * leaders and due time only where they differ from what it would inherit; titles only where they are not the first
 * sentence of the text. Source line numbers are not part of a plan file (the review's comments carry them).
 */
export function planToFile(plan: Plan): PlanFile {
  return {
    id: plan.id,
    title: plan.title,
    ...(plan.issuer !== undefined ? { issuer: plan.issuer } : {}),
    ...(plan.publishedAt !== undefined ? { publishedAt: plan.publishedAt } : {}),
    defaultDueAt: plan.defaultDueAt,
    ...(plan.evaluation !== undefined ? { evaluation: plan.evaluation } : {}),
    supervisors: plan.supervisors,
    ...(plan.coordinator !== undefined ? { coordinator: plan.coordinator } : {}),
    indicators: plan.indicators.map((ind) => indicatorToFile(ind, plan.defaultDueAt)),
  };
}

function indicatorToFile(ind: Plan['indicators'][number], defaultDueAt: string | null): IndicatorFile {
  return {
    code: ind.code,
    name: ind.name,
    ...(ind.leaders.length > 0 ? { leaders: ind.leaders } : {}),
    ...(ind.lead.length > 0 ? { lead: ind.lead } : {}),
    ...(ind.support.length > 0 ? { support: ind.support } : {}),
    ...(ind.score !== undefined ? { score: ind.score } : {}),
    ...(ind.rank !== undefined ? { rank: ind.rank } : {}),
    ...(ind.gaps !== undefined ? { gaps: ind.gaps } : {}),
    ...(ind.problems.length > 0
      ? {
          problems: ind.problems.map((p, k) => ({
            ...(p.number !== k + 1 ? { number: p.number } : {}),
            ...(p.title !== firstSentence(p.text) ? { title: p.title } : {}),
            text: p.text,
          })),
        }
      : {}),
    measures: ind.measures.map((m) => measureToFile(m, ind, defaultDueAt)),
  };
}

function measureToFile(m: Measure, ind: Plan['indicators'][number], defaultDueAt: string | null): MeasureFile {
  const out: MeasureFile = { id: m.id };
  if (m.title !== firstSentence(m.text)) out.title = m.title;
  out.text = m.text;
  out.lead = m.lead;
  if (!sameList(m.support, ind.support)) out.support = m.support;
  if (!sameList(m.leaders, ind.leaders)) out.leaders = m.leaders;
  if (m.dueAt !== defaultDueAt) out.dueAt = m.dueAt;
  if (m.dueText !== undefined) out.dueText = m.dueText;
  return out;
}

export interface ReviewFileSource {
  /** The document's file name, for the header. */
  filename?: string;
  /** The file the review is written to, for the header's next step. */
  reviewFile?: string;
}

/** The review as YAML text, doubts as comments (see the module comment). */
export function reviewFileText(review: Review, source: ReviewFileSource = {}): string {
  const doc = new Document(planToFile(review.plan));
  const placed = placeDoubts(review);
  doc.commentBefore = headerComment(review, placed.planWide, source);
  review.plan.indicators.forEach((ind, i) => {
    ind.measures.forEach((m, j) => {
      const node = doc.getIn(['indicators', i, 'measures', j], true);
      if (!isMap(node)) return;
      const doubts = placed.byMeasure.get(m) ?? [];
      // Several doubts about one line quote it once.
      const lines = doubts.map((d, k) => ` ${doubtText(d, m.id, k > 0 && doubts[k - 1]!.line === d.line)}`);
      if (lines.length > 0) node.commentBefore = lines.join('\n');
      if (m.lead.length === 0) {
        const lead = node.get('lead', true) as YamlNode | undefined;
        if (lead) lead.comment = ' ? fill in the 牵头部门 (lead department)';
      }
    });
  });
  flowNameLists(doc.contents);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Each doubt beside its measure (by id; among measures sharing an id, the last one starting at or above its line). */
function placeDoubts(review: Review): { byMeasure: Map<Measure, Doubt[]>; planWide: Doubt[] } {
  const measures = review.plan.indicators.flatMap((i) => i.measures);
  const byMeasure = new Map<Measure, Doubt[]>();
  const planWide: Doubt[] = [];
  for (const d of review.doubts) {
    const candidates = measures.filter((m) => m.id === d.measureId);
    const target =
      candidates.filter((m) => m.line !== undefined && d.line !== undefined && m.line <= d.line).pop() ?? candidates[0];
    if (target) byMeasure.set(target, [...(byMeasure.get(target) ?? []), d]);
    else planWide.push(d);
  }
  return { byMeasure, planWide };
}

/**
 * `? <message> — line 13: "<excerpt>"`; beside measure 2.3, its own "measure 2.3:" prefix is left out; `quoted`: the
 * doubt above already quoted that line.
 */
function doubtText(d: Doubt, measureId?: string, quoted = false): string {
  let message = d.message;
  if (measureId !== undefined)
    message = message.replace(new RegExp(`^measure ${measureId.replace('.', '\\.')}:? `), '');
  const excerpt = d.excerpt && !quoted ? `: "${d.excerpt}"` : '';
  const where = d.line === undefined ? '' : ` — line ${d.line}${excerpt}`;
  return `? ${message}${where}`;
}

function headerComment(review: Review, planWide: Doubt[], source: ReviewFileSource): string {
  const without = review.plan.indicators.flatMap((i) => i.measures).filter((m) => m.lead.length === 0).length;
  const lines = [
    `duban review${source.filename ? ` of ${source.filename}` : ''}: the plan as far as it could be read.`,
    'Each "# ?" comment is a doubt, with its line in the source. Settle every doubt: fill in each `lead: []`,',
    `correct what was misread, then import this file${source.reviewFile ? `: duban import ${source.reviewFile}` : ''}.`,
    `${review.doubts.length} doubt(s); ${without} measure(s) without a lead.`,
  ];
  if (planWide.length > 0) lines.push('', 'About the plan as a whole:', ...planWide.map((d) => doubtText(d)));
  return lines.map((l) => (l === '' ? '' : ` ${l}`)).join('\n');
}

/** Lists of names (lead, support, leaders, supervisors) as one-line flow sequences: `lead: [甲局, 乙局]`. */
function flowNameLists(node: unknown): void {
  if (isSeq(node)) {
    if (node.items.every((item) => !isMap(item) && !isSeq(item))) node.flow = true;
    else node.items.forEach(flowNameLists);
  } else if (isMap(node)) {
    for (const pair of node.items) flowNameLists(pair.value);
  }
}

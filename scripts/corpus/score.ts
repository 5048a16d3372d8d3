/**
 * Scores the importer against the corpus's answer keys (tests/corpus/README.md): pure, so the `npm run corpus`
 * report and the test that keeps its figure from falling share one definition of every number.
 *
 * - Key measures are matched one-to-one to parsed measures by their `title` (a verbatim run of the measure's text),
 *   compared without whitespace and with full-width forms folded (NFKC), earliest parsed measure first.
 * - Role-aware F1 counts (measure, role, unit) triples for the roles lead and support: a unit in the right measure
 *   but the wrong role is both a miss and a false alarm. Unmatched key measures miss all their triples, parsed
 *   measures no key names add all of theirs as false alarms.
 * - Leader and deadline accuracy are the share of key measures whose parsed measure has exactly the key's leaders,
 *   and the key's deadline (an own date, the ongoing word kept, or no own 时限 when the key says null).
 */
import { z } from 'zod';
import type { Measure } from '../../src/domain/plan';

export const KeyMeasureSchema = z.strictObject({
  number: z.string(),
  title: z.string().min(4),
  lead: z.array(z.string().min(1)),
  support: z.array(z.string().min(1)),
  leaders: z.array(z.string().min(1)),
  deadline: z.union([z.iso.date(), z.enum(['长期坚持', '持续推进', '立行立改', '常态化']), z.null()]),
});
export type KeyMeasure = z.infer<typeof KeyMeasureSchema>;

export const CorpusKeySchema = z.strictObject({
  source: z.url(),
  kind: z.string().min(1),
  year: z.int().min(1990).max(2100),
  shapes: z.array(z.string().min(1)),
  measures: z.array(KeyMeasureSchema).min(1),
  /** Why a reading was doubtful, for people keeping the key (not scored). */
  notes: z.array(z.string()).optional(),
});
export type CorpusKey = z.infer<typeof CorpusKeySchema>;

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface DocumentScore {
  expected: number;
  found: number;
  matched: number;
  triples: Counts;
  leadersRight: number;
  deadlinesRight: number;
  /** The first error when the importer refused the document. */
  refused?: string;
  /** Key measures that matched no parsed measure (their titles). */
  missing: string[];
  /** Per matched measure, what differs (for the report's detail view). */
  diffs: string[];
}

export const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

const ONGOING_WORDS = new Set(['长期坚持', '持续推进', '常态化']);

function deadlineRight(key: KeyMeasure['deadline'], m: Measure): boolean {
  if (key === null) return m.dueText === undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return m.dueText !== undefined && m.dueAt?.slice(0, 10) === key;
  const said = norm(m.dueText ?? '').includes(key);
  return ONGOING_WORDS.has(key) ? said && m.dueAt === null : said;
}

const sameSet = (a: string[], b: string[]) => {
  const x = new Set(a.map(norm));
  const y = new Set(b.map(norm));
  return x.size === y.size && [...x].every((v) => y.has(v));
};

function roleCounts(key: string[], got: string[]): Counts {
  const k = new Set(key.map(norm));
  const g = new Set(got.map(norm));
  const tp = [...k].filter((u) => g.has(u)).length;
  return { tp, fn: k.size - tp, fp: g.size - tp };
}

export const addCounts = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
export const f1 = (c: Counts) => (c.tp === 0 ? (c.fp + c.fn === 0 ? 1 : 0) : (2 * c.tp) / (2 * c.tp + c.fp + c.fn));

/** Scores one document: its key against the measures the importer read (none when it refused the document). */
export function scoreDocument(key: CorpusKey, measures: Measure[], refused?: string): DocumentScore {
  const pool = measures.map((m) => ({ m, text: norm(`${m.title}${m.text}`), used: false }));
  let triples: Counts = { tp: 0, fp: 0, fn: 0 };
  let leadersRight = 0;
  let deadlinesRight = 0;
  const missing: string[] = [];
  const diffs: string[] = [];
  for (const k of key.measures) {
    const title = norm(k.title);
    const hit =
      pool.find((p) => !p.used && p.text.startsWith(title)) ?? pool.find((p) => !p.used && p.text.includes(title));
    if (!hit) {
      missing.push(k.title);
      triples = addCounts(triples, {
        tp: 0,
        fp: 0,
        fn: new Set(k.lead.map(norm)).size + new Set(k.support.map(norm)).size,
      });
      continue;
    }
    hit.used = true;
    const m = hit.m;
    triples = addCounts(addCounts(triples, roleCounts(k.lead, m.lead)), roleCounts(k.support, m.support));
    if (sameSet(k.leaders, m.leaders)) leadersRight++;
    if (deadlineRight(k.deadline, m)) deadlinesRight++;
    const d: string[] = [];
    if (!sameSet(k.lead, m.lead)) d.push(`lead ${JSON.stringify(m.lead)} ≠ ${JSON.stringify(k.lead)}`);
    if (!sameSet(k.support, m.support)) d.push(`support ${JSON.stringify(m.support)} ≠ ${JSON.stringify(k.support)}`);
    if (!sameSet(k.leaders, m.leaders)) d.push(`leaders ${JSON.stringify(m.leaders)} ≠ ${JSON.stringify(k.leaders)}`);
    if (!deadlineRight(k.deadline, m)) d.push(`deadline ${m.dueAt ?? 'null'} (${m.dueText ?? '—'}) ≠ ${k.deadline}`);
    if (d.length > 0) diffs.push(`${k.number} ${k.title}: ${d.join('; ')}`);
  }
  for (const p of pool.filter((x) => !x.used)) {
    triples = addCounts(triples, {
      tp: 0,
      fn: 0,
      fp: new Set(p.m.lead.map(norm)).size + new Set(p.m.support.map(norm)).size,
    });
  }
  return {
    expected: key.measures.length,
    found: measures.length,
    matched: key.measures.length - missing.length,
    triples,
    leadersRight,
    deadlinesRight,
    refused,
    missing,
    diffs,
  };
}

export interface CorpusTotals {
  documents: number;
  refused: number;
  expected: number;
  found: number;
  matched: number;
  f1: number;
  leaderAccuracy: number;
  deadlineAccuracy: number;
}

export function totals(scores: DocumentScore[]): CorpusTotals {
  const sum = (f: (s: DocumentScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  const expected = sum((s) => s.expected);
  return {
    documents: scores.length,
    refused: scores.filter((s) => s.refused !== undefined).length,
    expected,
    found: sum((s) => s.found),
    matched: sum((s) => s.matched),
    f1: f1(scores.reduce<Counts>((c, s) => addCounts(c, s.triples), { tp: 0, fp: 0, fn: 0 })),
    leaderAccuracy: expected === 0 ? 1 : sum((s) => s.leadersRight) / expected,
    deadlineAccuracy: expected === 0 ? 1 : sum((s) => s.deadlinesRight) / expected,
  };
}

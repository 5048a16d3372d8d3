/**
 * `npm run corpus [-- --json] [-- --verbose] [-- <slug filter>]`: how well the importer reads the real documents
 * of tests/corpus — per document and overall: measures found/expected/matched, role-aware F1 of
 * (measure, role, unit), leader and deadline accuracy, and which documents it refused and why.
 */
import { scoreCorpus, loadCorpus } from './corpus/load';
import { f1, totals } from './corpus/score';

const args = process.argv.slice(2);
const json = args.includes('--json');
const verbose = args.includes('--verbose') || args.includes('-v');
const filter = args.find((a) => !a.startsWith('-'));

const scores = scoreCorpus(loadCorpus().filter((d) => filter === undefined || d.slug.includes(filter)));
const all = totals(scores);

if (json) {
  console.log(JSON.stringify({ totals: all, documents: scores }, null, 2));
} else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const s of scores) {
    const head =
      `${s.slug.padEnd(44)} ${String(s.matched).padStart(3)}/${String(s.expected).padEnd(3)} found ${String(s.found).padStart(3)}` +
      `  F1 ${f1(s.triples).toFixed(2)}  leaders ${s.leadersRight}/${s.expected}  deadlines ${s.deadlinesRight}/${s.expected}`;
    console.log(s.refused ? `${head}  REFUSED: ${s.refused}` : head);
    if (verbose) {
      for (const m of s.missing) console.log(`    missing: ${m}`);
      for (const d of s.diffs) console.log(`    ${d}`);
    }
  }
  console.log(
    `\n${all.documents} documents, ${all.refused} refused; measures matched ${all.matched}/${all.expected} ` +
      `(found ${all.found}); role-aware F1 ${all.f1.toFixed(3)}; leaders ${pct(all.leaderAccuracy)}; ` +
      `deadlines ${pct(all.deadlineAccuracy)}`,
  );
}

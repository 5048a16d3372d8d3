/**
 * Reads the corpus (tests/corpus/<slug>.txt + <slug>.key.json), checks each key against its schema and its text,
 * and runs the importer's parser on every document: the one path `npm run corpus` and the corpus test share.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatIssue, parsePlanSource } from '../../src/importer/parse';
import { CorpusKeySchema, norm, scoreDocument, type CorpusKey, type DocumentScore } from './score';

export const CORPUS_DIR = path.join(__dirname, '..', '..', 'tests', 'corpus');

/** The first line of every excerpt names its source; it is not part of the document. */
const SOURCE_LINE = /^来源[:：]\s*(\S+)\s*$/;

/** "Now" for every parse: a year after every document, so a deadline read in the current year shows as wrong. */
const NOW = new Date('2026-12-01T00:00:00+08:00');

export interface CorpusDocument {
  slug: string;
  text: string;
  key: CorpusKey;
}

export function loadCorpus(dir = CORPUS_DIR): CorpusDocument[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const slug = file.replace(/\.txt$/, '');
      const raw = readFileSync(path.join(dir, file), 'utf8').replace(/^\uFEFF/, '');
      const [first = '', ...rest] = raw.split('\n');
      const source = SOURCE_LINE.exec(first.trim())?.[1];
      if (!source) throw new Error(`${file}: line 1 must be "来源: <address>"`);
      const parsed = CorpusKeySchema.safeParse(JSON.parse(readFileSync(path.join(dir, `${slug}.key.json`), 'utf8')));
      if (!parsed.success) throw new Error(`${slug}.key.json: ${parsed.error.message}`);
      const key = parsed.data;
      if (key.source !== source) throw new Error(`${slug}: the key's source is not the excerpt's line 1`);
      const text = rest.join('\n');
      const body = norm(text);
      for (const m of key.measures) {
        if (!body.includes(norm(m.title))) throw new Error(`${slug}: key title "${m.title}" is not in the text`);
      }
      return { slug, text, key };
    });
}

export interface ScoredDocument extends DocumentScore {
  slug: string;
  kind: string;
  shapes: string[];
}

export function scoreCorpus(docs: CorpusDocument[] = loadCorpus()): ScoredDocument[] {
  return docs.map(({ slug, text, key }) => {
    const result = parsePlanSource(text, { filename: `${slug}.txt`, now: NOW });
    const measures = result.ok ? result.plan.indicators.flatMap((i) => i.measures) : [];
    const refused = result.ok ? undefined : result.errors.slice(0, 3).map(formatIssue).join(' | ');
    return { slug, kind: key.kind, shapes: key.shapes, ...scoreDocument(key, measures, refused) };
  });
}

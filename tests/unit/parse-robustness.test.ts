/**
 * The document parser meets texts nobody wrote a fixture for. Whatever the text — every fixture and the seed cut,
 * shuffled, duplicated, re-punctuated, turned into tables — it answers with a plan that passes the zod model or
 * with errors, never an exception, and every line it cites exists in that text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { PlanSchema } from '../../src/domain/plan';
import { parsePlanSource, type ParseResult } from '../../src/importer/parse';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'plans');
const SEED = path.resolve(__dirname, '..', '..', 'seeds', 'xinxiang-hitech-2020-rectification-plan.txt');
const documents = [
  readFileSync(SEED, 'utf8'),
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(path.join(FIXTURES, f), 'utf8')),
];
const NOW = new Date('2026-11-29T00:00:00Z');

/** What a person's editing, copying and pasting does to a document, line by line. */
type Edit =
  | { kind: 'drop' | 'duplicate' | 'blank-after' | 'to-tabs' | 'to-pipes' | 'half-width' | 'cut'; at: number }
  | { kind: 'swap'; at: number; with: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('drop', 'duplicate', 'blank-after', 'to-tabs', 'to-pipes', 'half-width', 'cut'),
    at: fc.nat(),
  }) as fc.Arbitrary<Edit>,
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
);

function apply(lines: string[], e: Edit): string[] {
  if (lines.length === 0) return lines;
  const i = e.at % lines.length;
  const out = [...lines];
  const line = out[i]!;
  switch (e.kind) {
    case 'drop':
      out.splice(i, 1);
      break;
    case 'duplicate':
      out.splice(i, 0, line);
      break;
    case 'blank-after':
      out.splice(i + 1, 0, '');
      break;
    case 'to-tabs':
      out[i] = line.replace(/[，。；、：]/g, '\t');
      break;
    case 'to-pipes':
      out[i] = `| ${line.replace(/[，。；]/g, ' | ')} |`;
      break;
    case 'half-width':
      out[i] = line.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
      break;
    case 'cut':
      out.splice(i, 1, line.slice(0, Math.ceil(line.length / 2)), line.slice(Math.ceil(line.length / 2)));
      break;
    case 'swap': {
      const j = e.with % lines.length;
      [out[i], out[j]] = [out[j]!, out[i]!];
      break;
    }
  }
  return out;
}

/** How the parser answered, for the figures line (docs/RELIABILITY.md). */
const answered = { inputs: 0, plans: 0, refused: 0 };

function checkAnswer(text: string, result: ParseResult) {
  answered.inputs += 1;
  answered[result.ok ? 'plans' : 'refused'] += 1;
  const lineCount = text.split(/\r\n|\n|\r/).length;
  const cited = [...result.warnings, ...(result.ok ? [] : result.errors)].map((i) => i.line);
  for (const line of cited) if (line !== undefined) expect(line).toBeGreaterThanOrEqual(1);
  for (const line of cited) if (line !== undefined) expect(line).toBeLessThanOrEqual(lineCount);
  if (result.ok) expect(PlanSchema.safeParse(result.plan).success).toBe(true);
  else expect(result.errors.length).toBeGreaterThan(0);
}

describe('the document parser on edited documents', () => {
  afterAll(() => {
    console.log(
      `[hostile figures] parser: inputs=${answered.inputs} plans=${answered.plans} refused=${answered.refused}`,
    );
  });

  it('answers every edited fixture with a valid plan or errors, citing real lines', () => {
    fc.assert(
      fc.property(fc.nat(documents.length - 1), fc.array(edit, { minLength: 1, maxLength: 12 }), (d, edits) => {
        const text = edits.reduce(apply, documents[d]!.split('\n')).join('\n');
        checkAnswer(text, parsePlanSource(text, { filename: 'edited.txt', now: NOW }));
      }),
      { numRuns: 400 },
    );
  });

  it('answers arbitrary text, including control characters and lone surrogates, without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        checkAnswer(text, parsePlanSource(text, { filename: 'noise.txt', now: NOW }));
      }),
      { numRuns: 400 },
    );
  });
});

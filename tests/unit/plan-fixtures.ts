// Shared by the document-parser tests: the fixture plans (tests/fixtures/plans/) and unwrapping a parse result.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan } from '../../src/domain/plan';
import { parsePlanSource, type ParseOptions, type ParseResult } from '../../src/importer/parse';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'plans');

export const readFixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Parses a fixture as the CLI would: its file name chooses the format and the plan id. */
export function parseFixture(name: string, opts: ParseOptions = {}): ParseResult {
  return parsePlanSource(readFixture(name), { filename: name, ...opts });
}

/** The plan of a successful parse; a failed one fails the test with its errors. */
export function planOf(result: ParseResult): Plan {
  if (!result.ok) throw new Error(`expected a plan, got errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

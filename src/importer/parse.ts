/**
 * The importer's entry point: one text in (a Chinese plan document, a JSON or a YAML plan file), one ParseResult out.
 * Pure — no file system, no Temporal: the CLI and the HTTP API read the bytes and hand the text here, so both import
 * exactly the same way and `--dry-run` shows exactly what would start.
 */
import { LineCounter, parseDocument as parseYamlDocument, isNode, type Document } from 'yaml';
import { checkText } from './doc-checks';
import { parseDocument } from './parse-document';
import type { ParseError, ParseOptions, ParseResult } from './parse-types';
import { parsePlanFile } from './plan-file';

export type { ParseError, ParseOptions, ParseResult, ParseWarning } from './parse-types';

export type PlanSourceFormat = 'document' | 'json' | 'yaml';

/** "line 12: …" / "indicators.0.lead: …" — one issue as a single human-readable line. */
export function formatIssue(issue: ParseError): string {
  return issue.line === undefined ? issue.message : `line ${issue.line}: ${issue.message}`;
}

/**
 * The format of a source: by extension when there is one we know, else by content (a JSON object starts with "{",
 * a YAML plan's first line is an ASCII key; anything else is a document).
 */
export function detectFormat(text: string, filename?: string): PlanSourceFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename ?? '')?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (['txt', 'text', 'md', 'docx', 'xlsx'].includes(ext ?? '')) return 'document';
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*[{[]/.test(body)) return 'json';
  const firstLine = body.split(/\r\n|\n|\r/).find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (firstLine !== undefined && /^(---|%YAML|[A-Za-z_$][\w$-]*\s*:(\s|$))/.test(firstLine)) return 'yaml';
  return 'document';
}

/** Parses a plan from text: a Chinese rectification-plan document, or a JSON/YAML plan file. */
export function parsePlanSource(text: string, opts: ParseOptions = {}): ParseResult {
  const fatal = checkText(text);
  if (fatal) return { ok: false, errors: [fatal], warnings: [] };
  const body = text.replace(/^\uFEFF/, '');
  const format = detectFormat(body, opts.filename);
  if (format === 'document') return parseDocument(body, opts);
  if (format === 'json') return parseJsonSource(body, opts);
  return parseYamlSource(body, opts);
}

function parseJsonSource(text: string, opts: ParseOptions): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Node reports "… at position N" (older) or "… (line L column C)" (newer): keep whichever it gives.
    const lineMatch = /line (\d+)/.exec(message);
    const posMatch = /position (\d+)/.exec(message);
    const line = lineMatch
      ? Number(lineMatch[1])
      : posMatch
        ? text.slice(0, Number(posMatch[1])).split(/\r\n|\n|\r/).length
        : undefined;
    return { ok: false, errors: [{ line, message: `not valid JSON: ${message}` }], warnings: [] };
  }
  return parsePlanFile(data, opts);
}

function parseYamlSource(text: string, opts: ParseOptions): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        message: `not valid YAML: ${e.message.split('\n')[0] ?? e.code}`,
      })),
      warnings: [],
    };
  }
  const warnings = doc.warnings.map((w) => ({ line: lineCounter.linePos(w.pos[0]).line, message: w.message }));
  let data: unknown;
  try {
    // The yaml library refuses alias bombs ("billion laughs": maxAliasCount) here; that is bad input, said as such.
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    return { ok: false, errors: [{ message: `not a usable YAML plan file: ${(err as Error).message}` }], warnings };
  }
  const result = parsePlanFile(data, opts, (path) => yamlLine(doc, lineCounter, path));
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

/** The line of the YAML node at a schema path (or of its nearest existing parent), for error messages. */
function yamlLine(doc: Document, lineCounter: LineCounter, path: ReadonlyArray<string | number>): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

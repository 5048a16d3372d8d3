/**
 * Sanity checks on a plan source's text before anything reads it: empty input, binary files and text decoded with
 * the wrong encoding are refused at once with one clear error (a confusing "no measures found" later helps nobody).
 * Used by parse.ts for every format and by the document parser.
 */
import type { ParseError } from './parse-types';

/** Empty input and binary/garbled bytes are fatal before any parsing: a clear error beats a confusing one later. */
export function checkText(text: string): ParseError | undefined {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return { message: 'the plan source is empty' };
  const nul = body.indexOf('\u0000');
  if (nul >= 0) {
    return {
      line: lineAt(body, nul),
      message: 'the plan source contains NUL bytes: it looks like a binary file (e.g. .doc/.pdf), not text',
    };
  }
  const bad = [...body.matchAll(/\uFFFD/g)];
  // C0 controls other than tab/newline/CR never occur in a text document; they mark bytes decoded as text.
  // eslint-disable-next-line no-control-regex
  const controls = [...body.matchAll(/[\u0001-\u0008\u000E-\u001F]/g)];
  if (bad.length + controls.length > Math.max(3, body.length / 100)) {
    const first = [...bad, ...controls].sort((a, b) => a.index - b.index)[0];
    return {
      line: first ? lineAt(body, first.index) : undefined,
      message:
        `the plan source is not readable text (${bad.length} replacement characters "\uFFFD", ` +
        `${controls.length} control characters): save it as UTF-8 text`,
    };
  }
  return undefined;
}

const lineAt = (text: string, index: number) => text.slice(0, index).split(/\r\n|\n|\r/).length;

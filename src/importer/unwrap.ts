/**
 * Text copied out of a PDF breaks every paragraph into lines of the page's width, at arbitrary points — mid-sentence,
 * even mid-name ("…由县发展改革\n委牵头…"). This module joins such lines back into paragraphs. Pure.
 *
 * What marks a wrapped document, and a wrapped line in it:
 * - The document has a *wrap width* W: at least 4 lines, and at least half of all lines of width 15 or more (CJK
 *   characters 1, ASCII 0.5), fall in one 3-character window of widths, and almost no line (at most 1 in 10) is
 *   more than 2 characters wider than that window; W is the widest line up to there. A web page or a Word export
 *   has no such width: its paragraphs are single lines of every length (the seed's run from 100 to 1,000
 *   characters), so nothing there is ever joined.
 * - In a wrapped document a line is joined to the next physical line when it is *full* (width ≥ W − 3: the first
 *   line of a paragraph loses its 2-character indent) and does not end a sentence (。；;！？:：, or a closing
 *   attribution bracket such as "（牵头部门：X）"), and the next line does not start a block of its own (a numbering
 *   marker, a "牵头部门："-type key, a blank line). A line with an unclosed bracket always continues: "（牵头单位：" at
 *   a line end cannot be the end of anything.
 * Short lines (headings, "责任领导：王振海", the last line of a paragraph) are never joined onto, so a wrong guess can
 * only merge two full-width, unpunctuated lines. A full-width key line ("配合部门：…、自然资源规划建") is wrapped like
 * any paragraph and is joined too.
 *
 * A joined paragraph keeps the number of the line where it starts: warnings cite that line.
 */
import type { Line } from './doc-text';

export interface UnwrapOptions {
  /** Lines that start a block of their own (a numbered item, a key line): never joined onto the line above. */
  startsBlock: (line: Line) => boolean;
  /** Lines whose end closes a paragraph although it is not punctuation (e.g. a closing attribution bracket). */
  endsParagraph?: (line: Line) => boolean;
}

/** Display width in CJK characters: ASCII counts half (measure the raw line: the matching copy is half-width). */
export function lineWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) < 0x2000 ? 0.5 : 1;
  return w;
}

/** The wrap width of a PDF copy (see the module comment), or undefined when the lines are not wrapped. */
export function wrapWidth(lines: Line[]): number | undefined {
  const widths = lines.map((l) => lineWidth(l.raw)).filter((w) => w >= 15);
  if (widths.length < 4) return undefined;
  let best: { w: number; near: number } | undefined;
  for (const w of new Set(widths.map(Math.ceil))) {
    const near = widths.filter((x) => x > w - 3 && x <= w).length;
    if (!best || near > best.near || (near === best.near && w > best.w)) best = { w, near };
  }
  if (!best || best.near < 4 || best.near * 2 < widths.length) return undefined;
  // The densest window sits on the indented first lines as often as on the full ones: the width is the fullest line
  // within 2 characters above it.
  const cap = best.w + 2;
  const longer = widths.filter((x) => x > cap).length;
  return longer * 10 <= widths.length ? Math.max(...widths.filter((x) => x <= cap)) : undefined;
}

const SENTENCE_END = /[。;!?:]$/;

/** Unclosed ( [ 【 in a matching copy. */
function openBrackets(key: string): number {
  let depth = 0;
  for (const c of key) {
    if (c === '(' || c === '[' || c === '【') depth++;
    else if ((c === ')' || c === ']' || c === '】') && depth > 0) depth--;
  }
  return depth;
}

/**
 * Joins the wrapped lines of a PDF copy. `lines` are the non-empty lines in document order with their 1-based
 * numbers; lines that are not physically adjacent (a blank line or a table between them) are never joined.
 */
export function unwrapLines(lines: Line[], opts: UnwrapOptions): { lines: Line[]; joined: number } {
  const width = wrapWidth(lines);
  if (width === undefined) return { lines, joined: 0 };
  const out: Line[] = [];
  let joined = 0;
  let lastNo = -1;
  let last: Line | undefined;
  for (const line of lines) {
    const prev = out[out.length - 1];
    const continues =
      prev !== undefined &&
      last !== undefined &&
      line.no === lastNo + 1 &&
      (openBrackets(prev.key) > 0 ||
        (!opts.startsBlock(line) &&
          lineWidth(last.raw) >= width - 3 &&
          !SENTENCE_END.test(last.key) &&
          !(opts.endsParagraph?.(last) ?? false)));
    if (continues) {
      out[out.length - 1] = { raw: prev.raw + line.raw, key: prev.key + line.key, no: prev.no };
      joined += 1;
    } else {
      out.push(line);
    }
    last = line;
    lastNo = line.no;
  }
  return { lines: out, joined };
}

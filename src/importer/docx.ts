/**
 * A Word document (.docx) → the plain text the document parser reads, as if the official had copied it out of Word:
 * one line per paragraph, Word's automatic numbering written out ("一、", "1.", "（1）"), each table row as one
 * tab-separated line (a cell with several paragraphs quoted the way Excel copies it, which parse-table reads) and a
 * blank line after each table. Pure: bytes in, text out; no I/O.
 *
 * Reads word/document.xml, and word/numbering.xml and word/styles.xml for automatic numbering (a paragraph's own
 * w:numPr, or its style's). Deleted text of tracked changes (w:delText) is left out; inserted text is kept. Text in
 * text boxes, headers, footers, footnotes and tables nested inside a cell is not read. Line numbers in warnings
 * count these lines.
 */
import { strFromU8 } from 'fflate';
import { readZip, ZipLimitError } from './zip-guard';
import { tsvRow } from './tsv';

export class DocxError extends Error {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Whether `bytes` is a zip container (a .docx is one), so callers need not trust a file extension alone. */
export function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/** The value of attribute `w:name` in a tag's source, if any. */
const attr = (tag: string, name: string) => new RegExp(`\\bw:${name}="([^"]*)"`).exec(tag)?.[1];

/** The w:val of the first `<w:element …>` in `xml` (a property such as w:numId or w:pStyle), if any. */
const valOf = (xml: string, element: string) => attr(new RegExp(`<w:${element}\\b[^>]*>`).exec(xml)?.[0] ?? '', 'val');

/** A w:numPr's list and level. */
function numPrOf(numPr: string): { numId: string; ilvl: number } | undefined {
  const numId = valOf(numPr, 'numId');
  return numId === undefined ? undefined : { numId, ilvl: Number(valOf(numPr, 'ilvl') ?? 0) };
}

// ---- automatic numbering ----------------------------------------------------------------------------------------

interface Level {
  start: number;
  format: string;
  text: string;
}

interface Numbering {
  /** numId → its abstract list's levels (by ilvl). */
  levels: Map<string, Map<number, Level>>;
  /** Paragraph style id → the numPr its definition carries. */
  styleNum: Map<string, { numId: string; ilvl: number }>;
}

function readNumbering(numberingXml: string | undefined, stylesXml: string | undefined): Numbering {
  const abstract = new Map<string, Map<number, Level>>();
  for (const m of (numberingXml ?? '').matchAll(/<w:abstractNum\b([^>]*)>([\s\S]*?)<\/w:abstractNum>/g)) {
    const levels = new Map<number, Level>();
    for (const l of m[2]!.matchAll(/<w:lvl\b([^>]*)>([\s\S]*?)<\/w:lvl>/g)) {
      const body = l[2]!;
      levels.set(Number(attr(l[1]!, 'ilvl') ?? 0), {
        start: Number(valOf(body, 'start') ?? 1),
        format: valOf(body, 'numFmt') ?? 'decimal',
        text: unescapeXml(valOf(body, 'lvlText') ?? ''),
      });
    }
    abstract.set(attr(m[1]!, 'abstractNumId') ?? '', levels);
  }
  const levels = new Map<string, Map<number, Level>>();
  for (const m of (numberingXml ?? '').matchAll(/<w:num\b([^>]*)>([\s\S]*?)<\/w:num>/g)) {
    const abstractId = valOf(m[2]!, 'abstractNumId');
    const found = abstractId === undefined ? undefined : abstract.get(abstractId);
    if (found) levels.set(attr(m[1]!, 'numId') ?? '', found);
  }
  const styleNum = new Map<string, { numId: string; ilvl: number }>();
  for (const m of (stylesXml ?? '').matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(m[2]!)?.[1];
    const list = numPr === undefined ? undefined : numPrOf(numPr);
    const id = attr(m[1]!, 'styleId');
    if (list && id) styleNum.set(id, list);
  }
  return { levels, styleNum };
}

const CN_DIGITS = '〇一二三四五六七八九';
function chinese(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
  return String(n);
}
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const ROMAN: Array<[number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
]; // prettier-ignore
function roman(n: number): string {
  let out = '';
  for (const [value, digits] of ROMAN) for (; n >= value; n -= value) out += digits;
  return out;
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'chineseCounting':
    case 'chineseCountingThousand':
    case 'chineseLegalSimplified':
    case 'ideographTraditional':
    case 'japaneseCounting':
      return chinese(n);
    case 'decimalEnclosedCircle':
    case 'decimalEnclosedCircleChinese':
      return CIRCLED[n - 1] ?? String(n);
    case 'upperLetter':
      return String.fromCharCode(64 + (((n - 1) % 26) + 1));
    case 'lowerLetter':
      return String.fromCharCode(96 + (((n - 1) % 26) + 1));
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'decimalFullWidth':
      return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    default:
      return String(n);
  }
}

/** Keeps the counters of every list and writes out a numbered paragraph's label, as Word displays it. */
class Counters {
  private readonly counts = new Map<string, number[]>();
  constructor(private readonly numbering: Numbering) {}

  label(numId: string, ilvl: number): string {
    const levels = this.numbering.levels.get(numId);
    const level = levels?.get(ilvl);
    if (!levels || !level || numId === '0') return ''; // numId 0: numbering switched off
    const counts = this.counts.get(numId) ?? [];
    counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl] + 1;
    counts.length = ilvl + 1; // deeper levels restart
    this.counts.set(numId, counts);
    if (level.format === 'bullet' || level.format === 'none') return '';
    return level.text.replace(/%(\d)/g, (_, d: string) => {
      const i = Number(d) - 1;
      const at = levels.get(i);
      return formatNumber(counts[i] ?? at?.start ?? 1, at?.format ?? 'decimal');
    });
  }
}

// ---- document body ----------------------------------------------------------------------------------------------

/** The text of a paragraph's runs: w:t, tabs and breaks, in order (deleted text is w:delText and not read). */
function runText(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:tab\/>|<w:(?:br|cr)\b[^>]*\/>/g)) {
    if (m[1] !== undefined) out += unescapeXml(m[1]);
    else out += m[0].startsWith('<w:tab') ? '\t' : '\n';
  }
  return out;
}

function paragraphText(xml: string, counters: Counters, numbering: Numbering): string {
  const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(xml)?.[1] ?? '';
  const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(pPr)?.[1];
  // The paragraph's own numbering, else its style's.
  const style = valOf(pPr, 'pStyle');
  const list = numPr !== undefined ? numPrOf(numPr) : style === undefined ? undefined : numbering.styleNum.get(style);
  const label = list ? counters.label(list.numId, list.ilvl) : '';
  return label + runText(xml.replace(/<w:pPr>[\s\S]*?<\/w:pPr>/, ''));
}

/** Top-level w:p and w:tbl elements of `xml` in order (a table nested in a cell is one block of that cell). */
function* blocks(xml: string): Generator<{ kind: 'p' | 'tbl'; xml: string }> {
  const tag = /<w:(p|tbl)\b[^>]*?(\/?)>|<\/w:(p|tbl)>/g;
  let depth = 0;
  let start = 0;
  let kind: 'p' | 'tbl' = 'p';
  for (const m of xml.matchAll(tag)) {
    if (m[1] && m[2]) {
      if (depth === 0) yield { kind: m[1] as 'p' | 'tbl', xml: '' }; // an empty <w:p/>
    } else if (m[1]) {
      if (depth === 0) {
        start = m.index;
        kind = m[1] as 'p' | 'tbl';
      }
      depth++;
    } else if (m[3]) {
      depth--;
      if (depth === 0) yield { kind, xml: xml.slice(start, m.index + m[0].length) };
    }
  }
}

/**
 * The rows of a table (`tr`, in the table's source) or the cells of a row (`tc`, in the row's source), skipping
 * rows and cells of tables nested inside cells.
 */
function children(xml: string, name: 'tr' | 'tc'): string[] {
  const out: string[] = [];
  const tag = new RegExp(`<w:(${name}|tbl)\\b[^>]*?(/?)>|</w:(${name}|tbl)>`, 'g');
  const own = name === 'tr' ? 1 : 0; // a table's source opens with its own <w:tbl>
  let tables = 0;
  let start = -1;
  for (const m of xml.matchAll(tag)) {
    if (m[1] === 'tbl' && !m[2]) tables++;
    else if (m[3] === 'tbl') tables--;
    else if (tables === own && m[1] === name && !m[2]) start = m.index;
    else if (tables === own && m[3] === name && start >= 0) {
      out.push(xml.slice(start, m.index + m[0].length));
      start = -1;
    }
  }
  return out;
}

export function docxToText(bytes: Uint8Array): string {
  if (!isZip(bytes)) throw new DocxError('not a .docx file (a .docx is a zip container; this is not one)');
  let files: Record<string, Uint8Array>;
  try {
    files = readZip(bytes, (name) => ['word/document.xml', 'word/numbering.xml', 'word/styles.xml'].includes(name));
  } catch (err) {
    if (err instanceof ZipLimitError) throw err;
    throw new DocxError(`the .docx container is damaged: ${(err as Error).message}`);
  }
  const document = files['word/document.xml'];
  if (!document) throw new DocxError('the .docx has no word/document.xml (is it a Word document?)');
  const read = (name: string) => (files[name] ? strFromU8(files[name]) : undefined);
  const numbering = readNumbering(read('word/numbering.xml'), read('word/styles.xml'));
  const counters = new Counters(numbering);
  const body = /<w:body>([\s\S]*)<\/w:body>/.exec(strFromU8(document))?.[1] ?? '';

  const lines: string[] = [];
  for (const block of blocks(body)) {
    if (block.kind === 'p') {
      lines.push(...paragraphText(block.xml, counters, numbering).split('\n'));
      continue;
    }
    for (const row of children(block.xml, 'tr')) {
      const cells = children(row, 'tc').map((cell) =>
        [...blocks(cell)].map((b) => (b.kind === 'p' ? paragraphText(b.xml, counters, numbering) : '')).join('\n'),
      );
      lines.push(tsvRow(cells));
    }
    lines.push('');
  }
  return lines.join('\n');
}

/**
 * What a 佐证材料 file may be (README "佐证材料"): at most 20 MiB, and a PDF, JPEG, PNG, Word (.docx), Excel (.xlsx)
 * or plain UTF-8 text file — judged by the content's magic bytes, never by the name or the declared type alone.
 * Pure, apart from reading a stream into memory with the size limit.
 */
import type { Readable } from 'node:stream';
import type { EvidenceType } from '../domain/events';
import { DubanError } from '../service/errors';

export const MAX_EVIDENCE_BYTES = 20 * 1024 * 1024;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const startsWith = (data: Buffer, bytes: number[]) => bytes.every((b, i) => data[i] === b);

/** The allowed type the content is, by its magic bytes; undefined when it is none of them. */
export function sniffType(data: Buffer): EvidenceType | undefined {
  if (startsWith(data, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04])) {
    // An OOXML package is a zip whose entry names (stored in clear in the local headers) say what it holds.
    const text = data.toString('latin1');
    if (!text.includes('[Content_Types].xml')) return undefined;
    if (text.includes('word/')) return DOCX;
    if (text.includes('xl/')) return XLSX;
    return undefined;
  }
  return isPlainText(data) ? 'text/plain' : undefined;
}

/** Valid UTF-8 (with or without a BOM) and no control characters other than tab, line feed, carriage return, form feed. */
function isPlainText(data: Buffer): boolean {
  if (data.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

const TYPE_NAMES: Record<EvidenceType, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  [DOCX]: 'Word (.docx)',
  [XLSX]: 'Excel (.xlsx)',
  'text/plain': 'plain text',
};
const ALLOWED = Object.values(TYPE_NAMES).join(', ');

/** Declared types that say nothing about the content (browsers send these for unknown extensions). */
const VAGUE = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * The file's type, or a 413/415 refusal: over the limit, not an allowed type by content, or declared as one allowed
 * type while its content is another (a renamed file).
 */
export function checkEvidence(data: Buffer, declared?: string): EvidenceType {
  if (data.length > MAX_EVIDENCE_BYTES) throw tooLarge();
  const type = sniffType(data);
  if (!type) {
    throw new DubanError(
      'unsupported_media_type',
      `this file is not an allowed 佐证材料 type by its content (${ALLOWED} are allowed)`,
    );
  }
  const said = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!VAGUE.has(said) && said !== type && !(said === 'image/jpg' && type === 'image/jpeg')) {
    throw new DubanError(
      'unsupported_media_type',
      `the file was declared as ${said} but its content is ${TYPE_NAMES[type]} (${type}); send it with its own type`,
    );
  }
  return type;
}

const tooLarge = () =>
  new DubanError('too_large', `a 佐证材料 file may be at most ${MAX_EVIDENCE_BYTES / 1024 / 1024} MiB`);

/** Reads a stream into memory, refusing (413) as soon as it passes the limit. */
export async function readLimited(stream: Readable, max = MAX_EVIDENCE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += bytes.length;
    if (size > max) {
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** A file name as people see it: no folders, no control characters, at most 255 characters. */
export function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return clean.slice(0, 255) || 'evidence';
}

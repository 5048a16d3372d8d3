/**
 * Hostile plan sources are refused with a clear error while being read, never by running out of memory: zip
 * bombs in .docx/.xlsx clothing, containers with thousands of entries, over-size files, text that is not UTF-8.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docxToText } from '../../src/importer/docx';
import { LIMITS } from '../../src/importer/limits';
import { decodeSourceText, isOfficeFileError, officeText } from '../../src/importer/office';
import { parsePlanSource } from '../../src/importer/parse';
import { xlsxToText } from '../../src/importer/xlsx';
import { readZip, ZipLimitError } from '../../src/importer/zip-guard';

/** A container whose one entry inflates to just over the per-entry limit (it compresses to well under 1 MB). */
const bomb = (name: string, size = LIMITS.zipEntryBytes + 1024) =>
  zipSync({ [name]: [new Uint8Array(size), { level: 9 }] }, { level: 9 });

/** The same container with its declared uncompressed sizes (local header and directory) forged to 100 bytes. */
function lying(zip: Uint8Array): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = view.getUint32(i, true);
    if (sig === 0x04034b50) view.setUint32(i + 22, 100, true);
    if (sig === 0x02014b50) view.setUint32(i + 24, 100, true);
  }
  return out;
}

const small = { zipEntries: 10, zipEntryBytes: 64 * 1024, zipTotalBytes: 256 * 1024 } as const;

describe('zip containers', () => {
  it('refuses a .docx whose entry declares more than the per-entry limit, before inflating it', () => {
    const bytes = bomb('word/document.xml');
    expect(bytes.length).toBeLessThan(1024 * 1024);
    expect(() => docxToText(bytes)).toThrow(ZipLimitError);
    expect(() => docxToText(bytes)).toThrow(/an entry declares 64 MiB uncompressed, more than 64 MiB: refused/);
  });

  it('refuses an entry that inflates past the limit while its headers claim it is small', () => {
    const bytes = lying(bomb('word/document.xml', 200 * 1024));
    expect(() => readZip(bytes, () => true, small)).toThrow(/word\/document\.xml inflates past 0\.06 MiB: refused/);
  });

  it('refuses an .xlsx with a bomb entry before exceljs inflates it', async () => {
    const err = await xlsxToText(bomb('xl/worksheets/sheet1.xml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipLimitError);
    expect(isOfficeFileError(err)).toBe(true);
  });

  it('refuses a container past the total limit even when each entry is under its own', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 5; i++) files[`e${i}.xml`] = new Uint8Array(60 * 1024);
    expect(() => readZip(zipSync(files), () => false, small)).toThrow(/inflates past 0\.25 MiB in all/);
  });

  it('refuses a container with more entries than the limit', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= LIMITS.zipEntries; i++) files[`f${i}.txt`] = new Uint8Array([65]);
    expect(() => readZip(zipSync(files), () => true)).toThrow(/2001 entries, more than the limit of 2000/);
  });

  it('returns only the entries asked for, whole, and calls a cut-off container damaged', () => {
    const text = new TextEncoder().encode('整改措施'.repeat(20_000));
    const zip = zipSync({ 'a.xml': text, 'b.xml': new Uint8Array([1]) });
    const read = readZip(zip, (n) => n === 'a.xml');
    expect(Object.keys(read)).toEqual(['a.xml']);
    expect(Buffer.from(read['a.xml']!).equals(Buffer.from(text))).toBe(true);
    expect(() => readZip(zip.slice(0, 40), () => true)).toThrow(/no zip central directory/);
  });
});

describe('text sources', () => {
  it('reads UTF-8, and refuses GBK text with how to re-save it', () => {
    expect(decodeSourceText(new TextEncoder().encode('牵头单位:区财政局'))).toBe('牵头单位:区财政局');
    // "牵头单位" in GBK.
    const gbk = new Uint8Array([0xc7, 0xa3, 0xcd, 0xb7, 0xb5, 0xa5, 0xce, 0xbb]);
    expect(() => decodeSourceText(gbk)).toThrow(/reads as GBK\/GB18030 text\. Re-save it as UTF-8/);
  });

  it('refuses bytes that are neither UTF-8 nor GBK text', () => {
    expect(() => decodeSourceText(new Uint8Array([0xff, 0xfe, 0xff, 0x00, 0xc0]))).toThrow(/not UTF-8 text/);
  });

  it('refuses a source over the size limit before reading it', async () => {
    const big = new Uint8Array(LIMITS.fileBytes + 1);
    expect(() => decodeSourceText(big)).toThrow(/more than the limit of 10 MiB/);
    await expect(officeText(big, 'docx')).rejects.toThrow(/more than the limit of 10 MiB/);
  });
});

describe('plan files', () => {
  it('refuses a YAML alias bomb ("billion laughs") as bad input, quickly', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(9)
          .fill(`*${i === 1 ? 'a' : 'b'.repeat(i - 1)}`)
          .join(',')}]`,
      );
    const started = Date.now();
    const result = parsePlanSource(`${levels.join('\n')}\nid: bomb\n`, { filename: 'bomb.yaml' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/alias/i)]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses deeply nested JSON with a field error, not a crash', () => {
    const deep = `{"id":"deep","title":"t","indicators":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const result = parsePlanSource(deep, { filename: 'deep.json' });
    expect(result.ok).toBe(false);
  });
});

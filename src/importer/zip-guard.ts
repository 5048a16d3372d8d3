/**
 * Reads a zip container (a .docx or .xlsx) within limits, so a small hostile file cannot take the process's memory:
 * a 3 MB .docx that inflates to 3 GB, or a workbook with a 1 GB entry, is refused while it is being read. Both the
 * central directory (what the file declares: entry count, sizes) and the actual inflated bytes of every entry are
 * checked — a declared size can lie, and readers (fflate here, JSZip inside exceljs) trust different parts.
 * Pure: bytes in, entries or a ZipLimitError out.
 */
import { Unzip, UnzipInflate } from 'fflate';
import { LIMITS, mib } from './limits';

export class ZipLimitError extends Error {}

/** Declared entry count and uncompressed sizes from the end-of-central-directory record (when it can be found). */
function declared(bytes: Uint8Array): { entries: number; sizes: number[] } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The EOCD record is in the last 22 + 65,535 bytes (a trailing comment may follow it).
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) !== 0x06054b50) continue;
    const entries = view.getUint16(i + 10, true);
    let at = view.getUint32(i + 16, true);
    const sizes: number[] = [];
    for (let n = 0; n < entries && at + 46 <= bytes.length && view.getUint32(at, true) === 0x02014b50; n++) {
      sizes.push(view.getUint32(at + 24, true));
      at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    return { entries, sizes };
  }
  return undefined;
}

/**
 * Inflates the entries `keep` names (all of them are inflated to count their real size, none kept beyond need)
 * and refuses the container past LIMITS.zipEntries, LIMITS.zipEntryBytes per entry or LIMITS.zipTotalBytes in all.
 */
export function readZip(
  bytes: Uint8Array,
  keep: (name: string) => boolean,
  limits: { zipEntries: number; zipEntryBytes: number; zipTotalBytes: number } = LIMITS,
): Record<string, Uint8Array> {
  const tooBig = (what: string) =>
    new ZipLimitError(`${what}: refused (a plan document is far smaller; is it a zip bomb?)`);
  const dir = declared(bytes);
  // A container without its directory is cut off or not a zip at all; the reader's caller calls it damaged.
  if (!dir) throw new Error('no zip central directory (the file is cut off?)');
  if (dir.entries > limits.zipEntries) {
    throw tooBig(`the file holds ${dir.entries} entries, more than the limit of ${LIMITS.zipEntries}`);
  }
  const declaredMax = Math.max(0, ...dir.sizes);
  if (declaredMax > limits.zipEntryBytes) {
    throw tooBig(`an entry declares ${mib(declaredMax)} uncompressed, more than ${mib(limits.zipEntryBytes)}`);
  }

  const out: Record<string, Uint8Array> = {};
  let entries = 0;
  let total = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++entries > limits.zipEntries) {
      failure = tooBig(`the file holds more than ${limits.zipEntries} entries`);
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const wanted = keep(file.name);
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = err;
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limits.zipEntryBytes) {
        failure = tooBig(`${file.name} inflates past ${mib(limits.zipEntryBytes)}`);
        file.terminate();
        return;
      }
      if (total > limits.zipTotalBytes) {
        failure = tooBig(`the file inflates past ${mib(limits.zipTotalBytes)} in all`);
        file.terminate();
        return;
      }
      if (wanted) chunks.push(chunk);
      if (final && wanted) out[file.name] = concat(chunks, size);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(bytes, true);
  } catch (err) {
    failure ??= err as Error;
  }
  if (failure) throw failure;
  return out;
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

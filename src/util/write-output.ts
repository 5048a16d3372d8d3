/**
 * Writes a file the user named on the command line (`duban ledger --out 台账.xlsx`) without surprises: an existing
 * file is replaced only with --force; a symbolic link, a FIFO, a device or a folder at that path is refused (a link
 * would have us write wherever it points; a FIFO would block forever); the bytes go to a temporary file beside it
 * that is renamed into place, so a reader never sees half a workbook and a failed write leaves the old file whole.
 */
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DubanError } from '../service/errors';

export function writeOutputFile(out: string, bytes: Uint8Array, opts: { force?: boolean } = {}): void {
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new DubanError('bad_request', `${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (existing?.isSymbolicLink()) {
    throw new DubanError('bad_request', `${out} is a symbolic link: give the path of a regular file instead`);
  }
  if (existing && !existing.isFile()) {
    throw new DubanError('bad_request', `${out} exists and is not a regular file (a folder, FIFO or device)`);
  }
  if (existing && !opts.force) {
    throw new DubanError('bad_request', `${out} exists: pass --force to replace it`);
  }
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bytes, { flag: 'wx' });
    renameSync(tmp, out);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new DubanError('bad_request', `cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/**
 * Runs a file operation that creates `file` (an open for appending, an append), making the file's directory only
 * when the operation finds it missing: a data dir exists on every call but the first, so checking it first would be
 * one more file operation each time.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function withParentDir<T>(file: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(file), { recursive: true });
    return operation();
  }
}

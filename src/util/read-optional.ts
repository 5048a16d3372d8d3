/** Reads a text file that may legitimately be absent (tokens, contacts): undefined when it does not exist. */
import { readFileSync } from 'node:fs';

export function readOptionalText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

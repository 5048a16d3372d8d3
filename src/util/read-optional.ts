/** Reads a text file that may legitimately be absent (tokens, contacts): undefined when it does not exist. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export function readOptionalText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * A JSON or YAML file (by its extension: .json is JSON, anything else YAML) that may be absent: its data, or
 * undefined. A file that does not parse throws `fail("<file>: not valid JSON|YAML: …")`.
 */
export function readOptionalData(file: string, fail: (message: string) => Error): unknown {
  const text = readOptionalText(file);
  if (text === undefined) return undefined;
  const json = extname(file).toLowerCase() === '.json';
  try {
    return json ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw fail(`${file}: not valid ${json ? 'JSON' : 'YAML'}: ${String(error)}`);
  }
}

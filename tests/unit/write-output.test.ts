/** `duban ledger --out`: never through a link, never into a FIFO, never over a file without --force, never half. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOutputFile } from '../../src/util/write-output';

const dir = () => mkdtempSync(path.join(tmpdir(), 'duban-out-'));
const bytes = new TextEncoder().encode('台账');

describe('writeOutputFile', () => {
  it('writes a new file through a temporary file renamed into place', () => {
    const d = dir();
    writeOutputFile(path.join(d, '台账.xlsx'), bytes);
    expect(readFileSync(path.join(d, '台账.xlsx'), 'utf8')).toBe('台账');
    expect(readdirSync(d)).toEqual(['台账.xlsx']);
  });

  it('replaces an existing file only with force', () => {
    const d = dir();
    const out = path.join(d, 'a.xlsx');
    writeFileSync(out, 'old');
    expect(() => writeOutputFile(out, bytes)).toThrow(/exists: pass --force/);
    expect(readFileSync(out, 'utf8')).toBe('old');
    writeOutputFile(out, bytes, { force: true });
    expect(readFileSync(out, 'utf8')).toBe('台账');
  });

  it('refuses a symbolic link (even with force) and leaves its target alone', () => {
    const d = dir();
    writeFileSync(path.join(d, 'target'), 'precious');
    symlinkSync(path.join(d, 'target'), path.join(d, 'link.xlsx'));
    expect(() => writeOutputFile(path.join(d, 'link.xlsx'), bytes, { force: true })).toThrow(/symbolic link/);
    expect(readFileSync(path.join(d, 'target'), 'utf8')).toBe('precious');
  });

  it('refuses a FIFO and a folder at once instead of blocking', () => {
    const d = dir();
    execFileSync('mkfifo', [path.join(d, 'pipe.xlsx')]);
    expect(() => writeOutputFile(path.join(d, 'pipe.xlsx'), bytes, { force: true })).toThrow(/not a regular file/);
    expect(() => writeOutputFile(d, bytes, { force: true })).toThrow(/not a regular file/);
  });
});

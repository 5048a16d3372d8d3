// The delivery log on a real file: what another process appends is seen, a torn last line waits for its end, a
// rotated or truncated file is read again from its start, one failed look does not stop the next, and no handle
// is held after a quiet spell.
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryLog, type LogEntry } from '../../activities/delivery-log';

const entry = (key: string, recipient = 'dept:自然资源规划建设局'): LogEntry => ({
  idempotencyKey: key,
  recipient,
  channel: 'outbox',
});
const line = (e: LogEntry) => JSON.stringify({ ...e, at: '2026-12-03T00:00:00.000Z' }) + '\n';

/** The descriptors this process holds on `path` (Linux: /proc/self/fd). */
function openOn(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

describe('the delivery log', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'duban-log-'));
    path = join(dir, 'data', 'deliveries.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes its directory, records, and sees what another process on the same file recorded', async () => {
    const one = new DeliveryLog(path);
    const other = new DeliveryLog(path);
    await one.use(async () => {
      await one.refresh();
      await one.record([entry('a'), entry('a', 'leader:张三')]);
    });
    expect(one.has(entry('a', 'leader:张三'))).toBe(true);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(2);

    expect(other.has(entry('a'))).toBe(false);
    await other.use(() => other.refresh());
    expect(other.has(entry('a'))).toBe(true);
    expect(other.has(entry('b'))).toBe(false);
  });

  it('reads only whole lines: a line another process is still appending counts once it ends', async () => {
    mkdirSync(join(dir, 'data'));
    const whole = line(entry('torn'));
    appendFileSync(path, line(entry('first')) + whole.slice(0, 20));
    const log = new DeliveryLog(path);
    await log.use(async () => {
      await log.refresh();
      expect(log.has(entry('first'))).toBe(true);
      expect(log.has(entry('torn'))).toBe(false);
      appendFileSync(path, whole.slice(20));
      await log.refresh();
    });
    expect(log.has(entry('torn'))).toBe(true);
  });

  it('reads a rotated or truncated log again from its start, and records into the file the path names', async () => {
    const log = new DeliveryLog(path);
    await log.use(async () => {
      await log.record([entry('before')]);
      await log.refresh();
      renameSync(path, `${path}.1`);
      writeFileSync(path, line(entry('restored')));
      await log.refresh();
      expect(log.has(entry('restored'))).toBe(true);
      await log.record([entry('after')]);
    });
    expect(readFileSync(path, 'utf8')).toContain('"after"');
    expect(readFileSync(`${path}.1`, 'utf8')).not.toContain('"after"');

    // Truncated in place to a shorter file: its lines are read from the start, not from the old offset.
    writeFileSync(path, line(entry('short')));
    await log.use(() => log.refresh());
    expect(log.has(entry('short'))).toBe(true);
  });

  it('reads a log larger than one read from end to end', async () => {
    mkdirSync(join(dir, 'data'));
    const many = Array.from({ length: 2_000 }, (_, i) => entry(`k${i}`));
    writeFileSync(path, many.map(line).join(''));
    expect(readFileSync(path).length).toBeGreaterThan(64 * 1024);
    const log = new DeliveryLog(path);
    await log.use(() => log.refresh());
    expect(many.every((e) => log.has(e))).toBe(true);
  });

  it('recovers from a failed look', async () => {
    mkdirSync(path, { recursive: true }); // a directory where the file should be: every open fails
    const log = new DeliveryLog(path);
    await expect(log.use(() => log.refresh())).rejects.toMatchObject({ code: 'EISDIR' });
    rmSync(path, { recursive: true });
    writeFileSync(path, line(entry('later')));
    await log.use(() => log.refresh());
    expect(log.has(entry('later'))).toBe(true);
    await log.close();
  });

  it('shares one handle between deliveries while they keep coming, and closes it after a quiet spell', async () => {
    const log = new DeliveryLog(path, 50);
    let inside = 0;
    await Promise.all([
      log.use(async () => {
        await log.refresh();
        inside = openOn(path);
      }),
      log.use(() => log.record([entry('a')])),
    ]);
    expect(inside).toBe(1);
    expect(openOn(path)).toBe(1); // kept for the next notice
    await log.use(() => log.refresh());
    expect(openOn(path)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(openOn(path)).toBe(0);

    await log.use(() => log.refresh());
    await log.close(); // a worker that stops closes it at once
    expect(openOn(path)).toBe(0);
  });
});

/**
 * The append-only delivery log, `<dataDir>/deliveries.jsonl`: one line per delivery, shared by every worker process
 * on the data dir, so a notice repeated with a fresh attempt history is not sent twice (notify.activities.ts).
 *
 * Every file operation is a trip through libuv's thread pool and back through the event loop, and in a busy worker
 * each trip waits ≈ 1 ms for the loop (docs/performance.md, eighth pass). So the log keeps one handle open while
 * notices keep coming, and closes it after a quiet spell. A look for what others appended is then one read, beside
 * two stats that notice a rotated, replaced or truncated file, all three at once; a record is one append.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { withParentDir } from '../src/util/with-parent-dir';

export interface LogEntry {
  idempotencyKey: string;
  recipient: string;
  channel: string;
}

/** One delivery's identity: the notice, the recipient and the destination. */
export function deliveryId(e: LogEntry): string {
  return JSON.stringify([e.idempotencyKey, e.recipient, e.channel]);
}

const CHUNK = 64 * 1024;

export class DeliveryLog {
  private readonly seen = new Set<string>();
  /** Bytes of the file read so far, always at a line's end. */
  private offset = 0;
  private file: Promise<FileHandle> | undefined;
  /** Handles of files rotated away while deliveries may still be writing to them: closed with the current one. */
  private retired: Promise<FileHandle>[] = [];
  private users = 0;
  private quiet: NodeJS.Timeout | undefined;
  private reading: Promise<void> = Promise.resolve();
  private readonly buffer = Buffer.allocUnsafe(CHUNK);

  /** `keepOpenMs`: how long the handle stays open after the last delivery. */
  constructor(
    private readonly path: string,
    private readonly keepOpenMs = 10_000,
  ) {}

  /** Runs one delivery's looks and records; the handle is closed `keepOpenMs` after the last delivery ends. */
  async use<T>(fn: () => Promise<T>): Promise<T> {
    this.users++;
    clearTimeout(this.quiet);
    try {
      return await fn();
    } finally {
      if (--this.users === 0) {
        this.quiet = setTimeout(() => void this.close(), this.keepOpenMs);
        this.quiet.unref(); // a worker that is stopping does not wait for it
      }
    }
  }

  /** Closes the open handles now, unless a delivery is using them; the next look opens the file again. */
  async close(): Promise<void> {
    clearTimeout(this.quiet);
    if (this.users > 0) return;
    const handles = [...this.retired, ...(this.file ? [this.file] : [])];
    this.file = undefined;
    this.retired = [];
    await Promise.all(handles.map((h) => h.then((f) => f.close()).catch(() => undefined)));
  }

  has(entry: LogEntry): boolean {
    return this.seen.has(deliveryId(entry));
  }

  /**
   * Reads what this or another process appended since the last look. Serialised: concurrent deliveries must not
   * read the same byte range twice with a stale offset; one failed look does not stop the next.
   */
  refresh(): Promise<void> {
    const next = this.reading.catch(() => undefined).then(() => this.readNew());
    this.reading = next;
    return next;
  }

  async record(entries: LogEntry[]): Promise<void> {
    const at = new Date().toISOString();
    const handle = await this.opened();
    // Opened for appending: every write lands at the file's end, whoever else appends to it.
    await handle.appendFile(entries.map((e) => JSON.stringify({ ...e, at }) + '\n').join(''));
    for (const e of entries) this.seen.add(deliveryId(e));
  }

  private opened(): Promise<FileHandle> {
    if (!this.file) {
      const file = openLog(this.path);
      // A failed open is tried again by the next look rather than remembered.
      file.catch(() => {
        if (this.file === file) this.file = undefined;
      });
      this.file = file;
    }
    return this.file;
  }

  private async readNew(): Promise<void> {
    let handle = await this.opened();
    const [named, held, first] = await Promise.all([
      stat(this.path).catch(missing),
      handle.stat(),
      this.readFrom(handle, this.offset),
    ]);
    let text = first;
    if (!named || named.ino !== held.ino || named.dev !== held.dev) {
      // Rotated, replaced or removed: read the file the path names now, from its start.
      if (this.file) this.retired.push(this.file);
      this.file = undefined;
      handle = await this.opened();
      this.offset = 0;
      text = await this.readFrom(handle, 0);
    } else if (held.size < this.offset) {
      // Truncated in place.
      this.offset = 0;
      text = await this.readFrom(handle, 0);
    }
    // Only whole lines: another process may be halfway through appending the last one.
    const end = text.lastIndexOf(0x0a) + 1;
    for (const line of text.subarray(0, end).toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        this.seen.add(deliveryId(JSON.parse(line) as LogEntry));
      } catch {
        // A torn line from a crash: ignore it; at worst that one delivery is repeated.
      }
    }
    this.offset += end;
  }

  /** Everything from `position` to the end: one read while less than a chunk is new. */
  private async readFrom(handle: FileHandle, position: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (;;) {
      const { bytesRead } = await handle.read(this.buffer, 0, CHUNK, position);
      parts.push(Buffer.from(this.buffer.subarray(0, bytesRead)));
      position += bytesRead;
      if (bytesRead < CHUNK) return Buffer.concat(parts);
    }
  }
}

function openLog(path: string): Promise<FileHandle> {
  return withParentDir(path, () => open(path, 'a+'));
}

function missing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

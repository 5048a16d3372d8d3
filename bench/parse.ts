/**
 * Pure parsers of what a benchmark run leaves behind — outbox lines (timer lateness) and a history as JSON (events
 * by type) — kept apart from the phases so they are unit-tested without Temporal.
 */

export interface OutboxLateness {
  workflowId: string;
  kind: string;
  latenessMs: number;
}

/** Parses outbox lines into (workflow, step kind, lateness); lines that are not timer steps are skipped. */
export function outboxLateness(text: string): OutboxLateness[] {
  const out: OutboxLateness[] = [];
  for (const line of text.split('\n')) {
    const entry = parseLine(line);
    if (!entry) continue;
    const { time, idempotencyKey } = entry;
    const slash = idempotencyKey.lastIndexOf('/');
    const [kind, , at] = idempotencyKey.slice(slash + 1).split(':');
    const atMs = Number(at);
    if (!kind || at === undefined || !Number.isFinite(atMs) || slash < 0) continue;
    out.push({ workflowId: idempotencyKey.slice(0, slash), kind, latenessMs: Date.parse(time) - atMs });
  }
  return out;
}

/** A whole outbox line, or undefined for a blank or half-written one (the file is read while it grows). */
function parseLine(line: string): { time: string; idempotencyKey: string } | undefined {
  if (!line.trim()) return undefined;
  try {
    const entry = JSON.parse(line) as { time?: unknown; idempotencyKey?: unknown };
    if (typeof entry.time !== 'string' || typeof entry.idempotencyKey !== 'string') return undefined;
    return { time: entry.time, idempotencyKey: entry.idempotencyKey };
  } catch {
    return undefined;
  }
}

/** Event type (without the EVENT_TYPE_ prefix) → count, from a history as `historyToJSON` writes it. */
export function countByType(historyJson: string): Record<string, number> {
  const { events } = JSON.parse(historyJson) as { events?: Array<{ eventType?: string }> };
  const counts: Record<string, number> = {};
  for (const e of events ?? []) {
    const type = (e.eventType ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/**
 * Pure parsers of what a benchmark run leaves behind — outbox lines (timer lateness) and a history as JSON (events
 * by type) — kept apart from the phases so they are unit-tested without Temporal.
 */

export interface OutboxLateness {
  workflowId: string;
  kind: string;
  /** The instant the step was due (epoch ms), from the idempotency key. */
  dueMs: number;
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
    out.push({ workflowId: idempotencyKey.slice(0, slash), kind, dueMs: atMs, latenessMs: Date.parse(time) - atMs });
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

/** A `historyToJSON` event's type without the EVENT_TYPE_ prefix. */
const eventType = (e: { eventType?: string }) => (e.eventType ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');

/** Event type (without the EVENT_TYPE_ prefix) → count, from a history as `historyToJSON` writes it. */
export function countByType(historyJson: string): Record<string, number> {
  const { events } = JSON.parse(historyJson) as { events?: Array<{ eventType?: string }> };
  const counts: Record<string, number> = {};
  for (const e of events ?? []) {
    const type = eventType(e);
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** A history event as the timer split reads it: its type without the EVENT_TYPE_ prefix, and its server time. */
export interface TimedEvent {
  type: string;
  timeMs: number;
}

/** A history as `historyToJSON` writes it → its events' types and server times. */
export function timedEvents(historyJson: string): TimedEvent[] {
  const { events } = JSON.parse(historyJson) as { events?: Array<{ eventType?: string; eventTime?: string }> };
  return (events ?? []).map((e) => ({
    type: eventType(e),
    timeMs: Date.parse(e.eventTime ?? ''),
  }));
}

/**
 * Where a deadline's lateness went, in ms, from the workflow's history and the notice's outbox time. The segments
 * add up to the lateness:
 * - `arming`: how long the task that started the timer ran (TimerStarted − that task's start). A workflow sleeps
 *   `due − now` with `now` its task's start time, and the server counts the sleep from the task's completion, so
 *   the timer fires that much after the due instant;
 * - `timer`: the server's own lateness in firing it (TimerFired − due − arming);
 * - `taskWait`: TimerFired → its workflow task started (waiting for a worker);
 * - `task`: that task, started → completed (the workflow code, and a replay of the whole history when the workflow
 *   was not in the worker's cache);
 * - `activityWait`: task completed → activity started;
 * - `activity`: the activity's own run, started → the outbox line.
 */
export interface TimerSegments {
  arming: number;
  timer: number;
  taskWait: number;
  task: number;
  activityWait: number;
  activity: number;
}

export function timerSegments(
  events: readonly TimedEvent[],
  dueMs: number,
  noticeMs: number,
): TimerSegments | undefined {
  const after = (from: number, type: string) => events.findIndex((e, i) => i > from && e.type === type);
  const before = (to: number, type: string) => events.findLastIndex((e, i) => i < to && e.type === type);
  // A timer may not fire before its instant; 50 ms of slack for the workflow clock's task-time granularity.
  const fired = events.findIndex((e) => e.type === 'TIMER_FIRED' && e.timeMs >= dueMs - 50);
  const started = after(fired, 'WORKFLOW_TASK_STARTED');
  const completed = after(started, 'WORKFLOW_TASK_COMPLETED');
  const scheduled = after(completed, 'ACTIVITY_TASK_SCHEDULED');
  const activity = after(scheduled, 'ACTIVITY_TASK_STARTED');
  const timerStarted = before(fired, 'TIMER_STARTED');
  const armingTask = before(timerStarted, 'WORKFLOW_TASK_STARTED');
  if ([fired, started, completed, scheduled, activity, timerStarted, armingTask].some((i) => i < 0)) return undefined;
  const at = (i: number) => events[i]!.timeMs;
  const arming = at(timerStarted) - at(armingTask);
  return {
    arming,
    timer: at(fired) - dueMs - arming,
    taskWait: at(started) - at(fired),
    task: at(completed) - at(started),
    activityWait: at(activity) - at(completed),
    activity: noticeMs - at(activity),
  };
}

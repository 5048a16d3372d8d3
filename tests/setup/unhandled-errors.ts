/**
 * Fails the test during which an error escaped every stack (an uncaught exception in a timer, an unhandled
 * rejection), naming it. Vitest also fails the run for such an error, but only says which file was running; a
 * client closed under a pending retry surfaced that way, tests later, and was hard to pin down.
 */
import { afterEach, beforeEach } from 'vitest';

let current = '(between tests)';
const escaped: Array<{ during: string; error: unknown }> = [];
const record = (error: unknown) => void escaped.push({ during: current, error });
process.on('uncaughtException', record);
process.on('unhandledRejection', record);

beforeEach((ctx) => {
  current = ctx.task.name;
});

afterEach(() => {
  const found = escaped.splice(0);
  current = '(between tests)';
  if (found.length === 0) return;
  const lines = found.map(({ during, error }) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return `during "${during}": ${text}`;
  });
  throw new Error(`${found.length} error(s) escaped every handler:\n${lines.join('\n')}`);
});

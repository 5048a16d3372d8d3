/**
 * Every transition of the measure machine is guarded by `permitted`: judging an event starts with who may send it.
 * allowedEvents() relies on this to put to the machine only the events an actor is permitted (decide.ts).
 */
import { describe, expect, it } from 'vitest';
import { measureMachine } from '../../src/measure';

type Transition = { guard?: unknown; target?: unknown };
interface StateConfig {
  on?: Record<string, Transition | Transition[]>;
  states?: Record<string, StateConfig>;
}

/** `[path, event, guard]` of every transition in the machine's configuration. */
function transitions(config: StateConfig, path = 'measure'): Array<[string, string, unknown]> {
  const own = Object.entries(config.on ?? {}).flatMap(([event, t]) =>
    (Array.isArray(t) ? t : [t]).map((one) => [path, event, one.guard] as [string, string, unknown]),
  );
  const nested = Object.entries(config.states ?? {}).flatMap(([name, s]) => transitions(s, `${path}.${name}`));
  return [...own, ...nested];
}

/** `'permitted'`, or XState's `and([...])` with `'permitted'` among its guards. */
const permittedFirst = (guard: unknown) =>
  guard === 'permitted' ||
  (typeof guard === 'function' && ((guard as { guards?: unknown[] }).guards ?? []).includes('permitted'));

describe('measure machine guards', () => {
  const all = transitions(measureMachine.config as StateConfig);

  it('has transitions to check', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it('guards every transition by permitted', () => {
    const unguarded = all.filter(([, , guard]) => !permittedFirst(guard)).map(([path, event]) => `${path} ${event}`);
    expect(unguarded).toEqual([]);
  });
});

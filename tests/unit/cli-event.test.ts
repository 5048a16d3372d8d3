// `duban event` in production mode: the CLI reaches Temporal directly, so --as alone is refused before anything is
// sent; --operator says an operator acts with Temporal access. The event itself is the integration tests' business.
import { describe, expect, it } from 'vitest';
import { eventCommand } from '../../src/commands/measure-commands';
import type { MeasureService } from '../../src/service/measures';

const untouched = new Proxy({} as MeasureService, {
  get: (_t, name) => {
    throw new Error(`the service must not be reached (${String(name)})`);
  },
});

describe('duban event in production mode', () => {
  it('refuses --as without --operator, naming why, before any Temporal call', async () => {
    await expect(
      eventCommand(untouched, 'duban/p/1.1', 'START', { as: 'dept:某局', production: true }),
    ).rejects.toMatchObject({ kind: 'forbidden', message: expect.stringMatching(/through the API.*--operator/) });
  });

  it('goes on to the service with --operator, and in dev mode without it', async () => {
    for (const opts of [{ production: true, operator: true }, { production: false }]) {
      await expect(eventCommand(untouched, 'duban/p/1.1', 'START', { as: 'dept:某局', ...opts })).rejects.toThrow(
        /the service must not be reached \(send\)/,
      );
    }
  });
});

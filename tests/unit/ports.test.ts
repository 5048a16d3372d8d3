import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, freePorts } from '../../src/temporal/ports';

describe('free ports', () => {
  it('hands out bindable ports below the kernel ephemeral range, never the same twice', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(32_768);
    }
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports[0], '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('names one distinct port per name', async () => {
    const names = ['a', 'b', 'c'] as const;
    const chosen = await freePorts(names);
    expect(Object.keys(chosen)).toEqual(['a', 'b', 'c']);
    expect(new Set(Object.values(chosen)).size).toBe(3);
  });
});

/**
 * Free loopback ports to hand to another process (the Temporal dev server, its Web UI, the API, a cluster's
 * services). A port probed with listen(0) and released lies in the kernel's ephemeral range, where any outgoing
 * connection or another program's listen(0) can take it before the process it was meant for binds it: CI once saw the
 * dev server's Web UI fail with "address already in use" that way. Ports below the ephemeral range (Linux:
 * 32768–60999) are never assigned by the kernel, and 10000–32767 also fits a SQL SMALLINT, which the SQL persistence
 * of the Temporal cluster needs for membership ports (TEMPORAL.md).
 */
import { createServer } from 'node:net';

const LOW = 10_000;
const HIGH = 32_767;
/** Ports this process has already handed out: never twice, even when the first taker has not bound it yet. */
const handedOut = new Set<number>();

function bindable(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the probe: concurrent callers must not both take it
    if (await bindable(port, host)) return port;
    handedOut.delete(port);
  }
}

/** One free port per name, all different. */
export async function freePorts<K extends string>(names: readonly K[], host = '127.0.0.1'): Promise<Record<K, number>> {
  const ports = {} as Record<K, number>;
  for (const name of names) ports[name] = await freePort(host);
  return ports;
}

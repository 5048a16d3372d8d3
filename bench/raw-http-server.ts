/**
 * The raw side of the HTTP round trip: the least HTTP server a team on the bare SDK would put in front of the same
 * executeUpdate — node:http, a bearer check, JSON.parse, one update on the no-op workflow, JSON.stringify — in a
 * process of its own like `duban api`. Against it the bench splits duban's HTTP side into what any HTTP hop costs
 * on this machine (node:http, the loopback socket, a second process to wake) and what duban adds to it.
 * Usage (by the bench): startRawHttpServer() forks this file; it exits with its parent.
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { rawUpdate } from './raw-update';

/** The one token it takes (a bare server still checks who is calling). */
export const RAW_HTTP_TOKEN = 'bench-raw-token';

export interface RawHttpServer {
  url: string;
  pid: number;
  /** The path a raw workflow's events are POSTed to. */
  eventsUrl(workflowId: string): string;
  stop(): Promise<void>;
}

export function startRawHttpServer(temporal: { address: string; namespace: string }): Promise<RawHttpServer> {
  const execArgv = __filename.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [];
  const child = fork(__filename, [temporal.address, temporal.namespace], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the raw HTTP server exited (${code}) before it listened`)));
    child.once('message', ({ port }: { port: number }) => {
      const url = `http://127.0.0.1:${port}`;
      resolve({
        url,
        pid: child.pid!,
        eventsUrl: (workflowId) => `${url}/raw/${encodeURIComponent(workflowId)}/events`,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}

const EVENTS = /^\/raw\/([^/]+)\/events$/;

async function serve([address, namespace]: string[]): Promise<void> {
  const client = new Client({ connection: await Connection.connect({ address: address! }), namespace });
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const match = req.method === 'POST' ? EVENTS.exec(req.url ?? '') : null;
    if (!match) return answer(404, { error: 'not found' });
    if (req.headers.authorization !== `Bearer ${RAW_HTTP_TOKEN}`) return answer(401, { error: 'unauthorized' });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let event: unknown;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, { error: 'not JSON' });
      }
      rawUpdate(client, decodeURIComponent(match[1]!), 'raw', event).then(
        (result) => answer(200, { result }),
        (err: unknown) => answer(500, { error: String(err) }),
      );
    });
  });
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) {
  serve(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

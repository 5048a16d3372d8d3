// The bench's HTTP client (bench/http-client.ts): a JSON POST over a keep-alive node:http agent, answered with the
// status and the body text, the connection reused between requests.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveHttpAgent, postJson } from '../../bench/http-client';
import { ClientProcess } from '../../bench/client-process';

describe('postJson', () => {
  const seen: Array<{ headers: IncomingMessage['headers']; body: string; socket: unknown }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ headers: req.headers, body, socket: req.socket });
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echoed: JSON.parse(body) as unknown }));
    });
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the JSON body with its headers and returns status and text, on one kept-alive socket', async () => {
    const agent = keepAliveHttpAgent(1);
    const body = JSON.stringify({ type: 'REPORT_PROGRESS', percent: 50, note: '进展' });
    const first = await postJson(agent, `${base}/events`, { authorization: 'Bearer t' }, body);
    const second = await postJson(agent, `${base}/missing`, {}, '{"n":2}');
    agent.destroy();
    expect(first).toEqual({ status: 200, text: JSON.stringify({ echoed: JSON.parse(body) as unknown }) });
    expect(second.status).toBe(404);
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer t',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    expect(seen[0]!.body).toBe(body);
    expect(seen[1]!.socket).toBe(seen[0]!.socket);
  });

  it('from a process of its own: posts every job with its token, answering each duration; a refusal fails the batch', async () => {
    const client = new ClientProcess();
    try {
      const from = seen.length;
      const jobs = [1, 2, 3].map((n) => ({
        kind: 'http' as const,
        url: `${base}/events`,
        token: `t${n}`,
        body: JSON.stringify({ n }),
      }));
      const durations = await client.run(jobs, 2);
      expect(durations).toHaveLength(3);
      for (const d of durations) expect(d).toBeGreaterThan(0);
      const got = seen.slice(from);
      expect(got.map((r) => r.body).sort()).toEqual(jobs.map((j) => j.body));
      expect(got.map((r) => r.headers.authorization).sort()).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3']);
      expect(got.every((r) => r.headers['content-type'] === 'application/json')).toBe(true);
      await expect(client.run([{ kind: 'http', url: `${base}/missing`, token: 't', body: '{}' }], 1)).rejects.toThrow(
        /→ 404/,
      );
    } finally {
      client.close();
    }
  });

  it('rejects when nothing listens', async () => {
    const agent = keepAliveHttpAgent(1);
    await expect(postJson(agent, 'http://127.0.0.1:1/x', {}, '{}')).rejects.toThrow();
    agent.destroy();
  });
});

/**
 * The bench's HTTP client: POST a JSON body over a keep-alive `node:http` agent. In the bench the client shares
 * the process (and the event loop) with the API and both workers, so its own CPU lands on the duban side's round
 * trip; node:http costs about half what fetch (undici, web streams) does per request (docs/performance.md), so the
 * figure measures the API more and the client less. A real client runs in a process of its own.
 */
import { Agent, request } from 'node:http';

export interface JsonResponse {
  status: number;
  text: string;
}

/** A keep-alive pool of `connections` sockets (the benchmark's concurrency). */
export function keepAliveHttpAgent(connections: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: connections, keepAliveMsecs: 60_000 });
}

export function postJson(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One event POSTed as `token`'s bearer: anything but 200 throws, naming the URL, the status and the reply. */
export async function postEvent(agent: Agent, url: string, token: string, body: string): Promise<void> {
  const response = await postJson(agent, url, { authorization: `Bearer ${token}` }, body);
  if (response.status !== 200) throw new Error(`POST ${url} → ${response.status}: ${response.text}`);
}

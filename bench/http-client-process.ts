/**
 * The bench's HTTP client in a process of its own, as every real client is (a browser, curl, another service):
 * the parent sends a batch of requests over IPC, the child posts them through node:http at the given concurrency
 * and answers with each request's duration as the client saw it. The in-process client (http-client.ts) shares the
 * event loop with the API and both workers, so its own CPU lands on duban's round trip; here it lands on another
 * process, which still shares the machine's cores. Usage (by the bench): fork this file; it exits with its parent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { keepAliveHttpAgent, postEvent } from './http-client';
import { timedPool } from './pool';

export interface HttpJob {
  url: string;
  token: string;
  body: string;
}

interface Batch {
  id: number;
  concurrency: number;
  jobs: HttpJob[];
}

type Reply = { id: number; durations: number[] } | { id: number; error: string };

/** A forked client process; `run` posts a batch and resolves with its durations (ms, index order). */
export class HttpClientProcess {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(d: number[]): void; reject(e: Error): void }>();

  constructor() {
    // tsx's CommonJS hook, as the bench itself runs (a source checkout), or the compiled file next to this one.
    const execArgv = __filename.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [];
    this.child = fork(__filename, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.durations);
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`the HTTP client process exited (${code})`));
      this.waiting.clear();
    });
  }

  run(jobs: HttpJob[], concurrency: number): Promise<number[]> {
    const batch: Batch = { id: this.next++, concurrency, jobs };
    return new Promise((resolve, reject) => {
      this.waiting.set(batch.id, { resolve, reject });
      this.child.send(batch);
    });
  }

  close(): void {
    this.child.kill();
  }
}

function serve(): void {
  let agent = keepAliveHttpAgent(1);
  let size = 1;
  process.on('message', (batch: Batch) => {
    if (batch.concurrency !== size) {
      agent.destroy();
      agent = keepAliveHttpAgent((size = batch.concurrency));
    }
    timedPool(batch.jobs.length, batch.concurrency, (i) => {
      const job = batch.jobs[i]!;
      return postEvent(agent, job.url, job.token, job.body);
    }).then(
      (durations) => process.send!({ id: batch.id, durations } satisfies Reply),
      (err: unknown) => process.send!({ id: batch.id, error: String(err) } satisfies Reply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) serve();

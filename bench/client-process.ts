/**
 * The bench's client in a process of its own, as every real client is (a browser, curl, another service): the
 * parent sends a batch of jobs over IPC, the child runs them at the given concurrency and answers with each job's
 * duration as the client saw it. Every timed side of the event round trip runs here, so none of them shares an
 * event loop with the workers (or, since the fourth pass, with the API): an event POSTed to duban's API through
 * node:http, the same event through MeasureService.send (duban without HTTP), and a raw executeUpdate on the no-op
 * workflow. Usage (by the bench): fork this file; it exits with its parent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import type { Actor, PersonEventBody } from '../src/domain/events';
import { MeasureService } from '../src/service/measures';
import { keepAliveHttpAgent, postEvent } from './http-client';
import { rawUpdate } from './raw-update';
import { timedPool } from './pool';

export type ClientJob =
  /** POST `body` to `url` as `token`'s bearer: anything but 200 fails the batch. */
  | { kind: 'http'; url: string; token: string; body: string }
  /**
   * service: MeasureService.send, duban's event path without the HTTP layer; raw: rawUpdate, the same payload;
   * rawReply: the same answering with a view-sized reply.
   */
  | { kind: 'service' | 'raw' | 'rawReply'; workflowId: string; actor: Actor; event: PersonEventBody };

/** Where the Temporal jobs connect (not needed for HTTP jobs). */
export interface TemporalTarget {
  address: string;
  namespace: string;
}

interface Batch {
  id: number;
  concurrency: number;
  jobs: ClientJob[];
}

type Reply = { id: number; durations: number[] } | { id: number; error: string };

/** A forked client process; `run` runs a batch and resolves with its durations (ms, index order). */
export class ClientProcess {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly waiting = new Map<number, { resolve(d: number[]): void; reject(e: Error): void }>();

  /** `extraExecArgv`: node flags for the child (scripts/profile passes `--cpu-prof`). */
  constructor(temporal?: TemporalTarget, extraExecArgv: string[] = []) {
    // tsx's CommonJS hook, as the bench itself runs (a source checkout), or the compiled file next to this one.
    const execArgv = [...(__filename.endsWith('.ts') ? ['--require', 'tsx/cjs'] : []), ...extraExecArgv];
    const args = temporal ? [temporal.address, temporal.namespace] : [];
    this.child = fork(__filename, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('error' in reply) waiter?.reject(new Error(reply.error));
      else waiter?.resolve(reply.durations);
    });
    this.child.on('exit', (code) => {
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`the client process exited (${code})`));
      this.waiting.clear();
    });
  }

  run(jobs: ClientJob[], concurrency: number): Promise<number[]> {
    const batch: Batch = { id: this.next++, concurrency, jobs };
    return new Promise((resolve, reject) => {
      this.waiting.set(batch.id, { resolve, reject });
      this.child.send(batch);
    });
  }

  /** The child's pid (scripts/profile reads its CPU time). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Disconnects: the child exits on its own (so a `--cpu-prof` child writes its profile). */
  close(): void {
    if (this.child.connected) this.child.disconnect();
    else this.child.kill();
  }
}

/** The child's Temporal side, connected on its first Temporal job (an HTTP-only client needs no server). */
async function connect([address, namespace]: string[]) {
  if (!address || !namespace) throw new Error('this client process was started without a Temporal address');
  const client = new Client({ connection: await Connection.connect({ address }), namespace });
  return { client, service: new MeasureService(client) };
}

function serve(argv: string[]): void {
  let agent = keepAliveHttpAgent(1);
  let size = 1;
  let temporal: ReturnType<typeof connect> | undefined;
  const runJob = async (job: ClientJob): Promise<void> => {
    if (job.kind === 'http') return postEvent(agent, job.url, job.token, job.body);
    const { client, service } = await (temporal ??= connect(argv));
    if (job.kind === 'service') await service.send(job.workflowId, job.actor, job.event);
    else await rawUpdate(client, job.workflowId, job.actor, job.event, job.kind === 'rawReply');
  };
  process.on('message', (batch: Batch) => {
    if (batch.concurrency !== size) {
      agent.destroy();
      agent = keepAliveHttpAgent((size = batch.concurrency));
    }
    timedPool(batch.jobs.length, batch.concurrency, (i) => runJob(batch.jobs[i]!)).then(
      (durations) => process.send!({ id: batch.id, durations } satisfies Reply),
      (err: unknown) => process.send!({ id: batch.id, error: String(err) } satisfies Reply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) serve(process.argv.slice(2));

// Preloaded into a worker process (node --require scripts/profile-thread-heaps.js): when the file
// $DUBAN_THREAD_HEAPS_DIR/probe-<pid> appears, collects garbage in every isolate and writes the V8 heap statistics of the
// main thread and of each worker thread — where Temporal runs the workflows, each its own isolate, invisible to a
// main-thread heap snapshot — to threads-<pid>.json there (then removes the trigger); when snapshot-<pid> appears, writes a
// heap snapshot of each worker thread as thread-<pid>-<n>.heapsnapshot. Plain JS: it runs before tsx.
'use strict';
const dir = process.env.DUBAN_THREAD_HEAPS_DIR;
const { isMainThread } = require('node:worker_threads');
if (dir && isMainThread) {
  const fs = require('node:fs');
  const path = require('node:path');
  const v8 = require('node:v8');
  const { Session } = require('node:inspector');
  const session = new Session();
  session.connect();
  const threads = new Map(); // sessionId → last heap statistics
  let next = 1;
  session.on('NodeWorker.attachedToWorker', ({ params }) => threads.set(params.sessionId, null));
  session.on('NodeWorker.detachedFromWorker', ({ params }) => threads.delete(params.sessionId));
  const chunks = new Map(); // sessionId → heap snapshot chunks being received
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
    const reply = JSON.parse(params.message);
    if (reply.method === 'HeapProfiler.addHeapSnapshotChunk') {
      chunks.get(params.sessionId)?.push(reply.params.chunk);
      return;
    }
    if (chunks.has(params.sessionId) && reply.id && reply.result && !reply.result.result) {
      // takeHeapSnapshot answered: every chunk has arrived.
      const n = [...threads.keys()].indexOf(params.sessionId);
      fs.writeFileSync(
        path.join(dir, `thread-${process.pid}-${n}.heapsnapshot`),
        chunks.get(params.sessionId).join(''),
      );
      chunks.delete(params.sessionId);
      return;
    }
    const value = reply.result && reply.result.result && reply.result.result.value;
    if (typeof value === 'string') threads.set(params.sessionId, JSON.parse(value));
  });
  session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  const expression = 'JSON.stringify(require("node:v8").getHeapStatistics())';
  const trigger = path.join(dir, `probe-${process.pid}`);
  let pending = false;
  const probe = () => {
    // A full GC first in every isolate, so "used" is what is live, not what the next GC would free.
    session.post('HeapProfiler.collectGarbage');
    for (const sessionId of threads.keys()) {
      for (const [method, params] of [
        ['HeapProfiler.collectGarbage', {}],
        ['Runtime.evaluate', { expression, includeCommandLineAPI: true, returnByValue: true }],
      ]) {
        const message = JSON.stringify({ id: next++, method, params });
        session.post('NodeWorker.sendMessageToWorker', { sessionId, message });
      }
    }
  };
  const write = () => {
    const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
    const heap = (s) =>
      s && { usedMB: mb(s.used_heap_size), totalMB: mb(s.total_heap_size), externalMB: mb(s.external_memory || 0) };
    const m = process.memoryUsage();
    const report = {
      at: new Date().toISOString(),
      rssMB: mb(m.rss),
      main: { ...heap(v8.getHeapStatistics()), arrayBuffersMB: mb(m.arrayBuffers), externalMB: mb(m.external) },
      threads: [...threads.values()].map(heap),
    };
    fs.writeFileSync(path.join(dir, `threads-${process.pid}.json`), JSON.stringify(report));
  };
  // Cheap while idle (one stat a second), so the process still looks quiet to the bench; the answers from the
  // threads arrive within the second after the first look, the report is written on the second.
  // snapshot-<pid>: a heap snapshot of each workflow thread, written as thread-<pid>-<n>.heapsnapshot.
  const snapshotTrigger = path.join(dir, `snapshot-${process.pid}`);
  const timer = setInterval(() => {
    if (fs.existsSync(snapshotTrigger)) {
      fs.rmSync(snapshotTrigger, { force: true });
      for (const sessionId of threads.keys()) {
        chunks.set(sessionId, []);
        const message = JSON.stringify({ id: next++, method: 'HeapProfiler.takeHeapSnapshot', params: {} });
        session.post('NodeWorker.sendMessageToWorker', { sessionId, message });
      }
    }
    if (!fs.existsSync(trigger)) return;
    if (pending) {
      pending = false;
      fs.rmSync(trigger, { force: true });
      write();
    } else {
      pending = true;
      probe();
    }
  }, 1000);
  timer.unref();
}

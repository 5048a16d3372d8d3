// Preloaded into a worker process (node --require scripts/profile-thread-heaps.js): every 2 s, writes the V8 heap statistics of
// the main thread and of each worker thread — where Temporal runs the workflows, each its own isolate, invisible
// to a main-thread heap snapshot — to $DUBAN_THREAD_HEAPS_DIR/threads-<pid>.json. Plain JS: it runs before tsx.
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
  session.on('NodeWorker.receivedMessageFromWorker', ({ params }) => {
    const reply = JSON.parse(params.message);
    const value = reply.result && reply.result.result && reply.result.result.value;
    if (typeof value === 'string') threads.set(params.sessionId, JSON.parse(value));
  });
  session.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  const expression = 'JSON.stringify(require("node:v8").getHeapStatistics())';
  const timer = setInterval(() => {
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
  }, 2000);
  timer.unref();
}

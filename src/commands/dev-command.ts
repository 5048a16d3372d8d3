/**
 * `duban dev` (= `npm start`): the embedded stack on one machine — the Temporal dev server on a SQLite file in the
 * data folder with its Web UI, the worker, the HTTP API with the workbench (/app), and every plan in seeds/ imported
 * (idempotently). Ctrl-C stops everything; the next start finds the same workflows in the same SQLite file.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startApiServer } from '../api/server';
import type { Config } from '../config';
import { loadCalendarFile } from '../importer/calendar-file';
import { importPlan } from '../importer/import-plan';
import { ensureTemporalCli } from '../temporal/binary';
import { connectClient } from '../temporal/connection';
import { isListening, startDevServer, type DevServer } from '../temporal/dev-server';
import { createWorkerFromConfig } from '../worker/from-config';
import { printOutcome, readPlanFile } from './import-command';

export const SEEDS_DIR = path.resolve(__dirname, '..', '..', 'seeds');
const PLAN_FILE = /\.(txt|docx|xlsx|json|ya?ml)$/i;

export async function runDev(config: Config, opts: { seeds?: boolean } = {}) {
  const [host, portText] = config.temporal.address.split(':');
  const port = Number(portText ?? 7233);
  let server: DevServer | undefined;
  if (await isListening(host ?? '127.0.0.1', port)) {
    console.log(`Temporal already listening on ${config.temporal.address}: using it.`);
  } else {
    ensureTemporalCli((line) => console.log(line));
    console.log(`Starting the Temporal dev server (SQLite: ${path.join(config.dataDir, 'temporal.db')})…`);
    server = await startDevServer({
      ip: host,
      port,
      dbFile: path.join(config.dataDir, 'temporal.db'),
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      logFile: path.join(config.dataDir, 'temporal.log'),
    });
  }

  const calendar = loadCalendarFile(config.calendarFile);
  const { client, connection } = await connectClient(config.temporal);
  const worker = await createWorkerFromConfig(config);
  const running = worker.run();
  // `duban dev` handles the signals itself and closes the API first.
  const api = await startApiServer(config, { client, handleSignals: false });

  if (opts.seeds !== false) {
    for (const name of readdirSync(SEEDS_DIR)
      .filter((f) => PLAN_FILE.test(f))
      .sort()) {
      const file = path.join(SEEDS_DIR, name);
      const outcome = await importPlan(client, await readPlanFile(file), {
        filename: name,
        calendar,
        taskQueue: config.temporal.taskQueue,
      });
      if (outcome.ok && outcome.report) {
        const r = outcome.report;
        console.log(`seed ${name}: plan ${r.planId} — ${r.started} started, ${r.existing} already there`);
        if (r.pastDue.length) console.log(`  (${r.pastDue.length} measures were past due at import: red, escalating)`);
      } else if (outcome.ok && outcome.amendment) {
        // A seed whose deadlines are relative to its import (the demo) differs every time: left as it is.
        console.log(
          `seed ${name}: plan ${outcome.plan.id} already imported; left as it is (${outcome.amendment.summary})`,
        );
      } else {
        printOutcome(name, outcome, false);
      }
    }
  }

  const ui = server?.uiUrl ?? `http://127.0.0.1:${config.temporal.uiPort}`;
  console.log(`
duban is running.
  Temporal UI   ${ui}/namespaces/${config.temporal.namespace}/workflows
                filter e.g.  DubanLead="自然资源规划建设局"   or   DubanLight="red"   or   DubanState="closed"
  督办工作台    ${api.url}/app  (sign in by picking a department, leader, supervisor or coordinator)
  HTTP API      ${api.url}  (OpenAPI: ${api.url}/api/openapi.json)
                token:  npx duban token 'dept:自然资源规划建设局'   ·   npx duban token supervisor
  CLI           npx duban list --plan xinxiang-hitech-2020   ·   npx duban status xinxiang-hitech-2020/2.1
  outbox        ${path.join(config.dataDir, 'outbox.jsonl')}
Ctrl-C stops everything; the workflows stay in ${path.join(config.dataDir, 'temporal.db')}.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await api.close();
    // The SDK's worker reacts to SIGINT/SIGTERM by itself; shut it down only if it has not started draining yet.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
    await server?.stop();
    console.log('stopped.');
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await running.catch(async (err: unknown) => {
    await server?.stop();
    throw err;
  });
}

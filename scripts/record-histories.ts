/**
 * Records workflow histories for the replay tests (tests/histories/): one lifecycle with extension and rejection,
 * one that climbs the escalation ladder and is submitted late. Run after a *released* change of measureWorkflow
 * only when adding new histories; existing ones must keep replaying (changes go through patched()).
 *   npx tsx scripts/record-histories.ts
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { resolvePolicy } from '../src/domain/policy';
import { startPlan } from '../src/importer/start';
import { EMPTY_CONTACTS } from '../src/notify/contacts';
import { MeasureService } from '../src/service/measures';
import { startDevServer } from '../src/temporal/dev-server';
import { measureWorkflowId } from '../src/temporal/names';
import { createDubanWorker } from '../src/worker';
import { LEAD, LEADER, smallPlan, SUPPORT } from '../tests/integration/fixtures';

const OUT = path.resolve(__dirname, '..', 'tests', 'histories');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await startDevServer({ uiPort: false });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const service = new MeasureService(client);
  const taskQueue = 'record-histories';
  const worker = await createDubanWorker({
    connection: await NativeConnection.connect({ address: server.address }),
    namespace: 'default',
    taskQueue,
    dataDir: mkdtempSync(path.join(tmpdir(), 'duban-record-')),
    contacts: EMPTY_CONTACTS,
  });
  const lead = `dept:${LEAD}`;
  await worker.runUntil(async () => {
    const policy = resolvePolicy({
      remindBefore: '2s',
      escalateAfter: '2s',
      repeatEvery: '2s',
      verifyRemindAfter: '2s',
    });

    const lifecycle = smallPlan({ id: 'replay-lifecycle', dueAt: inSeconds(30), measures: 1 });
    await startPlan(client, lifecycle, policy, { taskQueue });
    const a = measureWorkflowId(lifecycle.id, '2.1');
    await service.send(a, lead, { type: 'START' });
    await service.send(a, `dept:${SUPPORT}`, { type: 'REPORT_PROGRESS', percent: 30, note: '配合部门进展' });
    await service.send(a, lead, { type: 'REQUEST_EXTENSION', newDueAt: inSeconds(60), reason: '资金未到位' });
    await service.send(a, `leader:${LEADER}`, { type: 'APPROVE_EXTENSION' });
    await service.send(a, lead, { type: 'SUBMIT' });
    await sleep(2500); // verification reminder fires
    await service.send(a, 'supervisor', { type: 'REJECT', reason: '材料不全' });
    await service.send(a, lead, { type: 'SUBMIT' });
    await service.send(a, 'supervisor', { type: 'VERIFY' });
    await service.send(a, 'supervisor', { type: 'CLOSE' });
    await client.workflow.getHandle(a).result();

    const ladder = smallPlan({ id: 'replay-ladder', dueAt: inSeconds(3), measures: 1 });
    await startPlan(client, ladder, policy, { taskQueue });
    const b = measureWorkflowId(ladder.id, '2.1');
    await sleep(8000); // remind, overdue, escalate, one repeat
    await service.send(b, lead, { type: 'START' });
    await service.send(b, lead, { type: 'SUBMIT' });
    await service.send(b, 'coordinator', { type: 'CANCEL', reason: '方案调整' });
    await client.workflow.getHandle(b).result();

    for (const [name, id] of [
      ['measure-lifecycle', a],
      ['measure-ladder', b],
    ] as const) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      writeFileSync(path.join(OUT, `${name}.json`), historyToJSON(history));
      console.log(`${name}: ${history.events?.length} events`);
    }
  });
  await connection.close();
  await server.stop();
}

void main();

/**
 * Records workflow histories for the replay tests (tests/histories/), one per scenario below. Recorded files are
 * never overwritten by default: existing histories must keep replaying on new code (changes go through patched()),
 * so a new behaviour gets a new scenario, recorded once.
 *   npx tsx scripts/record-histories.ts               # the scenarios without a file yet
 *   npx tsx scripts/record-histories.ts <name> …      # re-record these (only before a release)
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
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
import { createDubanWorker } from '../src/worker/worker';
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
  const policy = resolvePolicy({ remindBefore: '2s', escalateAfter: '2s', repeatEvery: '2s', verifyRemindAfter: '2s' });

  /** Waits until a part's workflow (started by its parent) answers. */
  const started = async (workflowId: string) => {
    while (
      !(await service.get(workflowId).then(
        () => true,
        () => false,
      ))
    )
      await sleep(200);
  };

  /** Each scenario drives one measure to its end and returns its workflow id. */
  const scenarios: Record<string, () => Promise<string>> = {
    // 0.1.0: a lifecycle with extension and rejection.
    'measure-lifecycle': async () => {
      const plan = smallPlan({ id: 'replay-lifecycle', dueAt: inSeconds(30), measures: 1 });
      await startPlan(client, plan, policy, { taskQueue });
      const a = measureWorkflowId(plan.id, '2.1');
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
      return a;
    },
    // 0.1.0: the escalation ladder climbed, then submitted late and cancelled.
    'measure-ladder': async () => {
      const plan = smallPlan({ id: 'replay-ladder', dueAt: inSeconds(3), measures: 1 });
      await startPlan(client, plan, policy, { taskQueue });
      const b = measureWorkflowId(plan.id, '2.1');
      await sleep(8000); // remind, overdue, escalate, one repeat
      await service.send(b, lead, { type: 'START' });
      await service.send(b, lead, { type: 'SUBMIT' });
      await service.send(b, 'coordinator', { type: 'CANCEL', reason: '方案调整' });
      return b;
    },
    // Since the lazy-timer-rearm patch: progress reports that push the 进展 reminder back keep the timer, which
    // wakes early once and re-arms; then the reminder fires and the measure is closed.
    'measure-lazy-rearm': async () => {
      const plan = smallPlan({ id: 'replay-lazy-rearm', measures: 1 });
      await startPlan(client, plan, resolvePolicy({ progressEvery: '3s' }), { taskQueue });
      const c = measureWorkflowId(plan.id, '2.1');
      await service.send(c, lead, { type: 'START' });
      await sleep(1000);
      await service.send(c, lead, { type: 'REPORT_PROGRESS', percent: 50 });
      await service.send(c, `dept:${SUPPORT}`, { type: 'REPORT_PROGRESS', percent: 60, note: '配合部门进展' });
      await sleep(4500); // the early wake-up, then the reminder
      await service.send(c, lead, { type: 'SUBMIT' });
      await service.send(c, 'supervisor', { type: 'VERIFY' });
      await service.send(c, 'supervisor', { type: 'CLOSE' });
      return c;
    },
    // Since working days (issue 12): a measure due before 国庆 2024, imported late, escalates at the working-day
    // instant from the bundled holiday data (Oct 9); its 签收 deadline (seconds) is missed once, then START, SUBMIT,
    // a verification reminder (seconds), VERIFY, CLOSE. The plan adds a day off of its own.
    'measure-workdays': async () => {
      const plan = smallPlan({ id: 'replay-workdays', dueAt: '2024-09-30T17:00:00+08:00', measures: 1 });
      const workdays = resolvePolicy({
        escalateAfter: '2wd',
        repeatEvery: '2000wd',
        acknowledgeWithin: '2s',
        verifyRemindAfter: '2s',
        calendar: { holidays: ['2024-10-10'] },
      });
      await startPlan(client, plan, workdays, { taskQueue });
      const d = measureWorkflowId(plan.id, '2.1');
      await sleep(3000); // the escalation at once, the 签收 催办 after 2 s
      await service.send(d, lead, { type: 'START' });
      await service.send(d, lead, { type: 'SUBMIT' });
      await sleep(2500); // verification reminder fires
      await service.send(d, 'supervisor', { type: 'VERIFY' });
      await service.send(d, 'supervisor', { type: 'CLOSE' });
      return d;
    },
    // Since appraisal (issue 12): 验收不合格 sends the work back (the appraisal-search-attributes patch publishes
    // DubanGrade 不合格 and DubanRejections), then a graded VERIFY (良好) after a verification reminder, CLOSE.
    'measure-appraisal': async () => {
      const plan = smallPlan({ id: 'replay-appraisal', measures: 1 });
      await startPlan(client, plan, policy, { taskQueue });
      const e = measureWorkflowId(plan.id, '2.1');
      await service.send(e, lead, { type: 'START' });
      await service.send(e, lead, { type: 'SUBMIT' });
      await service.send(e, 'supervisor', { type: 'FAIL_QUALITY', reason: '整改不到位' });
      await service.send(e, lead, { type: 'SUBMIT' });
      await sleep(2500); // verification reminder fires
      await service.send(e, 'supervisor', { type: 'VERIFY', grade: '良好', note: '材料齐全' });
      await service.send(e, 'supervisor', { type: 'CLOSE' });
      return e;
    },
    // Since graded lights, 缓办 and 定期报送 (issue 12, patches graded-lights and periodic-reports): a 漏报, a
    // report, the yellow reminder, a pause approved and resumed (the due time moves 2 s), the orange 预警, another
    // 漏报, OVERDUE; then SUBMIT, VERIFY, CLOSE.
    'measure-time-rules': async () => {
      const plan = smallPlan({ id: 'replay-time-rules', dueAt: inSeconds(8), measures: 1 });
      const rules = resolvePolicy({
        lights: { yellow: 0.5, orange: 0.25 },
        reports: { every: '2s' },
        escalateAfter: '1h',
      });
      await startPlan(client, plan, rules, { taskQueue });
      const e = measureWorkflowId(plan.id, '2.1');
      await service.send(e, lead, { type: 'START' });
      await sleep(2500); // the first period passes without a report: 漏报
      await service.send(e, lead, { type: 'REPORT_PROGRESS', percent: 20 });
      await sleep(2000); // yellow at half the span: REMIND
      await service.send(e, lead, { type: 'REQUEST_PAUSE', reason: '等待上级批复', expectedResumeAt: inSeconds(60) });
      await service.send(e, `leader:${LEADER}`, { type: 'APPROVE_PAUSE' });
      await sleep(2000);
      await service.send(e, lead, { type: 'RESUME' });
      await sleep(4500); // the orange 预警, a 漏报 of the period after the resume, OVERDUE at the moved due time
      await service.send(e, lead, { type: 'SUBMIT' });
      await service.send(e, 'supervisor', { type: 'VERIFY' });
      await service.send(e, 'supervisor', { type: 'CLOSE' });
      return e;
    },
    // 分解 (issue 13, patch split): the parent split into two parts (children), SUBMIT refused while they are open,
    // each part verified (its reports signalled to the parent), then the parent SUBMIT, VERIFY, CLOSE.
    'measure-split': async () => {
      const plan = smallPlan({ id: 'replay-split', measures: 1 });
      await startPlan(client, plan, policy, { taskQueue });
      const f = measureWorkflowId(plan.id, '2.1');
      while ((await service.listAll({ plan: plan.id })).length === 0) await sleep(200); // units are checked on it
      await service.send(f, lead, { type: 'START' });
      const units = [SUPPORT, LEAD];
      const parts = units.map((unit, i) => ({ title: `第${i + 1}片区`, unit }));
      await service.send(f, lead, { type: 'SPLIT', parts });
      for (const [i, unit] of units.entries()) {
        const part = `${f}:p${i + 1}`;
        await started(part);
        await service.send(part, `dept:${unit}`, { type: 'START' });
        await service.send(part, `dept:${unit}`, { type: 'SUBMIT' });
        await service.send(part, 'supervisor', { type: 'VERIFY', grade: '合格' });
        while ((await service.get(f)).rollUp?.done !== i + 1) await sleep(200);
      }
      await service.send(f, lead, { type: 'SUBMIT' });
      await service.send(f, 'supervisor', { type: 'VERIFY' });
      await service.send(f, 'supervisor', { type: 'CLOSE' });
      return f;
    },
    // Since the lean-loop patch (issue 15): the loop awaits a send only when it has one, and an event after which
    // the loop would only sleep again is settled in its handler. Progress reports with nothing to send, a 催办 (a
    // notice), a 改派 swapping lead and support (notices to both), a split into one part that is verified (its
    // report to the parent), then the parent SUBMIT, VERIFY, CLOSE.
    'measure-lean-loop': async () => {
      const plan = smallPlan({ id: 'replay-lean-loop', measures: 1 });
      await startPlan(client, plan, policy, { taskQueue });
      const g = measureWorkflowId(plan.id, '2.1');
      while ((await service.listAll({ plan: plan.id })).length === 0) await sleep(200); // units are checked on it
      await service.send(g, lead, { type: 'START' });
      await service.send(g, lead, { type: 'REPORT_PROGRESS', percent: 10 });
      await service.send(g, 'supervisor', { type: 'URGE', note: '请加快进度' });
      await service.send(g, lead, { type: 'REPORT_PROGRESS', percent: 20 });
      await service.send(g, 'supervisor', { type: 'REASSIGN', reason: '职能调整', lead: [SUPPORT], support: [LEAD] });
      const support = `dept:${SUPPORT}`;
      await service.send(g, support, { type: 'SPLIT', parts: [{ title: '第1片区', unit: LEAD }] });
      const part = `${g}:p1`;
      await started(part);
      await service.send(part, lead, { type: 'START' });
      await service.send(part, lead, { type: 'SUBMIT' });
      await service.send(part, 'supervisor', { type: 'VERIFY', grade: '合格' });
      while ((await service.get(g)).rollUp?.done !== 1) await sleep(200);
      await service.send(g, support, { type: 'SUBMIT' });
      await service.send(g, 'supervisor', { type: 'VERIFY' });
      await service.send(g, 'supervisor', { type: 'CLOSE' });
      return g;
    },
    // Since the queued-notices patch: the ladder's notices are queued and the loop goes on (the next rung's timer
    // armed in the step's own task); a 催办 joins the queue; the run awaits it before it ends.
    'measure-queued-notices': async () => {
      const plan = smallPlan({ id: 'replay-queued-notices', dueAt: inSeconds(3), measures: 1 });
      await startPlan(client, plan, policy, { taskQueue });
      const h = measureWorkflowId(plan.id, '2.1');
      await sleep(6000); // remind, overdue, escalate
      await service.send(h, 'supervisor', { type: 'URGE', note: '请尽快整改' });
      await service.send(h, lead, { type: 'START' });
      await service.send(h, lead, { type: 'SUBMIT' });
      await service.send(h, 'supervisor', { type: 'VERIFY' });
      await service.send(h, 'supervisor', { type: 'CLOSE' });
      return h;
    },
  };

  // Recorded histories are kept as they are: only the named scenarios (or those without a file yet) are recorded.
  const wanted = process.argv.slice(2);
  const names = Object.keys(scenarios).filter((name) =>
    wanted.length ? wanted.includes(name) : !existsSync(path.join(OUT, `${name}.json`)),
  );
  await worker.runUntil(async () => {
    for (const name of names) {
      const id = await scenarios[name]!();
      await client.workflow.getHandle(id).result();
      const history = await client.workflow.getHandle(id).fetchHistory();
      writeFileSync(path.join(OUT, `${name}.json`), historyToJSON(history));
      console.log(`${name}: ${history.events?.length} events`);
    }
  });
  await connection.close();
  await server.stop();
}

void main();

/**
 * The production path end to end, through the HTTP API in production mode with tokens from the tokens file: the
 * seed document imported (21 measures), one measure driven to 已销号 by its lead department and the supervision
 * group, then listing, the plan summary, the department scoreboard and the 台账 read back through SQL visibility.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call,
   @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   response bodies are untyped JSON off the wire; the assertions are what check their shape */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, duplicateNotices, eventually, figures, outbox } from './harness';

const SEED_FILE = 'xinxiang-hitech-2020-rectification-plan.txt';
const seed = readFileSync(path.resolve(__dirname, '..', '..', 'seeds', SEED_FILE), 'utf8');
const PLAN = 'xinxiang-hitech-2020';

interface Started {
  workflowId: string;
  measureId: string;
  lead: string[];
  leaders: string[];
}

let measures: Started[] = [];

/** Every page of a listing, following nextPageToken. */
async function listAll(query: string, as: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let token: string | undefined;
  do {
    const res = await call('GET', `/api/measures?${query}&pageSize=8${token ? `&pageToken=${token}` : ''}`, { as });
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    token = res.body.nextPageToken;
  } while (token);
  return items;
}

describe('the seed plan on the production cluster', () => {
  it('imports the seed document once (21 measures), only for the coordinator and only with a valid token', async () => {
    const noToken = await call('POST', `/api/plans?filename=${SEED_FILE}`, { text: seed });
    expect(noToken.status).toBe(401);
    const dept = await call('POST', `/api/plans?filename=${SEED_FILE}`, { as: 'dept:经济发展局', text: seed });
    expect(dept.status).toBe(403);

    const first = await call('POST', `/api/plans?filename=${SEED_FILE}`, { as: 'coordinator', text: seed });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ planId: PLAN, started: 21, existing: 0 });
    measures = first.body.measures;
    expect(new Set(measures.map((m) => m.workflowId)).size).toBe(21);

    const again = await call('POST', `/api/plans?filename=${SEED_FILE}`, { as: 'coordinator', text: seed });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ started: 0, existing: 21 });

    // Visibility (PostgreSQL) catches up: every measure listed once, across pages.
    const listed = await eventually('21 measures listed', async () => {
      const items = await listAll(`plan=${PLAN}`, 'supervisor');
      return items.length === 21 && items;
    });
    expect(new Set(listed.map((m) => m.workflowId))).toEqual(new Set(measures.map((m) => m.workflowId)));
    figures('seed', { imported: 21, listed: listed.length });
  });

  it('drives one measure to 已销号 through the API and reads it back from visibility and the reports', async () => {
    const m = measures[0]!;
    const lead = `dept:${m.lead[0]}`;
    const url = `/api/measures/${PLAN}/${m.measureId}`;
    const send = async (as: string, event: Record<string, unknown>) => {
      const res = await call('POST', `${url}/events`, { as, json: event });
      if (res.status !== 200)
        throw new Error(`${event.type as string} as ${as}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };

    const view = await call('GET', url, { as: lead });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ state: 'assigned', allowed: expect.arrayContaining(['START']) });
    // The token decides who acts: a supervisor cannot start the department's work, an actor in the body is refused.
    expect((await call('POST', `${url}/events`, { as: 'supervisor', json: { type: 'START' } })).status).toBe(403);
    const forged = await call('POST', `${url}/events`, { as: lead, json: { type: 'START', actor: 'supervisor' } });
    expect(forged.status).toBe(400);

    expect((await send(lead, { type: 'START', note: '开始整改' })).state).toBe('in_progress');
    expect((await send(lead, { type: 'REPORT_PROGRESS', percent: 60, note: '过半' })).progress.percent).toBe(60);
    expect((await send(lead, { type: 'SUBMIT', note: '材料已报' })).state).toBe('submitted');
    expect((await send('supervisor', { type: 'REJECT', reason: '缺少验收材料' })).state).toBe('in_progress');
    expect((await send(lead, { type: 'SUBMIT', note: '补充材料' })).state).toBe('submitted');
    expect((await send('supervisor', { type: 'VERIFY' })).state).toBe('verified');
    const closed = await send('supervisor', { type: 'CLOSE', note: '销号' });
    expect(closed).toMatchObject({ state: 'closed', stateLabel: '已销号' });

    const timeline = await call('GET', `${url}/timeline`, { as: 'supervisor' });
    const entries: Array<Record<string, string>> = timeline.body.entries;
    // Past due at import: the ladder's catch-up step comes first, from duban's own timers.
    expect(entries[0]).toMatchObject({ type: 'ESCALATE', actor: 'system', from: 'assigned', to: 'assigned' });
    const people = entries.filter((e) => e.actor !== 'system');
    expect(people.map((e) => [e.type, e.actor, e.from, e.to])).toEqual([
      ['START', lead, 'assigned', 'in_progress'],
      ['REPORT_PROGRESS', lead, 'in_progress', 'in_progress'],
      ['SUBMIT', lead, 'in_progress', 'submitted'],
      ['REJECT', 'supervisor', 'submitted', 'in_progress'],
      ['SUBMIT', lead, 'in_progress', 'submitted'],
      ['VERIFY', 'supervisor', 'submitted', 'verified'],
      ['CLOSE', 'supervisor', 'verified', 'closed'],
    ]);

    const closedRows = await eventually('the closed measure in visibility', async () => {
      const res = await call('GET', `/api/measures?plan=${PLAN}&state=closed`, { as: 'supervisor' });
      return res.body.items?.length === 1 && res.body.items;
    });
    expect(closedRows[0]).toMatchObject({ workflowId: m.workflowId, state: 'closed', late: true, status: 'COMPLETED' });

    const summary = await eventually('the plan summary counts it', async () => {
      const res = await call('GET', `/api/plans/${PLAN}`, { as: 'supervisor' });
      return res.body.closed === 1 && res.body;
    });
    expect(summary).toMatchObject({ total: 21, closed: 1, overdue: 20 });
    expect(summary.byState).toMatchObject({ assigned: 20, closed: 1 });

    const report = await call('GET', `/api/reports/departments?plan=${PLAN}`, { as: `leader:${m.leaders[0]}` });
    expect(report.status).toBe(200);
    const row = report.body.departments.find((d: { department: string }) => d.department === m.lead[0]);
    expect(row).toMatchObject({ closed: 1, late: 1 });
    const leads = new Set(measures.flatMap((x) => x.lead));
    expect(report.body.departments.map((d: { department: string }) => d.department).sort()).toEqual([...leads].sort());

    const ledger = await call('GET', `/api/ledger.xlsx?plan=${PLAN}`, { as: 'supervisor' });
    expect(ledger.status).toBe(200);
    expect(ledger.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(ledger.bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    // The seed's deadline (2021) is long past: each measure was marked overdue and escalated, each notice once.
    const notices = outbox({ planId: PLAN });
    expect(notices.length).toBeGreaterThanOrEqual(21);
    expect(duplicateNotices(notices)).toEqual([]);
    figures('seed lifecycle', {
      events: people.length,
      timeline: entries.length,
      notices: notices.length,
      duplicates: 0,
    });
  });
});

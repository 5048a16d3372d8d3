/** `duban report` (the department scoreboard in the terminal) and `duban ledger` (the 台账 as Excel). */
import { writeFileSync } from 'node:fs';
import { ledgerRows } from '../reports/ledger';
import { ledgerWorkbook } from '../reports/ledger-xlsx';
import { departmentScoreboard } from '../reports/scoreboard';
import { DubanError } from '../service/errors';
import type { MeasureService } from '../service/measures';
import { MeasureFilterSchema } from '../service/visibility-query';
import { table } from './format';

export async function reportCommand(service: MeasureService, opts: { plan?: string; json?: boolean }) {
  const filter = MeasureFilterSchema.safeParse({ plan: opts.plan });
  if (!filter.success) throw new DubanError('bad_request', `--plan: ${filter.error.issues[0]?.message}`);
  const scores = departmentScoreboard(await service.listAll(filter.data));
  if (opts.json) {
    console.log(JSON.stringify(scores, null, 2));
    return;
  }
  console.log(
    table(
      ['牵头部门', 'total', '🔴 red', '🟡 yellow', '🟢 green', 'submitted', 'done', 'late', 'escalated', 'completion'],
      scores.map((s) => [
        s.department,
        String(s.total),
        String(s.open.red),
        String(s.open.yellow),
        String(s.open.green),
        String(s.byState.submitted),
        String(s.done),
        String(s.late),
        String(s.escalated),
        `${Math.round(s.completion * 100)}%`,
      ]),
    ),
  );
}

export async function ledgerCommand(service: MeasureService, opts: { out: string; plan?: string }) {
  if (!/\.xlsx$/i.test(opts.out))
    throw new DubanError('bad_request', `--out: the ledger is an Excel file, e.g. --out 台账.xlsx`);
  const filter = MeasureFilterSchema.safeParse({ plan: opts.plan });
  if (!filter.success) throw new DubanError('bad_request', `--plan: ${filter.error.issues[0]?.message}`);
  const views = await service.views(filter.data);
  const title = opts.plan ? (views[0]?.planTitle ?? opts.plan) : '整改措施台账';
  writeFileSync(opts.out, await ledgerWorkbook(ledgerRows(views), `${title} 整改台账`, new Date()));
  console.log(`台账: ${views.length} measure(s) → ${opts.out}`);
}

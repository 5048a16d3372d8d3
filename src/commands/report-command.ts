/** `duban report` (the department scoreboard in the terminal) and `duban ledger` (the 台账 as Excel). */
import { ledgerRows } from '../reports/ledger';
import { ledgerWorkbook } from '../reports/ledger-xlsx';
import { departmentScoreboard } from '../reports/scoreboard';
import type { MeasureService } from '../service/measures';
import type { MeasureFilter } from '../temporal/visibility-query';
import { writeOutputFile } from '../util/write-output';
import { table } from './format';

export async function reportCommand(service: MeasureService, filter: MeasureFilter, json: boolean) {
  const scores = departmentScoreboard(await service.listAll(filter));
  if (json) {
    console.log(JSON.stringify(scores, null, 2));
    return;
  }
  console.log(
    table(
      [
        '牵头部门',
        'total',
        '🔴 red',
        '🟠 orange',
        '🟡 yellow',
        '🟢 green',
        '⚪ grey',
        'submitted',
        'done',
        'late',
        'escalated',
        'completion',
      ],
      scores.map((s) => [
        s.department,
        String(s.total),
        String(s.open.red),
        String(s.open.orange),
        String(s.open.yellow),
        String(s.open.green),
        String(s.open.grey),
        String(s.byState.submitted),
        String(s.done),
        String(s.late),
        String(s.escalated),
        `${Math.round(s.completion * 100)}%`,
      ]),
    ),
  );
}

export async function ledgerCommand(service: MeasureService, filter: MeasureFilter, out: string, force = false) {
  const views = await service.views(filter);
  const title = filter.plan ? (views[0]?.planTitle ?? filter.plan) : '整改措施台账';
  writeOutputFile(out, await ledgerWorkbook(ledgerRows(views), `${title} 整改台账`, new Date()), { force });
  console.log(`台账: ${views.length} measure(s) → ${out}`);
}

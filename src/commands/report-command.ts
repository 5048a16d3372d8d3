/** `duban report` (the scoreboard in the terminal, by department, indicator or leader) and `duban ledger` (the 台账). */
import type { CalendarExtras } from '../domain/policy';
import { GRADES } from '../measure';
import { ledgerRows } from '../reports/ledger';
import { ledgerWorkbook } from '../reports/ledger-xlsx';
import { scoreboard, scoreboardNow, type ScoreboardBy } from '../reports/scoreboard';
import type { MeasureService } from '../service/measures';
import type { MeasureFilter } from '../temporal/visibility-query';
import { writeOutputFile } from '../util/write-output';
import { table } from './format';

const HEADINGS: Record<ScoreboardBy, string> = {
  department: '牵头部门',
  indicator: '指标 indicator',
  leader: '责任领导',
};
const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

export async function reportCommand(
  service: MeasureService,
  filter: MeasureFilter,
  opts: { json: boolean; by?: ScoreboardBy; calendar?: CalendarExtras },
) {
  const by = opts.by ?? 'department';
  const rows = scoreboard(await service.listAll(filter), by, scoreboardNow(opts.calendar));
  if (opts.json) {
    // Each row names its department / indicator / leader under that key too, as the API's rows do.
    console.log(
      JSON.stringify(
        rows.map((r) => ({ [by]: r.name, ...r })),
        null,
        2,
      ),
    );
    return;
  }
  console.log(
    table(
      [
        '名次',
        HEADINGS[by],
        '得分 score',
        'total',
        '🔴 red',
        '🟠 orange',
        '⚪ grey',
        'done',
        '按时率 on time',
        '逾期完成 late',
        '逾期未完成 overdue',
        '最长逾期 (工作日)',
        '退回 rejected',
        GRADES.join('/'),
      ],
      rows.map((s) => [
        s.rank === null ? '—' : String(s.rank),
        s.planId && !filter.plan ? `${s.planId} ${s.name}` : s.name,
        s.score === null ? '—' : s.score.toFixed(1),
        String(s.total),
        String(s.open.red),
        String(s.open.orange),
        String(s.open.grey),
        String(s.done),
        percent(s.onTimeRate),
        String(s.late),
        String(s.overdueOpen),
        String(s.longestOverdueWorkdays),
        String(s.rejections),
        GRADES.map((g) => s.grades[g]).join('/'),
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

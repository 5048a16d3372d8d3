/** `duban bulletin`: the 督办通报 of a plan for a period, written as a Word document. */
import type { CalendarExtras } from '../domain/policy';
import { bulletinDownload, type BulletinQuery } from '../reports/bulletin-download';
import type { MeasureService } from '../service/measures';
import { writeOutputFile } from '../util/write-output';

export async function bulletinCommand(
  service: MeasureService,
  query: BulletinQuery,
  opts: { out: string; force?: boolean; calendar?: CalendarExtras },
) {
  const { file, model } = await bulletinDownload(service, query, { calendar: opts.calendar });
  writeOutputFile(opts.out, file, { force: opts.force });
  const o = model.overall;
  console.log(
    `通报: ${model.title} (${model.since} – ${model.until}): ${o.total} measure(s), ${o.overdueOpen} 逾期未完成, ` +
      `${o.late} 逾期完成, ${o.rejectedInPeriod} sent back in the period → ${opts.out}`,
  );
}

/**
 * The 台账 as a download: the workbook of every listed measure's view and the headers that name the file. One
 * function for both routes that serve it — `GET /api/ledger.xlsx` (bearer) and `GET /app/ledger.xlsx` (the
 * workbench's cookie) — so both hand out the same file.
 */
import type { MeasureService, ViewsOptions } from '../service/measures';
import { ledgerRows } from './ledger';
import { ledgerWorkbook } from './ledger-xlsx';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function ledgerDownload(
  service: MeasureService,
  plan: string | undefined,
  bound: ViewsOptions['bound'],
  now = new Date(),
): Promise<{ file: Buffer; contentDisposition: string }> {
  // Each Temporal call is bounded on its own: a ledger of thousands of measures takes as long as it takes.
  const views = await service.views(plan ? { plan } : {}, { bound });
  const title = plan ? (views[0]?.planTitle ?? plan) : '整改措施';
  const file = await ledgerWorkbook(ledgerRows(views), `${title} 整改台账`, now);
  const name = `ledger${plan ? `-${plan}` : ''}.xlsx`;
  return {
    file,
    contentDisposition: `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`台账-${name}`)}`,
  };
}

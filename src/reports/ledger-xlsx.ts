/** Writes the 台账 as an Excel workbook: a title row, frozen headers, widths that fit Chinese text, red rows for 逾期. */
import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS, type LedgerRow } from './ledger';

/** The 亮灯 cell in the light's own colour (green stays plain: nothing to look at). */
const LIGHT_COLOURS: Record<string, string> = { 红: 'FFC00000', 橙: 'FFD35400', 黄: 'FFB8860B', 灰: 'FF7F7F7F' };

export async function ledgerWorkbook(rows: readonly LedgerRow[], title: string, generatedAt: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'duban 督办';
  workbook.created = generatedAt;
  const sheet = workbook.addWorksheet('整改台账', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = LEDGER_COLUMNS.map(({ key, width }) => ({ key, width }));

  const titleRow = sheet.addRow([
    `${title}（生成时间 ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC）`,
  ]);
  titleRow.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, LEDGER_COLUMNS.length);
  const header = sheet.addRow(LEDGER_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

  for (const row of rows) {
    const added = sheet.addRow(row);
    added.alignment = { vertical: 'top', wrapText: true };
    const colour = LIGHT_COLOURS[String(row.light)];
    if (colour) added.getCell('light').font = { color: { argb: colour }, bold: true };
  }
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: LEDGER_COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

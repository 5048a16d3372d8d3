/**
 * An Excel workbook (.xlsx) → the text the document parser reads, as if each sheet had been copied out of Excel:
 * one tab-separated line per row (parse-table.ts reads it), a row with a single filled cell (a merged title such as
 * "XX县整改任务清单", or "一、获得电力") as a plain line, a blank line between sheets. Hidden sheets are not read.
 * A merged range gives its value once, at its top-left cell: a 指标 or 问题 merged down over several measures reads
 * as the empty cell the table parser continues from the row above. Pure apart from exceljs (bytes in, text out).
 */
import ExcelJS from 'exceljs';
import { readZip, ZipLimitError } from './zip-guard';
import { tsvRow } from './tsv';

export class XlsxError extends Error {}

const pad = (n: number) => String(n).padStart(2, '0');
// Excel dates carry no zone: exceljs gives the wall-clock date at UTC midnight.
const day = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** A value's text as Excel shows it, for the values a task list holds; a formula shows its result. */
function textOf(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return day(value);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return textOf(value.result);
  if ('text' in value) return String(value.text);
  return ''; // an error value (#N/A …)
}

/** A merged range shows its value once, at its top-left cell. */
const cellText = (cell: ExcelJS.Cell) =>
  cell.isMerged && cell.master.address !== cell.address ? '' : textOf(cell.value);

export async function xlsxToText(bytes: Uint8Array): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs inflates the whole container in memory: measure it within limits first (zip-guard.ts).
    readZip(bytes, () => false);
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    if (err instanceof ZipLimitError) throw err;
    throw new XlsxError(`not a readable .xlsx workbook: ${(err as Error).message}`);
  }
  const sheets: string[] = [];
  for (const sheet of workbook.worksheets) {
    if (sheet.state !== 'visible') continue;
    const lines: string[] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
      while (cells.length && !cells[cells.length - 1]) cells.pop();
      const filled = cells.filter(Boolean);
      lines.push(filled.length === 1 ? filled[0]!.trim() : tsvRow(cells));
    });
    sheets.push(lines.join('\n'));
  }
  if (sheets.length === 0) throw new XlsxError('the workbook has no visible sheet');
  return sheets.join('\n\n');
}

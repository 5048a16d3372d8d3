/**
 * Table rows as an office program puts them on the clipboard: cells separated by tabs, a cell holding a line break
 * or a quote wrapped in quotes (inner quotes doubled). parse-table.ts reads exactly this, so documents read from
 * Word (.docx) and Excel (.xlsx) files reach the parser in the same shape as a table pasted by hand.
 */

export function tsvCell(text: string): string {
  const cell = text.replace(/\t/g, ' ').trim();
  return /[\n"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function tsvRow(cells: string[]): string {
  return cells.map(tsvCell).join('\t');
}

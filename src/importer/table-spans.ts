/**
 * Merged cells in a table pasted as text. Word flattens a table whose header cell spans several body columns (a
 * "分解情况" over 指标 | 数量 | 分解到乡镇) into rows wider than the header, and a cell merged down several rows (the
 * 项目 on the left, 责任领导/责任单位 on the right) into later rows that hold only the cells that were not merged.
 * Officials read such a table by its first full row: the spanning header cell is the task column (its sub-columns
 * have no names of their own, so they are the task's parts), and a short row repeats what the merged cells above
 * it say. Pure; parse-table.ts calls it before it names the cells.
 */
import type { Column } from './table-header';

/**
 * The rows of a table (cells as split) laid on its header: a row wider than the header spreads its task column over
 * the extra cells (joined by line breaks, the first part first); a row shorter than the widest one, after a wide
 * row, starts at the task column and takes the cells it lacks from the row above. Undefined when no row is wider
 * than the header or the header has no task column: the table has no merged cells to read.
 */
export function alignMergedCells(columns: Array<Column | undefined>, rows: string[][]): string[][] | undefined {
  const width = columns.length;
  const span = columns.indexOf('measure');
  const widest = Math.max(...rows.map((r) => r.length));
  if (span < 0 || widest <= width) return undefined;
  // A position in a row `extra` cells wider than the header as a header column: the task covers span..span+extra.
  const columnAt = (p: number, extra: number) => (p < span ? p : p <= span + extra ? span : p - extra);
  const out: string[][] = [];
  let above: string[] | undefined;
  let seenWide = false;
  for (const cells of rows) {
    // After the first wide row every row of the grid has the widest row's cells, less those merged downwards.
    const short = above !== undefined && seenWide && cells.length < widest;
    seenWide ||= cells.length === widest;
    if (!short && cells.length <= width) {
      out.push((above = cells));
      continue;
    }
    // A wide row holds every cell; a short one lacks the merged ones: it starts at the task's parts when the rest
    // fits from there, else it lacks only leading cells. What it lacks repeats the row above (merged downwards).
    const first = !short ? 0 : cells.length <= widest - span ? span : widest - cells.length;
    const laid: string[] = short ? [...above!] : Array<string>(width).fill('');
    const parts: string[] = [];
    cells.forEach((cell, k) => {
      const column = columnAt(first + k, short ? widest - width : cells.length - width);
      if (column === span) parts.push(cell);
      else laid[column] = cell;
    });
    if (parts.length > 0) laid[span] = parts.join('\n');
    out.push((above = laid));
  }
  return out;
}

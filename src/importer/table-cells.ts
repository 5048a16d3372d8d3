/**
 * The cells of a flattened table row, placed in their columns by what they look like (parse-table-flat.ts). Pure.
 *
 * A row copied one cell per line (or split at spaces) loses its empty and merged cells, and a long cell may wrap
 * over several lines, so its pieces cannot be placed by position alone. Each piece has a kind — a 序号, a unit
 * list, persons, a 时限, or text — and each column wants one (a unit column units, 责任领导 persons, 完成时限 a
 * date-like phrase, the task column text). The pieces are placed in order, several consecutive pieces of one kind
 * into one cell (a wrapped task, one unit per line), a column without a piece left empty (a merged cell), and the
 * placement that fits best wins. A piece of text after the row's last column starts a further task of the same
 * 序号 (a merged 序号 cell: "5 | 开工建设县老年养护楼 | 县民政局 | 5月底前" then "开工建设老年大学 | 12月底前").
 * A row with exactly one piece per column is read by position when every piece fits its column tolerably.
 */
import { seg } from './doc-text';
import { orgLike, splitNames } from './doc-keywords';
import { rowNumber, type Column } from './table-header';

export type PieceKind = 'empty' | 'number' | 'units' | 'persons' | 'due' | 'text';

/** Words of a 时限 cell: a month, a year's end or part, a date, an ongoing word. */
const DUE_WORDS =
  /(?:\d{1,2}|[一二三四五六七八九十]{1,2})月|年底|年末|年内|全年|季度|半年|长期|持续|立行立改|常态|\d{4}年|\d{4}[-./]\d/;
/** A person: two to four characters (a single space may sit inside "刘 强"), or a post (分管副区长). */
const PERSON_RE = /^(?:\p{Script=Han}(?: ?\p{Script=Han}){1,3}|.{1,8}(?:书记|长|主任|主席|委员))$/u;
/** "X(牵头)": the lead of a unit list. */
const LEAD_MARK = /[(（]\s*牵头\s*[)）]/g;

/** What a piece of a row looks like. */
export function kindOf(piece: string): PieceKind {
  const t = piece.trim();
  if (t === '') return 'empty';
  if (rowNumber(t) !== undefined) return 'number';
  if (t.length <= 16 && DUE_WORDS.test(t) && !/[。;；]./.test(t)) return 'due';
  const list = seg(t.replace(LEAD_MARK, '').replace(/[。;；,，、.]+$/, ''));
  const names = splitNames(list);
  if (names && names.every(orgLike)) return 'units';
  const persons = t.split(/[、,，;；]/).map((p) => p.trim());
  if (persons.every((p) => PERSON_RE.test(p) && !orgLike(seg(p)))) return 'persons';
  return 'text';
}

/** The kind of piece a column holds. */
const WANTS: Record<Column, PieceKind | undefined> = {
  number: 'number',
  indicator: 'text',
  problem: 'text',
  measure: 'text',
  lead: 'units',
  support: 'units',
  leaders: 'persons',
  due: 'due',
};

/** How well a piece fits a column (the first piece of its cell, or a further one). */
function fit(column: Column | undefined, kind: PieceKind, further: boolean): number {
  if (kind === 'empty') return further ? -1 : 0;
  if (column === undefined) return further ? -0.5 : kind === 'text' ? 0.5 : 0;
  const wants = WANTS[column]!;
  if (kind === wants) return wants === 'number' ? (further ? -9 : 4) : further ? (wants === 'text' ? 0.5 : 2) : 3;
  if (wants === 'number') return -9;
  if (wants === 'text') return kind === 'number' ? -3 : -1;
  if (wants === 'persons' && kind === 'units') return -1.5;
  return -4;
}

/** A column left without a piece: a merged or empty cell (a task without its own lead is rarer than one without
 * supporting units, so a single unit cell is the lead's). */
const SKIP = (column: Column | undefined) =>
  column === undefined ? 0 : column === 'measure' ? -6 : column === 'lead' ? -2 : -1;
/** Starting a further task of the same 序号 (its 序号 and the cells before its task merged). */
const RESTART = -4;

/** One row's cells: by column index, its pieces (absent: no piece, a merged cell). */
export type PlacedRow = Map<number, string[]>;

/**
 * Places a row's pieces (in order) in the columns; a piece of text past the last column may start a further task.
 * Returns the rows (the first, then any further tasks of the same 序号).
 */
export function placePieces(columns: Array<Column | undefined>, pieces: string[]): PlacedRow[] {
  const kinds = pieces.map(kindOf);
  const width = columns.length;
  const positional = pieces.length === width && kinds.every((k, i) => fit(columns[i], k, false) >= -1);
  if (positional) return [new Map(pieces.map((p, i) => [i, [p]]))];
  const restartAt = columns.indexOf('measure');
  // best[i][k]: the best score having placed pieces[0..i) with columns [0..k) settled.
  type Step = { score: number; from?: [number, number]; take?: number; restart?: boolean };
  const best: Step[][] = Array.from({ length: pieces.length + 1 }, () =>
    Array.from({ length: width + 1 }, () => ({ score: -Infinity })),
  );
  best[0]![0] = { score: 0 };
  for (let i = 0; i <= pieces.length; i++) {
    // Twice over the columns: a restart reaches a column left of the one it leaves.
    for (let kk = 0; kk <= 2 * width + 1; kk++) {
      const k = kk % (width + 1);
      const here = best[i]![k]!.score;
      if (here === -Infinity) continue;
      const relax = (ni: number, nk: number, score: number, take: number, restart = false) => {
        if (score > best[ni]![nk]!.score) best[ni]![nk] = { score, from: [i, k], take, restart };
      };
      if (k < width) {
        relax(i, k + 1, here + SKIP(columns[k]), 0);
        let s = here;
        for (let j = i; j < pieces.length; j++) {
          s += fit(columns[k], kinds[j]!, j > i);
          relax(j + 1, k + 1, s, j + 1 - i);
        }
      }
      // A further task of this 序号: back to the task column, once the row is past its last column.
      if (restartAt >= 0 && k === width && i < pieces.length && kinds[i] === 'text') {
        relax(i, restartAt, here + RESTART, 0, true);
      }
    }
  }
  const rows: PlacedRow[] = [new Map<number, string[]>()];
  const steps: Array<{ k: number; i: number; take: number; restart: boolean }> = [];
  for (let at: [number, number] = [pieces.length, width]; best[at[0]]![at[1]]!.from;) {
    const step = best[at[0]]![at[1]]!;
    const [pi, pk] = step.from!;
    steps.unshift({ k: pk, i: pi, take: step.take ?? 0, restart: step.restart ?? false });
    at = [pi, pk];
  }
  for (const step of steps) {
    if (step.restart) rows.push(new Map<number, string[]>());
    else if (step.take > 0) rows[rows.length - 1]!.set(step.k, pieces.slice(step.i, step.i + step.take));
  }
  return rows;
}

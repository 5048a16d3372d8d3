/** Terminal output for the CLI: aligned tables that count CJK characters as two columns, and a progress bar. */

/** Display width: CJK ideographs, full-width forms and punctuation take two terminal columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const wide =
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6);
    width += wide ? 2 : 1;
  }
  return width;
}

/** Cuts `text` to at most `max` columns, marking the cut with "…". */
export function truncate(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));

export function table(headers: string[], rows: string[][], maxWidths: number[] = []): string {
  const cells = rows.map((row) => row.map((cell, i) => (maxWidths[i] ? truncate(cell, maxWidths[i]) : cell)));
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...cells.map((row) => displayWidth(row[i] ?? ''))));
  const line = (row: string[]) =>
    row
      .map((cell, i) => pad(cell, widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** A one-line progress bar on stderr when it is a terminal; silent otherwise (CI logs stay clean). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let last = -1;
  return (done: number, total: number) => {
    if (!stream.isTTY) return;
    const percent = total ? Math.floor((done / total) * 100) : 100;
    if (percent === last && done !== total) return;
    last = percent;
    const filled = Math.round(percent / 4);
    stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(25 - filled)}] ${done}/${total}`);
    if (done === total) stream.write('\n');
  };
}

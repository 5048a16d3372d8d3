/**
 * What kind of doubt a review's message is (review.ts), with the facts it names. The parser's messages are English
 * for the CLI, the API and the review file; a page for people says each kind again in its own words (the
 * workbench: src/web/words.ts DOUBT_WORDS), from the same facts. Kept beside the importer so a new message and its
 * kind are written by one owner; a message no pattern knows is `other`, shown as written.
 */

/** Each kind and the message it matches; the groups are the facts a wording may use, in order. */
export const DOUBT_PATTERNS = {
  no_lead: /^no 牵头部门 \(lead department\) found/,
  inherits_lead: /^measure (\S+) has no attribution of its own; it inherits 牵头部门 (.+) from (.+)$/,
  unread_due: /: could not read the 时限 "(.*)"; using the plan deadline (\S+)/,
  unread_attribution: /: could not read the attribution "(.*)"/,
  ignored_unit: /: ignored "(.*)" in its attribution/,
  after_closing: /^this text follows the closing attribution of the measure at line (\d+)/,
  after_list: /^this paragraph follows the last item of a list \(line (\d+)\)/,
  unnumbered: /^the 整改措施 under "(.*)" are not numbered/,
  no_publication_date: /^no 发布时间 \(publication date\) found/,
  duplicate_number: /^duplicate measure number \((\d+)\) in (.+): already used at line (\d+)/,
  numbering_jump: /^(.+): measure numbering jumps from (\d+) to (\d+)/,
  no_text: /has no text \(only an attribution\)/,
  problem_outside: /^a 现存问题 \(problem\) outside any indicator/,
  problem_attribution: /^a 现存问题 \(problem\) item carries an attribution/,
  unreadable_chars: /^unreadable characters/,
  no_title: /^no (?:title line recognised|plan title found)/,
  no_deadline: /^no plan-wide deadline found .*: (\d+) measure/,
  no_supervisors: /^no 联合督导组 \(joint supervision group\) found/,
  row_width: /^this table row has (\d+) cells but its header \(line (\d+)\) has (\d+) columns/,
  unread_cell: /^could not read the (.+) cell "(.*)" of this table row/,
  row_without_text: /^a table row without 整改措施/,
  stray_row: /^this line looks like a table row/,
  no_holiday_data: /^no PRC holiday data for (.+?) yet/,
} as const satisfies Record<string, RegExp>;

export type DoubtKind = keyof typeof DOUBT_PATTERNS | 'other';

export interface DoubtFacts {
  kind: DoubtKind;
  /** The facts the message names (the pattern's groups), in order. */
  facts: string[];
}

export function doubtKind(message: string): DoubtFacts {
  for (const [kind, pattern] of Object.entries(DOUBT_PATTERNS) as Array<[DoubtKind, RegExp]>) {
    const match = pattern.exec(message);
    if (match) return { kind, facts: match.slice(1).map((g) => g ?? '') };
  }
  return { kind: 'other', facts: [] };
}

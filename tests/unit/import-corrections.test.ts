/**
 * The workbench's review in place (src/importer/corrections.ts, doubt-kinds.ts): corrections per measure are
 * applied to the review's draft and written as the review file, which imports as a plan file with exactly the
 * corrected units and deadline and nothing else changed; invalid corrections are refused per field. Every doubt the
 * fixture documents raise has a kind the workbench words in Chinese (none falls through to `other`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCorrections, splitNames, type MeasureCorrection } from '../../src/importer/corrections';
import { doubtKind } from '../../src/importer/doubt-kinds';
import { officeText } from '../../src/importer/office';
import { parsePlanSource } from '../../src/importer/parse';
import { reviewPlanSource, type Review } from '../../src/importer/review';
import { shanghaiDate } from '../../src/measure';
import { DOUBT_WORDS, doubtText } from '../../src/web/words';
import { FIXTURES, readFixture } from './plan-fixtures';

const NOW = new Date('2026-11-29T00:00:00Z');

function reviewOf(name: string): Review {
  const result = reviewPlanSource(readFixture(name), { filename: name, now: NOW });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { plan: result.plan, doubts: result.doubts };
}

/** The form as prefilled: what the review understood of each measure. */
function prefilled(review: Review): MeasureCorrection[] {
  return review.plan.indicators.flatMap((i) =>
    i.measures.map((m) => ({
      lead: m.lead.join('、'),
      support: m.support.join('、'),
      leaders: m.leaders.join('、'),
      dueAt: m.dueAt ? shanghaiDate(Date.parse(m.dueAt)) : '',
    })),
  );
}

describe('corrections in place', () => {
  it('fills in the missing leads, moves a deadline, and the file imports as that plan', () => {
    const review = reviewOf('review-gaps.txt');
    const form = prefilled(review);
    const missing = form.map((c, k) => (c.lead === '' ? k : -1)).filter((k) => k >= 0);
    expect(missing.length).toBe(2);
    for (const k of missing) form[k]!.lead = '县统计局，县财政局';
    form[0]!.dueAt = '2027-03-31';
    const result = applyCorrections(review, form);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const imported = parsePlanSource(result.file, { filename: 'review.yaml' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const measures = imported.plan.indicators.flatMap((i) => i.measures);
    const drafted = review.plan.indicators.flatMap((i) => i.measures);
    for (const k of missing) expect(measures[k]!.lead).toEqual(['县统计局', '县财政局']);
    expect(measures[0]!.dueAt).toBe('2027-03-31T23:59:59+08:00');
    // Untouched measures keep what the document said, deadline and all.
    measures.forEach((m, k) => {
      if (k === 0 || missing.includes(k)) return;
      expect({ ...m, line: undefined }).toEqual({ ...drafted[k], line: undefined });
    });
  });

  it('refuses a measure left without a lead and a malformed date, naming the measure and the field', () => {
    const review = reviewOf('review-gaps.txt');
    const form = prefilled(review);
    form[1]!.dueAt = '31.12.2026';
    const result = applyCorrections(review, form);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(expect.objectContaining({ index: 1, field: 'dueAt' }));
    expect(result.issues.filter((i) => i.field === 'lead').length).toBe(2);
    expect(applyCorrections(review, form.slice(1)).ok).toBe(false);
  });

  it('reads names as people type them', () => {
    expect(splitNames(' 甲局、乙局，丙局, 丁局；戊局 己局 ')).toEqual(['甲局', '乙局', '丙局', '丁局', '戊局', '己局']);
  });
});

describe('doubts in Chinese', () => {
  it('gives every doubt of the fixture documents a kind and a Chinese wording with its facts', async () => {
    const names = readdirSync(FIXTURES).filter((n) => /\.(txt|docx|xlsx)$/.test(n));
    let seen = 0;
    for (const name of names) {
      const text = name.endsWith('.txt')
        ? readFixture(name)
        : await officeText(readFileSync(path.join(FIXTURES, name)), name.endsWith('.docx') ? 'docx' : 'xlsx');
      const result = reviewPlanSource(text, { filename: name, now: NOW });
      if (!result.ok) continue;
      for (const d of result.doubts) {
        seen++;
        expect(doubtKind(d.message).kind, `${name}: ${d.message}`).not.toBe('other');
        expect(doubtText(d)).toMatch(/[\u4e00-\u9fff]/);
        expect(doubtText(d)).not.toMatch(/[a-z]{4,}/);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(doubtText({ message: '时限 "年底前"' })).toContain('时限 "年底前"');
    expect(Object.keys(DOUBT_WORDS)).toContain('other');
  });
});

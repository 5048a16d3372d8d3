/**
 * The appraisal score (考核得分) and the ranking (名次) of docs/domain.md "Scoreboard", the one place the formula is
 * written down: a 100-point score the way supervision offices weigh it — completion, timeliness, the quality grades
 * given at 验收 — minus deductions for work overdue and work sent back. Pure: counts in, score out.
 */
import { GRADES, type QualityGrade } from '../measure';

/** Points for each part; together 100. */
export const SCORE_WEIGHTS = { completion: 40, onTime: 30, quality: 30 } as const;
/** A grade's share of the quality points. */
export const GRADE_FACTORS: Record<QualityGrade, number> = { 优秀: 1, 良好: 0.8, 合格: 0.6, 不合格: 0 };
/** Points taken off per measure overdue and still open (逾期未完成) and per rejection; at most `max` in all. */
export const DEDUCTIONS = { overdueOpen: 2, rejection: 1, max: 30 } as const;

/** What the score is computed from (one department's, indicator's or leader's measures). */
export interface ScoreCounts {
  /** Measures that count: all but the cancelled (已撤销). */
  assessed: number;
  /** Verified or closed (验收/销号). */
  done: number;
  /** Handed in (submitted, verified, closed) by the due time. */
  onTime: number;
  /** Measures whose timeliness is known: handed in, or still open past the due time. */
  judged: number;
  /** Open past the due time (逾期未完成). */
  overdueOpen: number;
  /** Times sent back (REJECT and FAIL_QUALITY). */
  rejections: number;
  /** The last grade of each graded measure. */
  grades: Record<QualityGrade, number>;
}

export interface Score {
  /** 0–100, one decimal; null when nothing counts (every measure cancelled). */
  score: number | null;
  parts: { completion: number; onTime: number; quality: number; deductions: number };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function emptyGrades(): Record<QualityGrade, number> {
  return Object.fromEntries(GRADES.map((g) => [g, 0])) as Record<QualityGrade, number>;
}

/**
 * 完成 40 × done / assessed; 按时 30 × onTime / judged (30 while nothing is due: nothing is late yet); 质量 30 × the
 * mean grade factor of the graded measures (0 while none is graded); minus 2 per 逾期未完成 and 1 per rejection, at
 * most 30; never below 0.
 */
export function appraisalScore(c: ScoreCounts): Score {
  const graded = GRADES.reduce((n, g) => n + c.grades[g], 0);
  const gradePoints = GRADES.reduce((sum, g) => sum + c.grades[g] * GRADE_FACTORS[g], 0);
  const parts = {
    completion: c.assessed ? (SCORE_WEIGHTS.completion * c.done) / c.assessed : 0,
    onTime: c.judged ? (SCORE_WEIGHTS.onTime * c.onTime) / c.judged : SCORE_WEIGHTS.onTime,
    quality: graded ? (SCORE_WEIGHTS.quality * gradePoints) / graded : 0,
    deductions: Math.min(DEDUCTIONS.max, DEDUCTIONS.overdueOpen * c.overdueOpen + DEDUCTIONS.rejection * c.rejections),
  };
  const rounded = {
    completion: round1(parts.completion),
    onTime: round1(parts.onTime),
    quality: round1(parts.quality),
    deductions: parts.deductions,
  };
  if (!c.assessed) return { score: null, parts: rounded };
  return {
    score: Math.max(0, round1(parts.completion + parts.onTime + parts.quality - parts.deductions)),
    parts: rounded,
  };
}

/**
 * Ranks rows by score, best first (名次): equal scores share a rank and the next rank skips (1, 1, 3), ties listed
 * by name; rows without a score come last, unranked.
 */
export function ranked<T extends { score: number | null }>(rows: readonly T[], name: (row: T) => string) {
  const sorted = [...rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || name(a).localeCompare(name(b), 'zh'));
  let rank = 0;
  return sorted.map((row, i) => {
    if (i === 0 || row.score !== sorted[i - 1]!.score) rank = i + 1;
    return { ...row, rank: row.score === null ? null : rank };
  });
}

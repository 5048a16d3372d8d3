/**
 * Quality grading at 验收 (docs/domain.md "Quality grading"): the grades the supervision group gives, the grade a
 * VERIFY without one is recorded with, and what the machine keeps of the last judgment. The zod schema of the
 * VERIFY payload (src/domain/events.ts) lists the same pass grades; the compile-time check below keeps them equal.
 */
import type { Actor, PassGrade as SchemaPassGrade } from '../domain/events';
import type { Same } from '../domain/same';

/** Best first: the grades a VERIFY may give. */
export const PASS_GRADES = ['优秀', '良好', '合格'] as const;
export type PassGrade = (typeof PASS_GRADES)[number];
/** FAIL_QUALITY's grade: the work goes back to 办理中. */
export const FAIL_GRADE = '不合格';
export type QualityGrade = PassGrade | typeof FAIL_GRADE;
/** Best first, 不合格 last: the order reports list them in. */
export const GRADES = [...PASS_GRADES, FAIL_GRADE] as const;

/**
 * A VERIFY without a grade (every one recorded before grading existed, and callers that still send none) passed
 * 验收 without distinction: 合格, marked `defaulted` so reports can tell it from a grade given.
 */
export const DEFAULT_GRADE: PassGrade = '合格';

/** The last quality judgment on a measure: a VERIFY's grade, or 不合格 from FAIL_QUALITY until it is verified. */
export interface Grading {
  grade: QualityGrade;
  by: Actor;
  at: string;
  /** The VERIFY's note, or FAIL_QUALITY's reason. */
  note?: string;
  /** Set when the VERIFY gave no grade. */
  defaulted?: true;
}

export function isGrade(value: unknown): value is QualityGrade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

const _sameGrades: Same<PassGrade, SchemaPassGrade> = true;

/**
 * The traffic light (docs/domain.md "Time, lights and escalation") — the one place the rule is written. Green: not
 * due within the reminder window, or finished (lateness is judged once, at SUBMIT); yellow: due within the window
 * and not submitted; red: at or past the due time and not submitted; grey: 缓办 (paused). Under a plan's graded
 * lights (policy.lights) yellow and orange start when a share of the span 交办 → due time is left instead. The
 * machine asks it when the due time moves (an approved extension, a rejection, a resume); the schedule asks it for
 * the light each timer step sets and for the instants the grades begin.
 */
import type { Light } from '../domain/events';
import type { LightGrades } from '../domain/policy';
import type { MeasureState } from './states';

/** Only work not yet handed in has a light other than green. */
const OPEN: ReadonlySet<MeasureState> = new Set(['assigned', 'in_progress']);

/**
 * The light at `now` (epoch ms) of a measure in `state` due at `dueAt` (epoch ms; null = 持续推进, always green),
 * with `yellowWithinMs` the reminder window before the due time.
 */
export function lightAt(state: MeasureState, dueAt: number | null, now: number, yellowWithinMs: number): Light {
  if (state === 'paused') return 'grey';
  return OPEN.has(state) ? openLight(dueAt, now, yellowWithinMs) : 'green';
}

/** The light of work not yet handed in (assigned or in progress). */
export function openLight(dueAt: number | null, now: number, yellowWithinMs: number): Light {
  if (dueAt === null) return 'green';
  if (now >= dueAt) return 'red';
  if (now >= dueAt - yellowWithinMs) return 'yellow';
  return 'green';
}

/**
 * When a graded light begins for a measure assigned at `assignedAt` and due at `dueAt`: the instant at which
 * `share` of the span is left (whole ms, never before the assignment; a due time before the assignment leaves no
 * span, and every grade begins at the due time).
 */
export function gradeStart(dueAt: number, assignedAt: number, share: number): number {
  return dueAt - Math.floor(share * Math.max(0, dueAt - assignedAt));
}

/** The light of open work under graded lights: red at the due time, orange and yellow from their grade's start. */
export function gradedLight(dueAt: number | null, now: number, assignedAt: number, grades: LightGrades): Light {
  if (dueAt === null) return 'green';
  if (now >= dueAt) return 'red';
  if (grades.orange !== undefined && now >= gradeStart(dueAt, assignedAt, grades.orange)) return 'orange';
  if (now >= gradeStart(dueAt, assignedAt, grades.yellow)) return 'yellow';
  return 'green';
}

/** How late work handed in at `submittedAt` was, in ms: 0 when on time or when there is no due time. */
export function lateBy(dueAt: number | null, submittedAt: number): number {
  return dueAt === null ? 0 : Math.max(0, submittedAt - dueAt);
}

/**
 * The measure core: every rule about one rectification measure, pure — no Temporal, no zod, no Node built-ins —
 * so the workflow sandbox loads it (the worker preloads it once for all cached workflows) and unit tests run it
 * without a server. Everything outside src/measure/ imports this module, never the files behind it.
 * See docs/architecture.md for the layers and docs/domain.md for the rules themselves.
 */
export {
  addWorkdaysAt,
  HOLIDAY_DATA_BASE_YEAR,
  HOLIDAY_DATA_YEARS,
  shanghaiDate,
  workCalendar,
  type CalendarDate,
  type CalendarExtras,
  type WorkCalendar,
} from './calendar';
export { STATES, FINAL_STATES, STATE_LABELS, LIGHT_LABELS, type MeasureState } from './states';
export { PERMISSIONS, ROLE_LABELS, isPermitted, rolesOf, type MeasureUnits, type Role } from './permissions';
export {
  amendedFields,
  measureMachine,
  stateOf,
  type AmendField,
  type ExtensionRequest,
  type MeasureContext,
  type MeasureInput,
  type MeasureSnapshot,
  type Progress,
  type Stamp,
  type TimelineEntry,
} from './machine';
export { allowedEvents, decide, type Verdict } from './decide';
export {
  DEFAULT_GRADE,
  FAIL_GRADE,
  GRADES,
  isGrade,
  PASS_GRADES,
  type Grading,
  type PassGrade,
  type QualityGrade,
} from './quality';
export {
  changedUnits,
  changeUnits,
  describeUnitChange,
  nextUnits,
  sameUnits,
  type UnitChange,
  type UnitChangeKind,
  type Units,
} from './assignment';
export { gradedLight, gradeStart } from './light';
export { reportPeriods, type ReportPeriod } from './reports';
export {
  applyEvent,
  createSnapshot,
  openingSnapshot,
  persistSnapshot,
  restoreSnapshot,
  scheduleFacts,
} from './snapshot';
export {
  escalationLevel,
  lateness,
  lightAt,
  planSteps,
  policyCalendar,
  RECIPIENT_ROLES,
  remindAt,
  STEP_KINDS,
  type PlannedSteps,
  type ReminderPolicy,
  type YellowRule,
  yellowWindow,
  type Recipient,
  type ScheduleFacts,
  type Step,
  type StepKind,
} from './schedule';
export {
  ACTOR_PATTERN,
  EVIDENCE_ID_PATTERN,
  EVIDENCE_TYPE_NAMES,
  ISO_INSTANT,
  SHA256_PATTERN,
  checkEventRequest,
} from './event-check';
export { allowedFor, decideOnView, measureView, type MeasureView, type NextStep, type PlannedMeasure } from './view';
export {
  SA,
  currentDetails,
  currentSearchAttributes,
  hasAppraisal,
  measureMemo,
  measureSummary,
  startSearchAttributes,
  staticDetails,
  unitsLine,
  type MeasureMemo,
  type SearchKey,
  type SearchPair,
  type SearchValueOfType,
  type SearchUpdatePair,
  type SearchValue,
} from './temporal-ui';
export {
  diffPlans,
  diffSummary,
  factChanges,
  isEmptyDiff,
  measureFacts,
  sameFact,
  type ChangedMeasure,
  type FactValue,
  type FieldChange,
  type MeasureFacts,
  type PlanDiff,
} from './plan-diff';
export {
  recordedMeasures,
  reviseRecord,
  revisionProblem,
  type PlanHeader,
  type PlanRecord,
  type PlanRevision,
  type PlanSource,
  type RevisionOutcome,
  type RevisionRequest,
} from './plan-record';
export {
  NOTICE_KINDS,
  notificationFromStep,
  notificationFromUrge,
  unitNotices,
  urgeKey,
  type MeasureRef,
  type NoticeKind,
  type Notification,
} from './notification';
export {
  closeSplitProblem,
  MAX_PARTS,
  openParts,
  partMeasure,
  partMeasureId,
  partNumber,
  rollUp,
  splitProblem,
  submitProblem,
  unknownUnits,
  type ParentRef,
  type Part,
  type PartReport,
  type RollUp,
  type Split,
} from './split';
export {
  EVIDENCE_EVENTS,
  evidenceOf,
  findEvidence,
  isEvidenceRef,
  mayReadEvidence,
  uploadVerdict,
  type UploadVerdict,
} from './evidence';

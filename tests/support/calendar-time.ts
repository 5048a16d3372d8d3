/**
 * Policy fields for ladders measured in seconds: every rule in calendar time. The office defaults count 签收 and
 * verification in working days, and a plan that counts anything in working days keeps its reminders off weekends
 * and holidays (moved to the working day before). A reminder due seconds from now would then depend on the day the
 * suite runs: on a Saturday in Shanghai it falls on Friday and goes out at once. Spread these first, then the
 * test's own lengths. Working-day ladders are the unit tests' and tests/integration/workdays.test.ts's.
 */
export const CALENDAR_TIME = Object.freeze({
  acknowledgeWithin: 'off',
  verifyRemindAfter: '1h',
  verifyEscalateAfter: '1h',
});

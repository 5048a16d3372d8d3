/**
 * The deployment's extra working-day calendar (DUBAN_CALENDAR_FILE, default `<data dir>/calendar.json` or `.yaml`):
 * days off and days worked on top of the PRC holiday data, for a year the data does not cover yet or a local
 * arrangement. Merged under each imported plan's own `policy.calendar`, so it reaches the workflow in its input.
 * An absent file is no extra days; a bad one fails the import, naming the file and the field.
 */
import { CalendarExtrasSchema, type CalendarExtras } from '../domain/policy';
import { readOptionalData } from '../util/read-optional';

export class CalendarFileError extends Error {
  override name = 'CalendarFileError';
}

/** The file's extra days, or undefined when there is no file. Throws CalendarFileError when it is invalid. */
export function loadCalendarFile(file?: string): CalendarExtras | undefined {
  if (!file) return undefined;
  const data = readOptionalData(file, (message) => new CalendarFileError(message));
  if (data === undefined) return undefined;
  const parsed = CalendarExtrasSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
    throw new CalendarFileError(`${file}: ${problems}`);
  }
  return parsed.data;
}

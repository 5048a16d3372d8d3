/**
 * A multipart/form-data body that cannot be read (no boundary, a torn part header, a body cut short) is the
 * caller's mistake: busboy says so with a plain Error, which would otherwise be a 500. Shared by the API's evidence
 * route and the workbench's forms.
 */
import { DubanError } from '../service/errors';

const MALFORMED = /^(?:Multipart: |Malformed part header|Unexpected end of (?:form|file|multipart data))/;

/** Runs `read`, turning busboy's malformed-body errors into a 400 that says what was wrong. */
export async function readingMultipart<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof Error && MALFORMED.test(err.message)) {
      throw new DubanError('bad_request', `the multipart/form-data body cannot be read: ${err.message}`);
    }
    throw err;
  }
}

/**
 * Office files a plan arrives in — a Word document or an Excel task list — as the text the document parser reads.
 * The CLI (by file name) and the API (by media type) both come through here, so they read and refuse alike.
 */
import { docxToText, DocxError } from './docx';
import { LIMITS, mib } from './limits';
import { xlsxToText, XlsxError } from './xlsx';
import { ZipLimitError } from './zip-guard';

/** Bytes that are not a plan source duban can read (too large, not UTF-8 text): the message says what to do. */
export class SourceBytesError extends Error {}

export type OfficeFormat = 'docx' | 'xlsx';

export const OFFICE_MEDIA_TYPES: Record<OfficeFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function officeText(bytes: Uint8Array, format: OfficeFormat): Promise<string> {
  checkSourceSize(bytes);
  return format === 'xlsx' ? xlsxToText(bytes) : docxToText(bytes);
}

export function checkSourceSize(bytes: Uint8Array): void {
  if (bytes.length > LIMITS.fileBytes) {
    throw new SourceBytesError(
      `the file is ${mib(bytes.length)}, more than the limit of ${mib(LIMITS.fileBytes)} for a plan source: ` +
        'split it into several plans',
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030', { fatal: true });

/**
 * A text or plan file's bytes as text. Only UTF-8 is read: a file saved as GBK/GB18030 (Windows 记事本 and WPS do
 * this) is refused with how to re-save it, rather than imported as replacement characters.
 */
export function decodeSourceText(bytes: Uint8Array): string {
  checkSourceSize(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    let gbk = false;
    try {
      gbk = /[\u4e00-\u9fff]/.test(gb18030.decode(bytes));
    } catch {
      // neither encoding: say only that it is not UTF-8
    }
    throw new SourceBytesError(
      gbk
        ? 'the file is not UTF-8: it reads as GBK/GB18030 text. Re-save it as UTF-8 (记事本/WPS: 另存为 → 编码 UTF-8) and import it again'
        : 'the file is not UTF-8 text (nor a .docx/.xlsx): save it as UTF-8 text and import it again',
    );
  }
}

/** The reader's own refusal (not a Word document, a damaged workbook …): bad input, said in the error's message. */
export const isOfficeFileError = (err: unknown): err is Error =>
  err instanceof DocxError ||
  err instanceof XlsxError ||
  err instanceof ZipLimitError ||
  err instanceof SourceBytesError;

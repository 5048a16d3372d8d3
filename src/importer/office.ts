/**
 * Office files a plan arrives in — a Word document or an Excel task list — as the text the document parser reads.
 * The CLI (by file name) and the API (by media type) both come through here, so they read and refuse alike.
 */
import { docxToText, DocxError } from './docx';
import { xlsxToText, XlsxError } from './xlsx';

export type OfficeFormat = 'docx' | 'xlsx';

export const OFFICE_MEDIA_TYPES: Record<OfficeFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export async function officeText(bytes: Uint8Array, format: OfficeFormat): Promise<string> {
  return format === 'xlsx' ? xlsxToText(bytes) : docxToText(bytes);
}

/** The reader's own refusal (not a Word document, a damaged workbook …): bad input, said in the error's message. */
export const isOfficeFileError = (err: unknown): err is Error => err instanceof DocxError || err instanceof XlsxError;

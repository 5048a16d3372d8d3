/**
 * The action forms' bodies (application/x-www-form-urlencoded, every value a string) → the event the API's body
 * schema describes. zod at the boundary: a field that does not fit is named, in Chinese, and nothing is sent. A
 * date picker gives a day; a new deadline is the end of that day, Beijing time (docs/domain.md).
 */
import { z } from 'zod';
import { SHANGHAI_OFFSET } from '../domain/beijing-time';
import { PersonEventBodySchema, PersonEventTypes, type EvidenceRef, type PersonEventBody } from '../domain/events';

const optionalText = z
  .string()
  .max(2000, '不超过 2000 字')
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));
const requiredText = z.string().trim().min(1, '请填写').max(2000, '不超过 2000 字');

const FormSchema = z.object({
  type: z.enum(PersonEventTypes, { error: '未知的操作' }),
  note: optionalText,
  reason: optionalText,
  percent: z.string().optional(),
  newDueDate: z.string().optional(),
});

export type FormOutcome = { ok: true; event: PersonEventBody } | { ok: false; type?: string; errors: string[] };

const FIELD_LABELS: Record<string, string> = {
  percent: '完成进度',
  reason: '理由',
  note: '说明',
  newDueAt: '新的完成时限',
  newDueDate: '新的完成时限',
  type: '操作',
};

/** Reads one action form into an event (with its uploaded 佐证材料), or the reasons (in Chinese) it cannot be one. */
export function readEventForm(body: unknown, files: EvidenceRef[] = []): FormOutcome {
  const form = FormSchema.safeParse(body);
  if (!form.success) return { ok: false, errors: form.error.issues.map(issueText) };
  const { type, note, reason, percent, newDueDate } = form.data;
  const attachments = files.length ? files : undefined;
  const candidate = ((): Record<string, unknown> => {
    switch (type) {
      case 'REPORT_PROGRESS':
        return { type, percent: percent?.trim() ? Number(percent) : undefined, note, attachments };
      case 'SUBMIT':
        return { type, note, attachments };
      case 'REJECT':
      case 'CANCEL':
        return { type, reason: requiredText.safeParse(reason ?? '').success ? reason : '' };
      case 'DENY_EXTENSION':
        return { type, reason };
      case 'REQUEST_EXTENSION':
        return {
          type,
          reason: reason ?? '',
          newDueAt: /^\d{4}-\d{2}-\d{2}$/.test(newDueDate ?? '') ? `${newDueDate}T23:59:59${SHANGHAI_OFFSET}` : '',
        };
      default:
        return { type, note };
    }
  })();
  const event = PersonEventBodySchema.safeParse(dropUndefined(candidate));
  if (!event.success) return { ok: false, type, errors: event.error.issues.map(issueText) };
  return { ok: true, event: event.data };
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function issueText(issue: z.core.$ZodIssue): string {
  const field = String(issue.path[0] ?? 'type');
  const label = FIELD_LABELS[field] ?? field;
  if (field === 'percent') return `${label}：请填写 0 到 100 之间的整数`;
  if (field === 'newDueAt') return `${label}：请选择日期`;
  if (field === 'reason') return `${label}：请填写（不超过 2000 字）`;
  return `${label}：${/[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '内容不符合要求'}`;
}

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
  grade: z.string().optional(),
  newDueDate: z.string().optional(),
  lead: z.string().max(10_000).optional(),
  support: z.string().max(10_000).optional(),
  to: z.string().max(200).optional(),
  expectedResumeDate: z.string().optional(),
  parts: z.string().max(20_000).optional(),
});

/** A list of units as people type it: 、，, ; or one per line. */
export function unitList(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[、，,；;\n]+/)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** 分解's parts as typed: one a line, "标题｜单位｜期限" (| or ｜; the date optional, the end of that day in Beijing). */
export function partLines(text: string | undefined, day: (date: string) => string): Array<Record<string, string>> {
  return (text ?? '')
    .split('\n')
    .map((line) => line.split(/[|｜]/).map((cell) => cell.trim()))
    .filter((cells) => cells.some(Boolean))
    .map(([title = '', unit = '', due = '']) => ({ title, unit, ...(due ? { dueAt: day(due) } : {}) }));
}

export type FormOutcome = { ok: true; event: PersonEventBody } | { ok: false; type?: string; errors: string[] };

const FIELD_LABELS: Record<string, string> = {
  percent: '完成进度',
  lead: '牵头部门',
  support: '配合部门',
  to: '接收单位',
  reason: '理由',
  note: '说明',
  newDueAt: '新的完成时限',
  newDueDate: '新的完成时限',
  grade: '质量评定',
  parts: '子任务',
  expectedResumeAt: '预计恢复日期',
  expectedResumeDate: '预计恢复日期',
  type: '操作',
};

/** Reads one action form into an event (with its uploaded 佐证材料), or the reasons (in Chinese) it cannot be one. */
export function readEventForm(body: unknown, files: EvidenceRef[] = []): FormOutcome {
  const form = FormSchema.safeParse(body);
  if (!form.success) return { ok: false, errors: form.error.issues.map(issueText) };
  const { type, note, reason, percent, grade, newDueDate, lead, support, to, expectedResumeDate, parts } = form.data;
  // The workbench is a new caller: its 验收 gives a grade (the API still records a VERIFY without one as 合格).
  if (type === 'VERIFY' && !grade?.trim()) return { ok: false, type, errors: ['质量评定：请选择优秀、良好或合格'] };
  const day = (date: string | undefined, time: string) =>
    /^\d{4}-\d{2}-\d{2}$/.test(date ?? '') ? `${date}T${time}${SHANGHAI_OFFSET}` : '';
  const attachments = files.length ? files : undefined;
  const candidate = ((): Record<string, unknown> => {
    switch (type) {
      case 'REPORT_PROGRESS':
        return { type, percent: percent?.trim() ? Number(percent) : undefined, note, attachments };
      case 'SUBMIT':
        return { type, note, attachments };
      case 'VERIFY':
        return { type, grade: grade?.trim(), note };
      case 'REJECT':
      case 'FAIL_QUALITY':
      case 'CANCEL':
      case 'TRANSFER_REFUSE':
        return { type, reason: requiredText.safeParse(reason ?? '').success ? reason : '' };
      case 'DENY_EXTENSION':
      case 'DENY_PAUSE':
        return { type, reason };
      case 'REASSIGN':
        // The form shows both lists as they are: what comes back is the new 牵头部门 and the new 配合部门.
        return { type, reason: reason ?? '', lead: unitList(lead), support: unitList(support) };
      case 'TRANSFER_REQUEST':
        return { type, reason: reason ?? '', to: to?.trim() ?? '' };
      case 'SPLIT':
        return { type, parts: partLines(parts, (date) => day(date, '23:59:59')), note };
      case 'CLOSE_SPLIT':
        return { type, reason: reason ?? '' };
      case 'REQUEST_PAUSE':
        // The expected day of resumption, from its start (Beijing time); left empty, none.
        return {
          type,
          reason: reason ?? '',
          expectedResumeAt: expectedResumeDate?.trim() ? day(expectedResumeDate, '00:00:00') : undefined,
        };
      case 'REQUEST_EXTENSION':
      case 'EXTEND':
        return {
          type,
          reason: reason ?? '',
          newDueAt: day(newDueDate, '23:59:59'),
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
  if (field === 'newDueAt' || field === 'expectedResumeAt') return `${label}：请选择日期`;
  if (field === 'reason') return `${label}：请填写（不超过 2000 字）`;
  if (field === 'grade') return `${label}：请选择优秀、良好或合格`;
  if (field === 'to') return `${label}：请填写接收转办的单位`;
  if (field === 'parts') return `${label}：每行一项“标题｜单位｜期限”，1 至 20 项，期限形如 2025-06-30`;
  if (field === 'lead') return `${label}：请至少填写一个单位（以顿号分隔）`;
  return `${label}：${/[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '内容不符合要求'}`;
}

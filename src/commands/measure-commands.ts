/** `duban status`, `duban event`, `duban list`: thin CLI adapters over the MeasureService (no HTTP to ourselves). */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  ActorSchema,
  MAX_ATTACHMENTS,
  PersonEventBodySchema,
  type Actor,
  type EvidenceRef,
  type PersonEventBody,
} from '../domain/events';
import { SHANGHAI_OFFSET } from '../domain/beijing-time';
import { MAX_EVIDENCE_BYTES } from '../evidence/limits';
import { DubanError } from '../service/errors';
import { uploadEvidence } from '../service/evidence-files';
import type { MeasureService } from '../service/measures';
import type { MeasureFilter } from '../temporal/visibility-query';
import type { MeasureView } from '../measure';
import { table } from './format';

export function printView(view: MeasureView): string {
  const lines = [
    `${view.workflowId}`,
    `  整改措施 ${view.measureId}: ${view.title}`,
    `  指标 indicator: (${view.indicator.code}) ${view.indicator.name} · 方案 plan: ${view.planTitle}`,
    `  状态 state: ${view.state} (${view.stateLabel}) · light: ${view.light} · escalation: ${view.escalation}`,
    `  截止 due: ${view.dueAt ?? '持续推进 (ongoing)'}${view.originalDueAt !== view.dueAt ? ` (originally ${view.originalDueAt})` : ''}`,
    `  牵头部门: ${view.lead.join('、')}`,
    `  配合部门: ${view.support.join('、') || '—'}`,
    `  责任领导: ${view.leaders.join('、') || '—'}`,
  ];
  if (view.progress)
    lines.push(
      `  进展 progress: ${view.progress.percent}% by ${view.progress.by} at ${view.progress.at}${view.progress.note ? ` — ${view.progress.note}` : ''}`,
    );
  if (view.pendingExtension)
    lines.push(`  延期申请 pending extension → ${view.pendingExtension.newDueAt} (${view.pendingExtension.reason})`);
  if (view.pendingPause)
    lines.push(
      `  缓办申请 pending pause: ${view.pendingPause.reason} (by ${view.pendingPause.by}, ${view.pendingPause.at})`,
    );
  if (view.paused)
    lines.push(
      `  缓办中 paused since ${view.paused.pausedAt} (approved by ${view.paused.approvedBy})${view.paused.expectedResumeAt ? `, expected resume ${view.paused.expectedResumeAt}` : ''}: ${view.paused.reason}`,
    );
  for (const p of view.pauses ?? [])
    lines.push(
      `  缓办 pause ${p.pausedAt} → ${p.resumedAt}: due ${p.dueFrom ?? '—'} → ${p.dueTo ?? '—'} (${p.reason})`,
    );
  if (view.missedReports) lines.push(`  漏报 missed reports: ${view.missedReports}`);
  if (view.rejections)
    lines.push(
      `  退回整改 rejections: ${view.rejections}${view.lastRejection ? ` — last: ${view.lastRejection.reason}` : ''}`,
    );
  if (view.submitted)
    lines.push(
      `  报结 submitted: ${view.submitted.at} by ${view.submitted.by}${view.submitted.lateMs ? ` (late by ${Math.ceil(view.submitted.lateMs / 3_600_000)} h)` : ' (on time)'}`,
    );
  if (view.quality)
    lines.push(
      `  质量评定 grade: ${view.quality.grade}${view.quality.defaulted ? ' (no grade given: 合格)' : ''} by ${view.quality.by} at ${view.quality.at}${view.quality.note ? ` — ${view.quality.note}` : ''}`,
    );
  if (view.parent) lines.push(`  分解自 part of: ${view.parent.workflowId} (牵头部门 ${view.parent.lead.join('、')})`);
  if (view.split) {
    const roll = view.rollUp;
    const closed = view.split.closed ? ` · split closed: ${view.split.closed.reason}` : '';
    lines.push(`  分解 parts: 已完成 ${roll?.done ?? 0}/${roll?.total ?? view.split.parts.length}${closed}`);
    for (const p of view.split.parts)
      lines.push(`    ${p.measureId}  ${p.state} ${p.light}  ${p.unit}  ${p.dueAt ?? '持续推进'}  ${p.title}`);
  }
  if (view.nextStep) lines.push(`  next timer: ${view.nextStep.kind} at ${view.nextStep.at}`);
  return lines.join('\n');
}

export async function statusCommand(service: MeasureService, ref: string, opts: { json?: boolean }) {
  const view = await service.get(ref);
  if (opts.json) {
    console.log(JSON.stringify({ ...view, timeline: await service.timeline(ref) }, null, 2));
    return;
  }
  console.log(printView(view));
  const timeline = await service.timeline(ref);
  if (timeline.length) {
    console.log('\n  timeline:');
    for (const e of timeline)
      console.log(
        `    ${e.at}  ${e.type.padEnd(17)} ${e.actor}  ${e.from} → ${e.to}${e.detail ? `  ${e.detail}` : ''}`,
      );
  }
}

const EventArgsSchema = z.object({
  actor: ActorSchema,
  data: z.string().optional(),
});

/**
 * `--part "title|unit|YYYY-MM-DD"` (the date optional: the measure's own due time; end of that day, Beijing time,
 * or an instant) as a SPLIT part.
 */
export function splitPart(spec: string): { title: string; unit: string; dueAt?: string } {
  const [title = '', unit = '', due = '', ...rest] = spec.split('|').map((s) => s.trim());
  if (!title || !unit || rest.length) {
    throw new DubanError('bad_request', `--part "${spec}": write it as "title|unit" or "title|unit|YYYY-MM-DD"`);
  }
  if (!due) return { title, unit };
  return { title, unit, dueAt: /^\d{4}-\d{2}-\d{2}$/.test(due) ? `${due}T23:59:59${SHANGHAI_OFFSET}` : due };
}

/** Builds the event body from `<EVENT>` and `--data`, validated by the same schema as the API and the workflow. */
export function eventBody(type: string, data: string | undefined, parts: string[] = []): PersonEventBody {
  let payload: unknown = {};
  if (data !== undefined) {
    try {
      payload = JSON.parse(data);
    } catch (err) {
      throw new DubanError('bad_request', `--data is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new DubanError('bad_request', '--data must be a JSON object, e.g. \'{"percent": 50, "note": "..."}\'');
    }
  }
  const split = parts.length ? { parts: parts.map(splitPart) } : {};
  const parsed = PersonEventBodySchema.safeParse({ ...(payload as object), ...split, type: type.toUpperCase() });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'EVENT'}: ${i.message}`);
    throw new DubanError('bad_request', `invalid event: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export async function eventCommand(
  service: MeasureService,
  ref: string,
  type: string,
  opts: {
    as?: string;
    data?: string;
    json?: boolean;
    key?: string;
    timeout?: string;
    operator?: boolean;
    production?: boolean;
    /** Files to upload as 佐证材料 and attach (REPORT_PROGRESS, SUBMIT). */
    attach?: string[];
    /** SPLIT: its parts, "title|unit|YYYY-MM-DD" each. */
    part?: string[];
  },
) {
  // The CLI reaches Temporal directly, so --as is whatever the operator types: in production people act through
  // the API with their tokens, and an operator says so explicitly.
  if (opts.production && !opts.operator) {
    throw new DubanError(
      'forbidden',
      'in production mode (DUBAN_MODE=production) people act through the API with their tokens; `duban event` acts ' +
        'with Temporal access as anyone --as names — add --operator to do so as an operator',
    );
  }
  const args = EventArgsSchema.safeParse({ actor: opts.as, data: opts.data });
  if (!args.success) {
    throw new DubanError(
      'bad_request',
      `--as: ${args.error.issues[0]?.message ?? 'required'} (e.g. --as 'dept:自然资源规划建设局')`,
    );
  }
  // The CLI shows the view as the workflow answered it; `allowed` is for the API's callers.
  const timeout = Number(opts.timeout ?? 30);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new DubanError('bad_request', '--timeout: seconds, e.g. 30');
  if (opts.key !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(opts.key)) {
    throw new DubanError('bad_request', '--key: 1–100 characters of A–Z a–z 0–9 . _ : -');
  }
  // The key makes the event idempotent (the same one the API's Idempotency-Key header gives): after a timeout,
  // the same command with the same --key learns the outcome instead of sending the event twice.
  const key = opts.key ?? randomUUID();
  const body = await withAttachments(
    service,
    ref,
    args.data.actor,
    eventBody(type, args.data.data, opts.part),
    opts.attach,
  );
  if (body.type === 'VERIFY' && !body.grade) {
    console.error(
      `note: VERIFY without a grade is recorded as 合格; give one with --data '{"grade": "优秀"}' (优秀, 良好, 合格)`,
    );
  }
  let sent;
  try {
    sent = await service.send(ref, args.data.actor, body, {
      updateId: `${args.data.actor}/${key}`,
      deadlineMs: timeout * 1000,
    });
  } catch (err) {
    if (err instanceof DubanError && err.kind === 'pending') {
      throw new DubanError(
        'pending',
        `${type.toUpperCase()} was sent but not answered within ${timeout} s (is a worker running?): it may still be ` +
          `applied. Run the same command with --key ${key} to learn its outcome.`,
      );
    }
    throw err;
  }
  const { allowed: _allowed, ...view } = sent;
  if (opts.json) console.log(JSON.stringify(view, null, 2));
  else console.log(`accepted: ${type.toUpperCase()} by ${args.data.actor}\n${printView(view)}`);
}

export async function listCommand(service: MeasureService, filter: MeasureFilter, json: boolean) {
  const items = await service.listAll(filter);
  if (json) {
    console.log(JSON.stringify(items, null, 2));
    return;
  }
  items.sort((a, b) => a.workflowId.localeCompare(b.workflowId, 'en', { numeric: true }));
  console.log(
    table(
      ['workflow id', 'state', 'light', 'esc', 'due', '牵头部门', 'title'],
      items.map((m) => [
        m.workflowId,
        m.state ?? '',
        m.light ?? '',
        String(m.escalation ?? ''),
        m.dueAt?.slice(0, 10) ?? '持续推进',
        m.lead.join('、'),
        m.title ?? '',
      ]),
      [0, 0, 0, 0, 0, 24, 40],
    ),
  );
  console.log(`${items.length} measure(s)`);
}

/**
 * `--attach <file>`: each file goes to the evidence store through the same service code as the API's upload (same
 * permission, same limits), and the event carries the references.
 */
async function withAttachments(
  service: MeasureService,
  ref: string,
  actor: Actor,
  body: PersonEventBody,
  files: string[] | undefined,
): Promise<PersonEventBody> {
  if (!files?.length) return body;
  if (body.type !== 'REPORT_PROGRESS' && body.type !== 'SUBMIT') {
    throw new DubanError('bad_request', `--attach: only REPORT_PROGRESS and SUBMIT carry 佐证材料, not ${body.type}`);
  }
  const refs: EvidenceRef[] = [];
  for (const file of files) {
    const size = await stat(file).then(
      (s) => s.size,
      (err: Error) => {
        throw new DubanError('bad_request', `--attach ${file}: ${err.message}`);
      },
    );
    if (size > MAX_EVIDENCE_BYTES) throw new DubanError('too_large', `--attach ${file}: larger than 20 MiB`);
    refs.push(await uploadEvidence(service, ref, actor, { data: await readFile(file), name: path.basename(file) }));
  }
  const attachments = [...(body.attachments ?? []), ...refs];
  if (attachments.length > MAX_ATTACHMENTS) {
    throw new DubanError('bad_request', `--attach: at most ${MAX_ATTACHMENTS} attachments per event`);
  }
  return { ...body, attachments };
}

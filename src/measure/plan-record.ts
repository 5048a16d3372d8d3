/**
 * The plan as a record (docs/domain.md "The plan record"): what was imported — title, issuer, date, supervision
 * group, policy, the source's name and digest, each measure's facts — and every revision since, with who made it,
 * when, and what it changed. Pure: the plan workflow keeps one of these and changes it only through
 * `reviseRecord`, which refuses a revision made against an older state (`revisionProblem`).
 */
import type { Actor } from '../domain/events';
import type { EscalationPolicy } from '../domain/policy';
import type { AmendField } from './machine';
import { diffSummary, isEmptyDiff, type MeasureFacts, type PlanDiff } from './plan-diff';

/** The document a revision came from: its name, digest and length — not the document itself. */
export interface PlanSource {
  fileName?: string;
  /** sha256 (hex) of the source text as the importer read it (for .docx/.xlsx: the text extracted). */
  sha256: string;
  chars: number;
}

export interface PlanHeader {
  planId: string;
  title: string;
  issuer?: string;
  publishedAt?: string;
  defaultDueAt: string | null;
  supervisors: string[];
  coordinator?: string;
  policy: EscalationPolicy;
}

/** How the measures took a revision: applied, skipped (closed, cancelled, already current) or failed. */
export interface RevisionOutcome {
  applied: number;
  skipped: number;
  failed: number;
}

export interface PlanRevision {
  revision: number;
  at: string;
  by: Actor;
  source: PlanSource;
  summary: string;
  added: string[];
  removed: string[];
  changed: Array<{ id: string; fields: AmendField[] }>;
  outcome?: RevisionOutcome;
}

export interface PlanRecord {
  header: PlanHeader;
  /** The measures as the record now stands: the last revision's, except those it failed to change. */
  measures: MeasureFacts[];
  /** The current revision (1: the first import). */
  revision: number;
  revisions: PlanRevision[];
}

/** What the importer asks the plan workflow to record. */
export interface RevisionRequest {
  /** The revision the change was computed against (0: the record does not exist yet). */
  baseRevision: number;
  by: Actor;
  header: PlanHeader;
  source: PlanSource;
  measures: MeasureFacts[];
  diff: PlanDiff;
  outcome?: RevisionOutcome;
}

/** Why the record cannot take `request` now (undefined: it can). */
export function revisionProblem(record: PlanRecord | undefined, request: RevisionRequest): string | undefined {
  const current = record?.revision ?? 0;
  if (!request || typeof request !== 'object' || !Array.isArray(request.measures) || !request.header) {
    return 'a revision needs { baseRevision, by, header, source, measures, diff }';
  }
  if (record && request.header.planId !== record.header.planId) {
    return `this is the record of plan ${record.header.planId}, not ${request.header.planId}`;
  }
  if (request.baseRevision !== current) {
    return `plan ${request.header.planId} is at revision ${current}, not ${request.baseRevision}: it changed meanwhile; import again to see the new difference`;
  }
  return undefined;
}

/** The record after `request` (revision 1 when there was none). Pure; the caller checked revisionProblem. */
export function reviseRecord(record: PlanRecord | undefined, request: RevisionRequest, at: string): PlanRecord {
  const revision = (record?.revision ?? 0) + 1;
  const { diff } = request;
  const entry: PlanRevision = {
    revision,
    at,
    by: request.by,
    source: request.source,
    summary: record
      ? diffSummary(diff)
      : isEmptyDiff(diff)
        ? `imported: ${request.measures.length} measures`
        : `first recorded, its measures already running: ${diffSummary(diff)}`,
    added: diff.added.map((m) => m.id),
    removed: diff.removed.map((m) => m.id),
    changed: diff.changed.map((c) => ({ id: c.id, fields: c.changes.map((f) => f.field) })),
    ...(request.outcome ? { outcome: request.outcome } : {}),
  };
  return {
    header: request.header,
    measures: request.measures,
    revision,
    revisions: [...(record?.revisions ?? []), entry],
  };
}

/**
 * The measures the record keeps after a revision: the revised plan's, except where a measure failed to take it —
 * there the old facts stay (or the measure stays absent), so the next import shows that change again.
 */
export function recordedMeasures(
  old: readonly MeasureFacts[],
  next: readonly MeasureFacts[],
  failed: ReadonlySet<string>,
): MeasureFacts[] {
  const before = new Map(old.map((m) => [m.id, m]));
  const kept = next.flatMap((m) => {
    if (!failed.has(m.id)) return [m];
    const was = before.get(m.id);
    return was ? [was] : [];
  });
  const inNext = new Set(next.map((m) => m.id));
  // A removal that failed (its cancel refused or lost) stays in the record until it goes through.
  return [...kept, ...old.filter((m) => !inNext.has(m.id) && failed.has(m.id))];
}

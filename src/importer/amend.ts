/**
 * Amendments (docs/domain.md "Amendments"): a revised plan for a plan already imported is compared with the plan
 * as recorded (`diffPlans`), and — only when asked — applied measure by measure: a running measure gets an AMEND
 * with the fields that changed, a new one starts, a removed one is cancelled with the revision as the reason. A
 * closed or cancelled measure is never reopened or changed. Every measure's outcome is reported (applied, skipped
 * or failed, with why), and the plan's record takes the revision last, keeping the old facts of a measure that
 * failed, so the next import shows exactly what is still to do.
 */
import type { Client } from '@temporalio/client';
import type { Actor, PersonEventBody } from '../domain/events';
import type { Plan } from '../domain/plan';
import type { EscalationPolicy } from '../domain/policy';
import {
  diffPlans,
  diffSummary,
  FINAL_STATES,
  measureFacts,
  recordedMeasures,
  sameFact,
  STATE_LABELS,
  type AmendField,
  type MeasureFacts,
  type MeasureView,
  type PlanDiff,
  type PlanHeader,
  type PlanRecord,
  type PlanSource,
  type RevisionOutcome,
  type RevisionRequest,
} from '../measure';
import { DubanError } from '../service/errors';
import type { MeasureService } from '../service/measures';
import type { PlanService } from '../service/plans';
import { measureWorkflowId } from '../temporal/names';
import { measureInputs, startOne } from './start';

/** What the import compares the revised plan with. */
export interface Baseline {
  /** The plan's record, as far as a comparison needs it (absent for a plan imported before plans had records). */
  record?: Pick<PlanRecord, 'revision' | 'measures'>;
  /** The record's measures, or else those its running workflows hold (their plan deadline, not an extension). */
  measures: MeasureFacts[];
  /** Whether anything of this plan exists yet (a record or a measure workflow). */
  exists: boolean;
}

export interface AmendmentResult {
  measureId: string;
  workflowId: string;
  change: 'added' | 'removed' | 'changed';
  outcome: 'applied' | 'skipped' | 'failed';
  /** For a changed measure: the fields the AMEND changed. */
  fields?: AmendField[];
  reason?: string;
}

export interface AmendmentReport {
  planId: string;
  /** The record's revision the difference was computed against (0: no record yet). */
  baseRevision: number;
  /** The revision this import makes (or would make). */
  revision: number;
  summary: string;
  diff: PlanDiff;
  /** false: a preview — nothing was changed. */
  applied: boolean;
  results: AmendmentResult[];
  counts: RevisionOutcome;
}

export interface AmendContext {
  client: Client;
  measures: MeasureService;
  plans: PlanService;
  taskQueue: string;
}

/** The plan as recorded, or as its measure workflows hold it when it has no record yet. */
export async function baseline(ctx: Pick<AmendContext, 'measures' | 'plans'>, planId: string): Promise<Baseline> {
  const record = await ctx.plans.baseline(planId);
  if (record) return { record, measures: record.measures, exists: true };
  const views = await ctx.measures.views({ plan: planId });
  return { measures: views.map(factsOfView), exists: views.length > 0 };
}

/** A running measure's facts as its plan gave them: its current units and title, the plan's deadline. */
function factsOfView(view: MeasureView): MeasureFacts {
  const { measureId: id, indicator, title, lead, support, leaders, originalDueAt: dueAt } = view;
  return { id, indicator: indicator.code, title, lead, support, leaders, dueAt };
}

export function planHeader(plan: Plan, policy: EscalationPolicy): PlanHeader {
  return {
    planId: plan.id,
    title: plan.title,
    ...(plan.issuer ? { issuer: plan.issuer } : {}),
    ...(plan.publishedAt ? { publishedAt: plan.publishedAt } : {}),
    defaultDueAt: plan.defaultDueAt,
    supervisors: plan.supervisors,
    ...(plan.coordinator ? { coordinator: plan.coordinator } : {}),
    policy,
  };
}

const noCounts = (): RevisionOutcome => ({ applied: 0, skipped: 0, failed: 0 });

/** The difference and what applying it would make, changing nothing. */
export function previewAmendment(base: Baseline, plan: Plan): AmendmentReport {
  const diff = diffPlans(base.measures, measureFacts(plan));
  const baseRevision = base.record?.revision ?? 0;
  return {
    planId: plan.id,
    baseRevision,
    revision: baseRevision + 1,
    summary: diffSummary(diff),
    diff,
    applied: false,
    results: [],
    counts: noCounts(),
  };
}

/** Applies the difference to the measures, then records the revision (see the file's comment). */
export async function applyAmendment(
  ctx: AmendContext,
  base: Baseline,
  prepared: { plan: Plan; policy: EscalationPolicy },
  opts: { actor: Actor; source: PlanSource },
): Promise<AmendmentReport> {
  const { plan, policy } = prepared;
  const report = previewAmendment(base, plan);
  const reason = `修订方案 ${opts.source.fileName ?? plan.id} (sha256 ${opts.source.sha256.slice(0, 12)})`;
  const step = new Amender(ctx, plan.id, report.revision, opts.actor, reason);
  const inputs = new Map(measureInputs(plan, policy).map((input) => [input.measure.id, input]));
  const facts = new Map(measureFacts(plan).map((m) => [m.id, m]));
  const results: AmendmentResult[] = [];
  for (const m of report.diff.added) results.push(await step.add(inputs.get(m.id)!));
  for (const c of report.diff.changed) {
    const fields = c.changes.map((f) => f.field);
    results.push(await step.change(facts.get(c.id)!, fields, inputs.get(c.id)!));
  }
  for (const m of report.diff.removed) results.push(await step.remove(m));

  const counts = noCounts();
  for (const r of results) counts[r.outcome]++;
  const failed = new Set(results.filter((r) => r.outcome === 'failed').map((r) => r.measureId));
  const request: RevisionRequest = {
    baseRevision: report.baseRevision,
    by: opts.actor,
    header: planHeader(plan, policy),
    source: opts.source,
    measures: recordedMeasures(base.measures, measureFacts(plan), failed),
    diff: report.diff,
    outcome: counts,
  };
  const done = { ...report, applied: true, results, counts };
  try {
    if (base.record) await ctx.plans.revise(request);
    else await ctx.plans.create(request, ctx.taskQueue);
  } catch (err) {
    // The measures changed but the record did not: say so, with every measure's outcome.
    throw new DubanError(
      err instanceof DubanError ? err.kind : 'unavailable',
      `the measures took revision ${report.revision} (${counts.applied} applied, ${counts.skipped} skipped, ` +
        `${counts.failed} failed) but the plan's record did not: ${(err as Error).message}. Import the same file ` +
        'again with apply: measures already changed are skipped as up to date.',
      { amendment: done },
    );
  }
  return done;
}

type Input = ReturnType<typeof measureInputs>[number];

/** One measure at a time, each outcome with its reason; nothing here throws. */
class Amender {
  constructor(
    private readonly ctx: AmendContext,
    private readonly planId: string,
    private readonly revision: number,
    private readonly actor: Actor,
    private readonly reason: string,
  ) {}

  private result(measureId: string, change: AmendmentResult['change']) {
    const workflowId = measureWorkflowId(this.planId, measureId);
    return (outcome: AmendmentResult['outcome'], reason?: string, fields?: AmendField[]): AmendmentResult => ({
      measureId,
      workflowId,
      change,
      outcome,
      ...(fields ? { fields } : {}),
      ...(reason ? { reason } : {}),
    });
  }

  /** The update id of this revision's event on one measure: a retry attaches to it, never applies twice. */
  private updateId(measureId: string) {
    return `amend:${this.planId}:r${this.revision}:${measureId}`;
  }

  /** The measure's view, or undefined when it has no workflow. */
  private async view(measureId: string): Promise<MeasureView | undefined> {
    try {
      return await this.ctx.measures.get({ planId: this.planId, measureId });
    } catch (err) {
      if (err instanceof DubanError && err.kind === 'not_found') return undefined;
      throw err;
    }
  }

  async add(input: Input): Promise<AmendmentResult> {
    const done = this.result(input.measure.id, 'added');
    try {
      if ((await startOne(this.ctx.client, input, this.ctx.taskQueue)) === 'started') return done('applied');
    } catch (err) {
      return done('failed', (err as Error).message);
    }
    // Its workflow id is taken (a measure removed by an earlier revision and now back, or a record that lags).
    return this.change(measureFactsOf(input), undefined, input, 'added');
  }

  /** Brings a measure to `to`: only `fields` (those the revision changed; every field for a measure re-added). */
  async change(
    to: MeasureFacts,
    fields: AmendField[] | undefined,
    input: Input,
    change: AmendmentResult['change'] = 'changed',
  ): Promise<AmendmentResult> {
    const done = this.result(to.id, change);
    try {
      const view = await this.view(to.id);
      if (!view) {
        const started = await startOne(this.ctx.client, input, this.ctx.taskQueue);
        return done('applied', started === 'started' ? 'its workflow was missing: started with the revised facts' : '');
      }
      const final = finalReason(view);
      if (final) return done('skipped', final);
      const body = amendBody(view, to, this.revision, this.reason, fields);
      if (!body) return done('skipped', 'already up to date');
      await this.ctx.measures.send(view.workflowId, this.actor, body, { updateId: this.updateId(to.id) });
      return done(
        'applied',
        undefined,
        AMEND_FIELDS.filter((f) => body[f] !== undefined),
      );
    } catch (err) {
      return done('failed', (err as Error).message);
    }
  }

  async remove(m: MeasureFacts): Promise<AmendmentResult> {
    const done = this.result(m.id, 'removed');
    try {
      const view = await this.view(m.id);
      if (!view) return done('skipped', 'no workflow to cancel');
      const final = finalReason(view);
      if (final) return done('skipped', final);
      const cancel: PersonEventBody = {
        type: 'CANCEL',
        reason: `方案修订 r${this.revision}: 措施已从方案中删除 — ${this.reason}`,
      };
      await this.ctx.measures.send(view.workflowId, this.actor, cancel, { updateId: this.updateId(m.id) });
      return done('applied', 'cancelled');
    } catch (err) {
      return done('failed', (err as Error).message);
    }
  }
}

function measureFactsOf(input: Input): MeasureFacts {
  const { id, title, lead, support, leaders, dueAt } = input.measure;
  return { id, indicator: input.indicator.code, title, lead, support, leaders, dueAt };
}

function finalReason(view: MeasureView): string | undefined {
  if (!FINAL_STATES.includes(view.state)) return undefined;
  return `${view.state} (${STATE_LABELS[view.state]}): a closed or cancelled measure is never reopened or changed`;
}

const AMEND_FIELDS: readonly AmendField[] = ['title', 'lead', 'support', 'leaders', 'dueAt'];

/**
 * The AMEND that brings a running measure to `to`: of `fields` (default: all), those that differ from what it
 * holds now — so an approved extension stands unless the revision itself moved the deadline. undefined: nothing.
 */
export function amendBody(
  view: MeasureView,
  to: MeasureFacts,
  revision: number,
  reason: string,
  fields: readonly AmendField[] = AMEND_FIELDS,
): Extract<PersonEventBody, { type: 'AMEND' }> | undefined {
  const changed = fields.filter((field) => !sameFact(field, view[field], to[field]));
  if (!changed.length) return undefined;
  return { type: 'AMEND', revision, reason, ...Object.fromEntries(changed.map((field) => [field, to[field]])) };
}

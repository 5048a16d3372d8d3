/**
 * Import = parse + validate everything (plan and escalation policy) + start. Shared by the CLI, `duban dev` and
 * `POST /api/plans`, so all three refuse the same inputs the same way: any error → nothing started.
 */
import type { Client } from '@temporalio/client';
import type { Plan } from '../domain/plan';
import { PolicyError, resolvePolicy, type EscalationPolicy } from '../domain/policy';
import { parsePlanSource, type ParseError, type ParseOptions, type ParseWarning } from './parse';
import { startPlan, type StartReport } from './start';

export type ImportOutcome =
  | { ok: false; errors: ParseError[]; warnings: ParseWarning[] }
  | { ok: true; plan: Plan; policy: EscalationPolicy; warnings: ParseWarning[]; report?: StartReport };

export interface ImportOptions extends ParseOptions {
  dryRun?: boolean;
  taskQueue: string;
  onProgress?: (done: number, total: number) => void;
}

/** Parses and validates without touching Temporal (dry run, and the first half of every import). */
export function preparePlan(text: string, opts: ParseOptions): ImportOutcome {
  const parsed = parsePlanSource(text, opts);
  if (!parsed.ok) return parsed;
  try {
    return { ok: true, plan: parsed.plan, policy: resolvePolicy(parsed.policy), warnings: parsed.warnings };
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    const errors = err.issues.map((i) => ({
      path: i.path ? `policy.${i.path}` : 'policy',
      message: `policy.${i.path}: ${i.message}`,
    }));
    return { ok: false, errors, warnings: parsed.warnings };
  }
}

export async function importPlan(
  client: Client | undefined,
  text: string,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  const prepared = preparePlan(text, opts);
  if (!prepared.ok || opts.dryRun) return prepared;
  if (!client) throw new Error('importPlan needs a Temporal client unless dryRun is set');
  const report = await startPlan(client, prepared.plan, prepared.policy, {
    taskQueue: opts.taskQueue,
    onProgress: opts.onProgress,
    now: opts.now,
  });
  return { ...prepared, report };
}

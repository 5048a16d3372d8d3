/**
 * Who and what the workbench can offer in pickers — plans, departments, leaders — read from the service's listing
 * of every imported measure (visibility), cached briefly so the board's filters and the dev sign-in page do not
 * list every measure on each request.
 */
import type { MeasureService } from '../service/measures';

export interface Directory {
  plans: Array<{ id: string; title: string }>;
  departments: string[];
  leaders: string[];
}

const TTL_MS = 30_000;
const byName = (a: string, b: string) => a.localeCompare(b, 'zh');

/** Visibility takes a moment to list what was just started: after an import, nothing is cached for this long. */
const SETTLE_MS = 10_000;

export interface DirectoryReader {
  (): Promise<Directory>;
  /** Something was imported: the next readers list afresh (a new department can sign in at once). */
  invalidate(): void;
}

export function createDirectory(service: MeasureService, ttlMs = TTL_MS): DirectoryReader {
  let cached: { at: number; value: Promise<Directory> } | undefined;
  let settlingUntil = 0;
  const read = () => {
    if (cached && Date.now() - cached.at < ttlMs) return cached.value;
    const value = service.listAll({}).then((rows) => {
      const plans = new Map<string, string>();
      const departments = new Set<string>();
      const leaders = new Set<string>();
      for (const row of rows) {
        if (!plans.has(row.planId) || row.planTitle) plans.set(row.planId, row.planTitle ?? row.planId);
        // A name that is blank is no one to sign in as or filter by.
        for (const d of [...row.lead, ...row.support]) if (d.trim()) departments.add(d);
        for (const l of row.leaders) if (l.trim()) leaders.add(l);
      }
      return {
        plans: [...plans].map(([id, title]) => ({ id, title })).sort((a, b) => a.id.localeCompare(b.id)),
        departments: [...departments].sort(byName),
        leaders: [...leaders].sort(byName),
      };
    });
    cached = Date.now() < settlingUntil ? undefined : { at: Date.now(), value };
    value.catch(() => (cached = undefined));
    return value;
  };
  return Object.assign(read, {
    invalidate() {
      cached = undefined;
      settlingUntil = Date.now() + SETTLE_MS;
    },
  });
}

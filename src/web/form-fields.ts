/** Reading posted forms and queries: shared by the workbench's route modules. */

/** A select left at 全部 (or an input left empty) sends an empty value: the same as not sending it. */
export function withoutEmpty(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string' && v !== '') out[k] = v;
  }
  return out;
}

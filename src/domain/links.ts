/**
 * The addresses people are sent to: a measure's page in the 督办工作台. One definition for the workbench's own links
 * and the links in notices (activities/notify.activities.ts), so a notice never points at a page that moved.
 */

/** The path of a measure's page, under the API's origin. */
export function measurePagePath(m: { planId: string; measureId: string }): string {
  return `/app/measures/${encodeURIComponent(m.planId)}/${encodeURIComponent(m.measureId)}`;
}

/** The page's address as people reach it (`publicUrl`: the workbench's origin, optionally with a path prefix). */
export function measurePageUrl(publicUrl: string, m: { planId: string; measureId: string }): string {
  return `${publicUrl.replace(/\/+$/, '')}${measurePagePath(m)}`;
}

/**
 * The sizes duban accepts for a plan source, in one place (README "Importing plans" lists them). A real plan
 * document is tens of kilobytes and a district's whole task list a few hundred measures; these limits are far
 * above that and far below what would hurt the API process or the Temporal server.
 */
export const LIMITS = {
  /** A source file as uploaded or read: text, plan file, .docx or .xlsx. */
  fileBytes: 10 * 1024 * 1024,
  /** Entries in a .docx/.xlsx container. */
  zipEntries: 2_000,
  /** One entry of a container, inflated. */
  zipEntryBytes: 64 * 1024 * 1024,
  /** All entries of a container together, inflated. */
  zipTotalBytes: 128 * 1024 * 1024,
  /** Measures in one plan (each is a workflow). */
  measures: 5_000,
} as const;

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`;

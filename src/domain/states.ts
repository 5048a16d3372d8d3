/**
 * The lifecycle's states (DOMAIN.md "Lifecycle"); the machine in workflows/measure.machine.ts moves between them.
 * A module of its own, free of zod, because the workflow sandbox imports it.
 */
export const STATES = ['assigned', 'in_progress', 'submitted', 'verified', 'closed', 'cancelled'] as const;
export type MeasureState = (typeof STATES)[number];

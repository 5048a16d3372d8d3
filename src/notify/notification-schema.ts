/**
 * zod schema of the notification activity's input (a boundary: the payload crosses Temporal). Kept apart from
 * message.ts so that the workflow bundle, which imports message.ts, does not load zod.
 */
import { z } from 'zod';
import type { Notification } from './message';

export const NotificationSchema = z.strictObject({
  idempotencyKey: z.string().min(1),
  workflowId: z.string().min(1),
  planId: z.string().min(1),
  measureId: z.string().min(1),
  title: z.string().min(1),
  kind: z.enum(['remind', 'overdue', 'escalate', 'verify_remind', 'verify_escalate', 'progress_remind']),
  level: z.int().min(0),
  light: z.enum(['green', 'yellow', 'red']),
  dueAt: z.string().nullable(),
  recipients: z.array(
    z.strictObject({ role: z.enum(['dept', 'leader', 'supervisor', 'coordinator']), name: z.string().min(1) }),
  ),
  summary: z.string().optional(),
});

// Compile-time guard: the schema and the Notification interface must describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameShape: Same<z.infer<typeof NotificationSchema>, Notification> = true;

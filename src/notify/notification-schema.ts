/**
 * zod schema of the notification activity's input (a boundary: the payload crosses Temporal). Kept apart from
 * message.ts so that the workflow bundle, which imports message.ts, does not load zod.
 */
import { z } from 'zod';
import type { Same } from '../domain/same';
import { LightSchema } from '../domain/events';
import type { Notification } from '../measure';
import { NOTICE_KINDS, RECIPIENT_ROLES } from '../measure/words';

export const NotificationSchema = z.strictObject({
  idempotencyKey: z.string().min(1),
  workflowId: z.string().min(1),
  planId: z.string().min(1),
  measureId: z.string().min(1),
  title: z.string().min(1),
  kind: z.enum(NOTICE_KINDS),
  level: z.int().min(0),
  light: LightSchema,
  dueAt: z.string().nullable(),
  recipients: z.array(z.strictObject({ role: z.enum(RECIPIENT_ROLES), name: z.string().min(1) })),
  summary: z.string().optional(),
});

// Compile-time guard: the schema and the Notification interface must describe the same thing.
const _sameShape: Same<z.infer<typeof NotificationSchema>, Notification> = true;

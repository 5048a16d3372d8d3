/** CLI options through zod: the parsed value, or a DubanError (exit 2) naming each bad option as `--plan-id: why`. */
import type { z } from 'zod';
import { DubanError } from '../service/errors';

export function parseOptions<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const option = (path: PropertyKey[]) => `--${path.join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new DubanError('bad_request', parsed.error.issues.map((i) => `${option(i.path)}: ${i.message}`).join('; '));
}

/**
 * A compile-time check that a zod schema and a plain interface describe the same shape, for the boundaries where
 * the interface is owned by zod-free code (the measure core) and the schema parses what crosses the boundary:
 * `const _same: Same<z.infer<typeof Schema>, Interface> = true;` stops compiling when either side drifts.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

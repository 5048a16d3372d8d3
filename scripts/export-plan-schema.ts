/**
 * Writes schemas/plan.schema.json, the JSON Schema of a JSON/YAML plan file, from the zod input schema (the source
 * of truth). Run `npx tsx scripts/export-plan-schema.ts` after changing src/importer/plan-file.ts; a unit test
 * fails while the file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { planFileJsonSchemaText } from '../src/importer/plan-file';

const out = path.join(__dirname, '..', 'schemas', 'plan.schema.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, planFileJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), out)}`);

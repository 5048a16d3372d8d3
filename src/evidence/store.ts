/**
 * The 佐证材料 blob store: one interface, two implementations (a folder under the data dir, an S3-compatible bucket).
 * Blobs are content-addressed by SHA-256; each upload gets its own id and a small metadata record (name, type,
 * which measure it was uploaded for, by whom), so the same file uploaded twice is stored once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Actor, EvidenceRef } from '../domain/events';
import { checkEvidence, cleanName, readLimited } from './limits';

/** What the store keeps about one upload: the reference events carry, and where it came from. */
export interface EvidenceMeta extends EvidenceRef {
  /** The workflow id of the measure it was uploaded for: only that measure's events may refer to it. */
  measure: string;
  by: Actor;
  at: string;
}

export interface PutOptions {
  name?: string;
  /** The declared MIME type (checked against the content). */
  type?: string;
  measure: string;
  by: Actor;
}

export interface EvidenceStore {
  /** Checks the limits (413/415), stores the content if new, records the upload; answers its reference. */
  put(data: Buffer | Readable, opts: PutOptions): Promise<EvidenceMeta>;
  /** The upload's metadata, or undefined for an unknown id. */
  head(id: string): Promise<EvidenceMeta | undefined>;
  /** The upload's metadata and content, or undefined for an unknown id (or a blob gone missing). */
  get(id: string): Promise<{ meta: EvidenceMeta; body: Readable } | undefined>;
  exists(id: string): Promise<boolean>;
  /** Where it stores, for logs and errors. */
  readonly where: string;
}

/** A blob as both stores write it: the bytes, checked, with the metadata of this upload. */
export interface PreparedBlob {
  data: Buffer;
  meta: EvidenceMeta;
}

export async function prepareBlob(input: Buffer | Readable, opts: PutOptions): Promise<PreparedBlob> {
  const data = Buffer.isBuffer(input) ? input : await readLimited(input);
  const type = checkEvidence(data, opts.type);
  const meta: EvidenceMeta = {
    id: randomBytes(16).toString('base64url'),
    sha256: sha256Hex(data),
    name: cleanName(opts.name),
    size: data.length,
    type,
    measure: opts.measure,
    by: opts.by,
    at: new Date().toISOString(),
  };
  return { data, meta };
}

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Only ids this store could have issued reach a path or a key. */
export const isEvidenceId = (id: string) => /^[A-Za-z0-9_-]{8,64}$/.test(id);

/** The reference an event records: the metadata without where it came from. */
export function refOf({ id, sha256, name, size, type }: EvidenceMeta): EvidenceRef {
  return { id, sha256, name, size, type };
}

export const asStream = (data: Buffer) => Readable.from([data]);

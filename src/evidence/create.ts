/** The configured 佐证材料 store (src/config.ts: a folder by default, S3 when a bucket is set). */
import path from 'node:path';
import type { Config } from '../config';
import { folderEvidenceStore } from './folder-store';
import { s3EvidenceStore } from './s3-store';
import type { EvidenceStore } from './store';

export function createEvidenceStore(config: Pick<Config, 'evidence'>): EvidenceStore {
  const settings = config.evidence;
  return settings.kind === 's3' ? s3EvidenceStore(settings) : folderEvidenceStore(settings.dir);
}

/** The folder store under a data dir (what loadConfig configures when no bucket is set). */
export function defaultEvidence(dataDir: string): Config['evidence'] {
  return { kind: 'folder', dir: path.join(dataDir, 'evidence') };
}

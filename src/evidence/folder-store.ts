/**
 * The default 佐证材料 store: a folder (`<dataDir>/evidence`). Blobs at `<sha256[0..2]>/<sha256>`, one metadata file
 * per upload at `meta/<id>.json`; every file is written to a temporary name and renamed, so a crash never leaves
 * half a file under a real name.
 */
import { createReadStream } from 'node:fs';
import { access, readFile, rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { withParentDir } from '../util/with-parent-dir';
import { isEvidenceId, prepareBlob, type EvidenceMeta, type EvidenceStore } from './store';

async function writeAtomically(file: string, data: Buffer | string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  // The temporary file sits beside the real one, so its directory is the one the write may have to make.
  await withParentDir(temp, () => writeFile(temp, data));
  await rename(temp, file);
}

const present = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

export function folderEvidenceStore(root: string): EvidenceStore {
  const blobFile = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256);
  const metaFile = (id: string) => path.join(root, 'meta', `${id}.json`);

  const head = async (id: string): Promise<EvidenceMeta | undefined> => {
    if (!isEvidenceId(id)) return undefined;
    try {
      return JSON.parse(await readFile(metaFile(id), 'utf8')) as EvidenceMeta;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  };

  return {
    where: root,
    async put(input, opts) {
      const { data, meta } = await prepareBlob(input, opts);
      const blob = blobFile(meta.sha256);
      if (!(await present(blob))) await writeAtomically(blob, data);
      await writeAtomically(metaFile(meta.id), JSON.stringify(meta));
      return meta;
    },
    head,
    async exists(id) {
      return (await head(id)) !== undefined;
    },
    async get(id) {
      const meta = await head(id);
      if (!meta || !(await present(blobFile(meta.sha256)))) return undefined;
      return { meta, body: createReadStream(blobFile(meta.sha256)) };
    },
  };
}

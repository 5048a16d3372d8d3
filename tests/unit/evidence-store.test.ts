/**
 * The 佐证材料 stores and limits: the folder store (content-addressed, atomic writes) and the S3 store against a
 * real S3-protocol server (s3rver on 127.0.0.1, a random port, a temp dir); the magic-byte type check and the size
 * limit both enforce.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanName, checkEvidence, MAX_EVIDENCE_BYTES, readLimited, sniffType } from '../../src/evidence/limits';
import { folderEvidenceStore } from '../../src/evidence/folder-store';
import { s3EvidenceStore } from '../../src/evidence/s3-store';
import { sha256Hex, type EvidenceStore } from '../../src/evidence/store';
import { DubanError } from '../../src/service/errors';
import { DOCX, EXE, JPEG, PDF, PNG, TEXT, XLSX } from '../support/evidence-files';

const WF = 'duban/p-1/2.1';
const BY = 'dept:自然资源规划建设局';

const kindOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DubanError ? err.kind : String(err);
  }
  return 'ok';
};

describe('the limits', () => {
  it('tells the allowed types by their magic bytes', () => {
    expect(sniffType(PDF)).toBe('application/pdf');
    expect(sniffType(PNG)).toBe('image/png');
    expect(sniffType(JPEG)).toBe('image/jpeg');
    expect(sniffType(TEXT)).toBe('text/plain');
    expect(sniffType(DOCX)).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffType(XLSX)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sniffType(EXE)).toBeUndefined();
    expect(sniffType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]))).toBeUndefined(); // a zip, not OOXML
    expect(sniffType(Buffer.from([0xc3, 0x28]))).toBeUndefined(); // not UTF-8
    expect(sniffType(Buffer.alloc(0))).toBeUndefined();
  });

  it('refuses by content, not by the declared type: 415 for an executable called PDF and a renamed file', () => {
    expect(kindOf(() => checkEvidence(EXE, 'application/pdf'))).toBe('unsupported_media_type');
    expect(kindOf(() => checkEvidence(PNG, 'application/pdf'))).toBe('unsupported_media_type');
    expect(checkEvidence(PNG, 'application/octet-stream')).toBe('image/png');
    expect(checkEvidence(JPEG, 'image/jpg')).toBe('image/jpeg');
    expect(checkEvidence(TEXT, 'text/plain; charset=utf-8')).toBe('text/plain');
  });

  it('refuses more than 20 MiB (413), also while reading a stream', async () => {
    const big = Buffer.alloc(MAX_EVIDENCE_BYTES + 1, 0x61);
    expect(kindOf(() => checkEvidence(big))).toBe('too_large');
    await expect(readLimited(Readable.from([big.subarray(0, 1000), big.subarray(1000)]))).rejects.toMatchObject({
      kind: 'too_large',
    });
    expect(checkEvidence(Buffer.alloc(MAX_EVIDENCE_BYTES, 0x61))).toBe('text/plain');
  });

  it('keeps file names to a name', () => {
    expect(cleanName('C:\\Users\\x\\会议纪要.pdf')).toBe('会议纪要.pdf');
    expect(cleanName('../../etc/passwd')).toBe('passwd');
    expect(cleanName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanName('')).toBe('evidence');
  });
});

/** What both stores must do. */
function storeContract(name: string, make: () => EvidenceStore) {
  describe(name, () => {
    it('stores, answers the reference, and gives the content back', async () => {
      const store = make();
      const meta = await store.put(PDF, { name: '整改方案.pdf', type: 'application/pdf', measure: WF, by: BY });
      expect(meta).toMatchObject({ sha256: sha256Hex(PDF), size: PDF.length, type: 'application/pdf' });
      expect(meta.name).toBe('整改方案.pdf');
      expect(meta.measure).toBe(WF);
      expect(await store.exists(meta.id)).toBe(true);
      expect(await store.head(meta.id)).toEqual(meta);
      const got = await store.get(meta.id);
      expect(got?.meta).toEqual(meta);
      expect(await readLimited(got!.body)).toEqual(PDF);
    });

    it('takes a stream, and knows nothing of ids it never issued', async () => {
      const store = make();
      const meta = await store.put(Readable.from([TEXT.subarray(0, 5), TEXT.subarray(5)]), {
        name: 'note.txt',
        measure: WF,
        by: BY,
      });
      expect(meta.type).toBe('text/plain');
      expect(await readLimited((await store.get(meta.id))!.body)).toEqual(TEXT);
      expect(await store.exists('AAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
      expect(await store.get('AAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
      expect(await store.exists('../../etc/passwd')).toBe(false);
    });

    it('refuses what the limits refuse, storing nothing', async () => {
      const store = make();
      await expect(store.put(EXE, { name: 'x.pdf', measure: WF, by: BY })).rejects.toMatchObject({
        kind: 'unsupported_media_type',
      });
    });
  });
}

describe('the folder store', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'duban-evidence-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  storeContract('contract', () => folderEvidenceStore(root));

  it('is content-addressed under <sha256 prefix>/, with no temporary file left', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'duban-evidence-'));
    const store = folderEvidenceStore(dir);
    const a = await store.put(PNG, { name: 'a.png', measure: WF, by: BY });
    const b = await store.put(PNG, { name: 'b.png', measure: WF, by: BY });
    expect(a.id).not.toBe(b.id);
    const sha = sha256Hex(PNG);
    expect(readdirSync(path.join(dir, sha.slice(0, 2)))).toEqual([sha]);
    expect(readdirSync(path.join(dir, 'meta')).sort()).toEqual([`${a.id}.json`, `${b.id}.json`].sort());
    expect(readFileSync(path.join(dir, sha.slice(0, 2), sha))).toEqual(PNG);
    // A blob changed behind duban's back is served as it is now: the download checks it against the event.
    writeFileSync(path.join(dir, sha.slice(0, 2), sha), 'tampered');
    expect(await readLimited((await store.get(a.id))!.body)).toEqual(Buffer.from('tampered'));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the S3 store, against s3rver on 127.0.0.1', () => {
  interface S3rverServer {
    run(): Promise<{ port: number }>;
    close(): Promise<void>;
  }
  const S3rver = createRequire(__filename)('s3rver') as new (options: object) => S3rverServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'duban-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true });
  let endpoint = '';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  beforeAll(async () => {
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: 'duban-evidence' }));
    client.destroy();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  storeContract('contract', () =>
    s3EvidenceStore({
      bucket: 'duban-evidence',
      endpoint,
      region: 'us-east-1',
      credentials,
      forcePathStyle: true,
      prefix: 'duban/',
    }),
  );
});

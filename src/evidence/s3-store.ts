/**
 * The 佐证材料 store in an S3-compatible bucket (AWS S3, MinIO, Ceph, OSS/COS in S3 mode) through @aws-sdk/client-s3:
 * blobs at `<prefix>blobs/<sha256[0..2]>/<sha256>`, one metadata object per upload at `<prefix>meta/<id>.json`.
 * An object appears whole or not at all (S3's PUT), so no temporary names are needed.
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isEvidenceId, prepareBlob, type EvidenceMeta, type EvidenceStore } from './store';

export interface S3Settings {
  bucket: string;
  /** e.g. http://127.0.0.1:9000 for MinIO; AWS's own endpoint when absent. */
  endpoint?: string;
  region: string;
  /** Static credentials; the SDK's default chain (env, profile, instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Path-style URLs (http://host/bucket/key), which most self-hosted servers need. */
  forcePathStyle: boolean;
  /** A key prefix, e.g. "duban/" (default none). */
  prefix?: string;
}

const isMissing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

export function s3EvidenceStore(settings: S3Settings, client?: S3Client): EvidenceStore {
  const s3 =
    client ??
    new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      credentials: settings.credentials,
    });
  const Bucket = settings.bucket;
  const prefix = settings.prefix ?? '';
  const blobKey = (sha256: string) => `${prefix}blobs/${sha256.slice(0, 2)}/${sha256}`;
  const metaKey = (id: string) => `${prefix}meta/${id}.json`;

  const head = async (id: string): Promise<EvidenceMeta | undefined> => {
    if (!isEvidenceId(id)) return undefined;
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket, Key: metaKey(id) }));
      return JSON.parse(await object.Body!.transformToString('utf-8')) as EvidenceMeta;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  };
  const blobExists = async (sha256: string) => {
    try {
      await s3.send(new HeadObjectCommand({ Bucket, Key: blobKey(sha256) }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  };

  return {
    where: `s3://${Bucket}/${prefix}${settings.endpoint ? ` at ${settings.endpoint}` : ''}`,
    async put(input, opts) {
      const { data, meta } = await prepareBlob(input, opts);
      if (!(await blobExists(meta.sha256))) {
        await s3.send(new PutObjectCommand({ Bucket, Key: blobKey(meta.sha256), Body: data, ContentType: meta.type }));
      }
      await s3.send(
        new PutObjectCommand({
          Bucket,
          Key: metaKey(meta.id),
          Body: JSON.stringify(meta),
          ContentType: 'application/json',
        }),
      );
      return meta;
    },
    head,
    async exists(id) {
      return (await head(id)) !== undefined;
    },
    async get(id) {
      const meta = await head(id);
      if (!meta) return undefined;
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket, Key: blobKey(meta.sha256) }));
        return { meta, body: object.Body as Readable };
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
  };
}

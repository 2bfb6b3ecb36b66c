import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Query } from '../../db/database.ts';
import type { BlobStore, ByteRange, NewBlob } from './blob-store.ts';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix, e.g. "doanflow/"; blobs are `<prefix>sha256/<digest>`. */
  prefix?: string;
  /** S3-compatible servers (MinIO, Ceph, a provider's endpoint); AWS itself needs none. */
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  /** Without them the SDK's default chain applies (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Multipart part size (default 8 MiB; S3's minimum is 5 MiB). */
  partBytes?: number;
}

/** Bytes in any S3-compatible object store, through the official AWS SDK v3. */
export class S3BlobStore implements BlobStore {
  readonly name = 's3';
  readonly client: S3Client;
  private readonly options: S3StoreOptions;

  constructor(options: S3StoreOptions) {
    this.options = options;
    const config: S3ClientConfig = {
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.forcePathStyle ? { forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    };
    this.client = new S3Client(config);
  }

  private key(sha256: string) {
    return `${this.options.prefix ?? ''}sha256/${sha256}`;
  }

  async write(_query: Query, blob: NewBlob) {
    // A spooled file is streamed in parts: at most partSize × queueSize bytes in memory.
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.options.bucket,
        Key: this.key(blob.sha256),
        Body: 'bytes' in blob ? blob.bytes : createReadStream(blob.path),
        ContentType: blob.mediaType,
        ContentLength: blob.size,
        Metadata: { sha256: blob.sha256 },
      },
      partSize: this.options.partBytes ?? 8 * 1024 * 1024,
      queueSize: 2,
    });
    await upload.done();
  }

  async has(_query: Query, sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
        return false;
      throw error;
    }
  }

  async read(sha256: string, range: ByteRange): Promise<Readable> {
    const object = await this.client.send(
      new GetObjectCommand({
        Bucket: this.options.bucket,
        Key: this.key(sha256),
        Range: `bytes=${range.start}-${range.end}`,
      }),
    );
    return object.Body as Readable;
  }

  async remove(_query: Query, sha256s: readonly string[]): Promise<void> {
    // One DELETE per object (a few at a time): every S3-compatible server has it, while the batch
    // call's checksum header is not understood everywhere (s3rver refuses its signature).
    const pending = [...sha256s];
    const worker = async () => {
      for (let sha256 = pending.pop(); sha256; sha256 = pending.pop()) {
        await this.client.send(
          new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(sha256) }),
        );
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }
}

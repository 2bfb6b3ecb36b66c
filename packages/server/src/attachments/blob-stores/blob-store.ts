import type { Readable } from 'node:stream';
import type { Query } from '../../db/database.ts';

/** Bytes [start, end] of a blob, both inclusive (as in an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A new blob's bytes: an upload spooled to a file (never whole in memory), or bytes the server made
 * itself and holds already (an issued document's PDF, tens of KB: a file would be written and read
 * back for nothing).
 */
export type BlobSource = { path: string } | { bytes: Buffer };

/** A blob to write: its digest, size and type, and where its bytes come from. */
export type NewBlob = { sha256: string; size: number; mediaType: string } & BlobSource;

/**
 * Where the bytes of attachments live, content-addressed by SHA-256: the same bytes are stored
 * once however many attachments (or, later, issued documents) point at them. The blob's row in
 * `attachment_blobs` is written in PostgreSQL whatever the store; it is also the lock that keeps
 * an upload and the clean-up of the same bytes apart.
 */
export interface BlobStore {
  /** Kept in `attachment_blobs.store`, so bytes written before a change of store stay readable. */
  readonly name: 'postgresql' | 's3';
  /** Writes a new blob's bytes, inside the transaction that inserted or locked its row. */
  write(query: Query, blob: NewBlob): Promise<void>;
  /** Whether the bytes are there (a clean-up that failed half way may have removed them). */
  has(query: Query, sha256: string): Promise<boolean>;
  /** A stream of part of a blob; never the whole blob in memory. */
  read(sha256: string, range: ByteRange): Promise<Readable>;
  /** Deletes the bytes of blobs whose rows the same transaction deletes. */
  remove(query: Query, sha256s: readonly string[]): Promise<void>;
}

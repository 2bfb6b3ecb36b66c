import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Database, Query } from '../../db/database.ts';
import type { BlobSource, BlobStore, ByteRange } from './blob-store.ts';

/** Rows of this many bytes: a read or write holds one in memory at a time. */
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/**
 * Bytes in PostgreSQL (or the embedded PGlite), as fixed-size bytea chunks of
 * `attachment_chunks`, stored uncompressed (PDFs and images are compressed already).
 */
export class PostgresBlobStore implements BlobStore {
  readonly name = 'postgresql';
  private readonly db: Database;
  readonly chunkBytes: number;

  constructor(db: Database, chunkBytes = DEFAULT_CHUNK_BYTES) {
    this.db = db;
    this.chunkBytes = chunkBytes;
  }

  async write(query: Query, blob: { sha256: string } & BlobSource): Promise<void> {
    const chunks =
      'bytes' in blob
        ? slicesOf(blob.bytes, this.chunkBytes)
        : chunksOf(createReadStream(blob.path), this.chunkBytes);
    let n = 0;
    for await (const chunk of chunks) {
      await query('insert into attachment_chunks (sha256, n, data) values ($1, $2, $3)', [
        blob.sha256,
        n,
        chunk,
      ]);
      n += 1;
    }
  }

  async has(query: Query, sha256: string): Promise<boolean> {
    const rows = await query('select 1 from attachment_chunks where sha256 = $1 and n = 0', [sha256]);
    return rows.length > 0;
  }

  async read(sha256: string, range: ByteRange): Promise<Readable> {
    const { chunkBytes, db } = this;
    const first = Math.floor(range.start / chunkBytes);
    const last = Math.floor(range.end / chunkBytes);
    async function* chunks() {
      for (let n = first; n <= last; n += 1) {
        const [row] = await db.query<{ data: Uint8Array }>(
          'select data from attachment_chunks where sha256 = $1 and n = $2',
          [sha256, n],
          'doanflow_read_chunk',
        );
        if (!row) throw new Error(`chunk ${n} of blob ${sha256} is missing`);
        const base = n * chunkBytes;
        const from = Math.max(range.start - base, 0);
        const to = Math.min(range.end - base + 1, row.data.length);
        yield Buffer.from(row.data.buffer, row.data.byteOffset + from, to - from);
      }
    }
    return Readable.from(chunks(), { objectMode: false });
  }

  async remove(query: Query, sha256s: readonly string[]): Promise<void> {
    await query('delete from attachment_chunks where sha256 = any($1::text[])', [sha256s]);
  }
}

/** Bytes in memory cut into pieces of `size` bytes (views, not copies; the last one shorter). */
function* slicesOf(bytes: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

/** Re-cuts a byte stream into pieces of exactly `size` bytes (the last one shorter). */
export async function* chunksOf(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(size - length, piece.length - offset);
      pending.push(piece.subarray(offset, offset + take));
      length += take;
      offset += take;
      if (length === size) {
        yield Buffer.concat(pending, size);
        pending = [];
        length = 0;
      }
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Authority, MediaType } from '@doanflow/engine';
import type { Database, Query } from '../db/database.ts';
import { isoOf } from '../runner/rows.ts';
import type { BlobStore, ByteRange, NewBlob } from './blob-stores/blob-store.ts';

/** An attachment row with where its bytes are. */
export interface AttachmentRow {
  id: string;
  instance_id: string;
  kind: string;
  name: string;
  sha256: string;
  size: number;
  media_type: MediaType;
  uploaded_by: string;
  uploaded_role: string;
  uploaded_unit_id: string | null;
  uploaded_at: string;
  /** The history entry that brought it into the dossier; null while it waits for one. */
  seq: number | null;
  /** That entry's event type. */
  event: string | null;
  store: string;
}

export interface NewAttachment {
  instanceId: string;
  kind: string;
  name: string;
  sha256: string;
  size: number;
  mediaType: MediaType;
  /** The spooled file holding the bytes. */
  path: string;
  uploader: Authority & { personId: string };
  at: Date;
}

const selectRows = `select a.id, a.instance_id, a.kind, a.name, a.sha256, a.size::float8 as size, a.media_type,
    a.uploaded_by, a.uploaded_role, a.uploaded_unit_id, a.uploaded_at, a.seq, h.type as event, b.store
  from attachments a
  join attachment_blobs b on b.sha256 = a.sha256
  left join history h on h.instance_id = a.instance_id and h.seq = a.seq`;

const normalise = (row: AttachmentRow): AttachmentRow => ({
  ...row,
  size: Number(row.size),
  uploaded_at: isoOf(row.uploaded_at)!,
});

/**
 * Attachments and their content-addressed blobs in PostgreSQL; the bytes in the configured store.
 * Writing a blob row and its bytes happens in one transaction that holds the row, so an upload and
 * the clean-up of the same bytes never interleave (see collectBlobs).
 */
export class AttachmentStore {
  readonly db: Database;
  /** Where new bytes go. */
  readonly store: BlobStore;
  private readonly stores: Map<string, BlobStore>;

  constructor(db: Database, store: BlobStore, others: readonly BlobStore[] = []) {
    this.db = db;
    this.store = store;
    this.stores = new Map([...others, store].map((each) => [each.name, each]));
  }

  /** Stores the bytes once per digest and adds an attachment waiting for an event. */
  async add(file: NewAttachment): Promise<AttachmentRow> {
    const id = `att_${randomUUID()}`;
    const at = file.at.toISOString();
    await this.db.transaction(async (query) => {
      await this.putBlob(query, file, at);
      await query(
        `insert into attachments (id, instance_id, kind, name, sha256, size, media_type, uploaded_by,
           uploaded_role, uploaded_unit_id, uploaded_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          id,
          file.instanceId,
          file.kind,
          file.name,
          file.sha256,
          file.size,
          file.mediaType,
          file.uploader.personId,
          file.uploader.role,
          file.uploader.unitId,
          at,
        ],
      );
    });
    return (await this.byId(id))!;
  }

  /**
   * The blob row (created, or locked and touched so clean-up leaves it), and its bytes if they are
   * not stored yet. Issued documents' PDFs are stored the same way: by digest, once.
   */
  async putBlob(query: Query, blob: NewBlob, at: string): Promise<void> {
    const [row] = await query<{ inserted: boolean; store: string }>(
      `insert into attachment_blobs (sha256, size, media_type, store, created_at, last_used_at)
       values ($1, $2, $3, $4, $5, $5)
       on conflict (sha256) do update set last_used_at = excluded.last_used_at
       returning (xmax = 0) as inserted, store`,
      [blob.sha256, blob.size, blob.mediaType, this.store.name, at],
    );
    const holder = this.stores.get(row!.store) ?? this.store;
    if (row!.inserted || !(await holder.has(query, blob.sha256))) {
      await holder.write(query, blob);
    }
  }

  async byId(id: string): Promise<AttachmentRow | null> {
    const [row] = await this.db.query<AttachmentRow>(`${selectRows} where a.id = $1`, [id]);
    return row ? normalise(row) : null;
  }

  /** The instance's dossier: what events brought in, and the uploads still waiting. */
  async ofInstance(instanceId: string): Promise<AttachmentRow[]> {
    const rows = await this.db.query<AttachmentRow>(
      `${selectRows} where a.instance_id = $1 order by a.seq nulls last, a.uploaded_at, a.id`,
      [instanceId],
    );
    return rows.map(normalise);
  }

  read(row: AttachmentRow, range: ByteRange): Promise<Readable> {
    const store = this.stores.get(row.store);
    if (!store)
      throw new Error(`the bytes of ${row.id} are in the "${row.store}" store, not configured here`);
    return store.read(row.sha256, range);
  }

  /** Bytes by digest alone (an issued document's PDF), from whichever store holds them. */
  async readBlob(sha256: string, range: ByteRange): Promise<Readable> {
    const [row] = await this.db.query<{ store: string }>(
      'select store from attachment_blobs where sha256 = $1',
      [sha256],
    );
    const store = row ? this.stores.get(row.store) : undefined;
    if (!store) throw new Error(`no stored bytes for ${sha256}`);
    return store.read(sha256, range);
  }

  async recordDownload(row: AttachmentRow, personId: string | null, status: number, range: string | null) {
    await this.db.query(
      `insert into attachment_downloads (attachment_id, instance_id, person_id, at, range, status)
       values ($1, $2, $3, now(), $4, $5)`,
      [row.id, row.instance_id, personId, range, status],
    );
  }

  /** Removes an upload its uploader no longer wants, while no event references it. */
  async withdraw(id: string, personId: string): Promise<boolean> {
    const rows = await this.db.query(
      'delete from attachments where id = $1 and uploaded_by = $2 and seq is null returning 1',
      [id, personId],
    );
    return rows.length > 0;
  }

  /** Uploads no event referenced, older than `before`: deleted (referenced ones never are). */
  async pruneUnreferenced(before: Date, batch = 1000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const rows = await this.db.query(
        `delete from attachments where id in (
           select id from attachments where seq is null and uploaded_at < $1 limit $2)
         returning 1`,
        [before.toISOString(), batch],
      );
      deleted += rows.length;
      if (rows.length < batch) return deleted;
    }
  }

  /**
   * Blobs no attachment points at any more and not used since `before`: their rows are locked
   * (an upload of the same bytes waits, then writes them again), their bytes removed, then the rows.
   */
  async collectBlobs(before: Date, batch = 100): Promise<number> {
    let removed = 0;
    for (;;) {
      const count = await this.db.transaction(async (query) => {
        const rows = await query<{ sha256: string; store: string }>(
          `select sha256, store from attachment_blobs b
           where last_used_at < $1 and not exists (select 1 from attachments a where a.sha256 = b.sha256)
             and not exists (select 1 from issued_documents d where d.sha256 = b.sha256)
           order by last_used_at limit $2 for update skip locked`,
          [before.toISOString(), batch],
        );
        for (const [name, store] of this.stores) {
          const digests = rows.filter((row) => row.store === name).map((row) => row.sha256);
          if (digests.length) await store.remove(query, digests);
        }
        const digests = rows.filter((row) => this.stores.has(row.store)).map((row) => row.sha256);
        if (digests.length) {
          await query('delete from attachment_blobs where sha256 = any($1::text[])', [digests]);
        }
        return digests.length;
      });
      removed += count;
      if (count < batch) return removed;
    }
  }
}

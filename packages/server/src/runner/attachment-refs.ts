import type { AttachmentRef, MediaType, Principal } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';

/**
 * The uploads an event names, as the engine sees them. Only the sender's own uploads to this
 * instance that no event has referenced yet qualify; anything else is "unknown" (whether it exists
 * elsewhere is not said).
 */
export async function attachmentRefs(
  query: Query,
  instanceId: string,
  principal: Principal,
  ids: readonly string[] | undefined,
): Promise<AttachmentRef[]> {
  if (!ids || ids.length === 0) return [];
  const rows =
    principal.kind === 'person'
      ? await query<{
          id: string;
          kind: string;
          name: string;
          sha256: string;
          size: number;
          media_type: MediaType;
        }>(
          `select id, kind, name, sha256, size::float8 as size, media_type from attachments
           where instance_id = $1 and id = any($2::text[]) and uploaded_by = $3 and seq is null`,
          [instanceId, [...ids], principal.personId],
        )
      : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) {
      throw new ServerError('UNKNOWN_ATTACHMENT', `no upload ${id} of yours is waiting on this instance`, {
        attachmentId: id,
      });
    }
    return {
      id,
      kind: row.kind,
      name: row.name,
      sha256: row.sha256,
      size: Number(row.size),
      mediaType: row.media_type,
    };
  });
}

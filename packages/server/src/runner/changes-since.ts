import type { Query } from '../db/database.ts';

/** One step the caller had not seen: what was done, by whom, from which state to which. */
export interface MissedChange {
  seq: number;
  type: string;
  at: string;
  actor: { personId: string | null; role: string };
  from: string | null;
  to: string;
}

/**
 * The history entries after the revision a caller saw (revision n has seen entries 0…n-1), so a
 * stale decision's 409 says what changed meanwhile ("returned to the branch by …") rather than only
 * that something did. At most 20: the portal reloads the instance anyway.
 */
export async function changesSince(
  query: Query,
  instanceId: string,
  revision: number,
  current: number,
): Promise<MissedChange[]> {
  // A revision from the future (or a made-up one) missed nothing that can be named.
  if (revision >= current) return [];
  const rows = await query<{
    seq: number;
    type: string;
    at: Date | string;
    actor_person_id: string | null;
    actor_role: string;
    from_state: string | null;
    to_state: string;
  }>(
    `select seq, type, at, actor_person_id, actor_role, from_state, to_state from history
      where instance_id = $1 and seq >= $2 order by seq limit 20`,
    [instanceId, Math.max(0, revision)],
  );
  return rows.map((row) => ({
    seq: row.seq,
    type: row.type,
    at: new Date(row.at).toISOString(),
    actor: { personId: row.actor_person_id, role: row.actor_role },
    from: row.from_state,
    to: row.to_state,
  }));
}

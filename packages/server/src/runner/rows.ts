import type {
  AttachmentRef,
  HistoryEntry,
  InstanceSnapshot,
  IssuedDocumentRef,
  Signature,
} from '@doanflow/engine';

/** PostgreSQL timestamps arrive as text ("2026-03-02 02:00:00+00"): back to ISO instants. */
export function isoOf(value: string | Date | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return value.toISOString();
  const normalised = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(normalised).toISOString();
}

export interface InstanceRow {
  id: string;
  workflow_id: string;
  version: number;
  state: string;
  status: 'active' | 'done';
  org_unit_id: string | null;
  unit_ids: string[];
  subject_person_id: string | null;
  /** The subject and every person who acted on it (see Migration20261203000000_instance_participants). */
  participant_ids: string[] | null;
  /** A nomination's round, filled by the database from the snapshot (Migration20261219000000_instance_updates_in_place). */
  campaign_id?: string | null;
  snapshot: InstanceSnapshot;
  revision: number;
  last_hash: string;
  created_at: string;
  updated_at: string;
}

export interface HistoryRow {
  instance_id: string;
  seq: number;
  type: string;
  payload: unknown;
  policy: Record<string, unknown> | null;
  actor_person_id: string | null;
  actor_role: string;
  actor_unit_id: string | null;
  acting: string;
  comment: string | null;
  from_state: string | null;
  to_state: string;
  at: string;
  timer_id: string | null;
  attachments: AttachmentRef[] | null;
  /** Only for an act that signs a document (Migration20261207000000_history_signature). */
  signature?: Signature | null;
  /** The holder a delegate acted for (Migration20261214000000_delegation); null on most. */
  on_behalf_of?: string | null;
  /** What the server counted or read for the step (null on most). */
  facts: Record<string, unknown> | null;
  /** The official documents the step issued (their PDFs' digests). */
  issued: IssuedDocumentRef[] | null;
  prev_hash: string | null;
  hash: string;
}

export interface TaskRow {
  id?: number;
  instance_id: string;
  workflow_id: string;
  version: number;
  state: string;
  role: string;
  unit_id: string | null;
  /** unit_id and every unit above it (see task-paths.ts). */
  unit_path: string[];
  or_above: boolean;
  person_id: string | null;
  relation: string;
  events: string[];
  due: string | null;
  subject: string;
  search: string;
  updated_at: string;
  /** The instance's revision, read with an inbox page (not a column of the task). */
  revision?: number;
}

export interface TimerRow {
  id: string;
  instance_id: string;
  name: string;
  kind: string;
  due: string;
  event: { type: string; payload: Record<string, unknown> };
  status: 'pending' | 'fired' | 'cancelled';
  /** The notice version of each year a working-day count went through (null: not counted so). */
  calendar: Record<string, number> | null;
  created_at: string;
  settled_at: string | null;
}

export function historyRow(
  instanceId: string,
  entry: HistoryEntry,
  prevHash: string | null,
  hash: string,
): HistoryRow {
  return {
    instance_id: instanceId,
    seq: entry.seq,
    type: entry.type,
    payload: entry.payload ?? null,
    policy: entry.policy ?? null,
    actor_person_id: entry.actor.personId,
    actor_role: entry.actor.role,
    actor_unit_id: entry.actor.unitId,
    acting: entry.actor.acting,
    comment: entry.comment,
    from_state: entry.from,
    to_state: entry.to,
    at: entry.at,
    timer_id: entry.timerId,
    attachments: entry.attachments ?? null,
    signature: entry.actor.signature ?? null,
    on_behalf_of: entry.actor.onBehalfOf ?? null,
    facts: entry.facts ?? null,
    issued: entry.issued ?? null,
    prev_hash: prevHash,
    hash,
  };
}

/** The engine's HistoryEntry back from its row (the exact shape that was hashed). */
export function entryOf(row: HistoryRow): HistoryEntry {
  const entry: HistoryEntry = {
    seq: row.seq,
    type: row.type,
    payload: row.payload,
    comment: row.comment,
    at: isoOf(row.at)!,
    actor: {
      personId: row.actor_person_id,
      role: row.actor_role,
      unitId: row.actor_unit_id,
      acting: row.acting as HistoryEntry['actor']['acting'],
      ...(row.signature ? { signature: row.signature } : {}),
      ...(row.on_behalf_of ? { onBehalfOf: row.on_behalf_of } : {}),
    },
    timerId: row.timer_id,
    from: row.from_state,
    to: row.to_state,
  };
  if (row.policy) entry.policy = row.policy;
  if (row.attachments) entry.attachments = row.attachments;
  if (row.facts) entry.facts = row.facts;
  if (row.issued) entry.issued = row.issued;
  return entry;
}

import { localDate, recordKindLabel, type OrgDirectory, type Principal } from '@doanflow/engine';
import type { RecordFact, RecordPage, RecordQuery } from '@doanflow/client';
import type { Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import { isoOf } from './rows.ts';

export interface RecordSubject {
  kind: 'unit' | 'person';
  id: string;
}

// Roles that read no record but their own: a member, a host unit's contact, a staff cadre, a
// council member (who sees the nominations put to the council, not people's records).
const notOfficers = new Set(['member', 'host', 'cadre', 'councilMember']);

/** The units a person belongs to today: their branch and every unit where they hold a role. */
function unitsOfPerson(directory: OrgDirectory, personId: string, on: string): string[] {
  const memberOf = directory.person(personId)?.memberOf;
  return [
    ...(memberOf ? [directory.resolveUnit(memberOf, on)?.id ?? memberOf] : []),
    ...directory.bindingsOf(personId, on).map((binding) => binding.unitId),
  ];
}

/**
 * Who reads a record: the person themselves; an officer (a secretary, a committee, an office) at the unit,
 * or at one of the person's units, or above it. The system reads every record.
 */
export function mayReadRecord(
  principal: Principal,
  subject: RecordSubject,
  directory: OrgDirectory,
  now: Date,
): boolean {
  if (principal.kind === 'system') return true;
  if (subject.kind === 'person' && subject.id === principal.personId) return true;
  const on = localDate(now);
  const units =
    subject.kind === 'unit'
      ? [directory.resolveUnit(subject.id, on)?.id].filter((id): id is string => id !== undefined)
      : unitsOfPerson(directory, subject.id, on);
  const offices = directory.bindingsOf(principal.personId, on).filter((b) => !notOfficers.has(b.role));
  return units.some((unitId) =>
    offices.some((office) => office.unitId === unitId || directory.isAncestor(office.unitId, unitId, on)),
  );
}

interface Cursor {
  /** recorded_at as PostgreSQL printed it (exact to the microsecond), and the link's id. */
  r: string;
  l: string;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decodeCursor(text: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString()) as Cursor;
    if (
      typeof cursor?.r === 'string' &&
      !Number.isNaN(Date.parse(cursor.r)) &&
      typeof cursor.l === 'string' &&
      /^\d{1,19}$/.test(cursor.l)
    )
      return cursor;
  } catch {
    // Falls through to the refusal.
  }
  throw new ServerError('BAD_REQUEST', 'the cursor is not valid', {});
}

/**
 * A page of a record, newest first. The caller is checked first: a record outside their scope, of a
 * unit or person that does not exist, and an empty one outside it all answer 404 alike.
 */
export async function readRecordPage(
  query: Query,
  directory: OrgDirectory,
  principal: Principal,
  subject: RecordSubject,
  filter: RecordQuery,
  now: Date,
): Promise<RecordPage> {
  const on = localDate(now);
  const name =
    subject.kind === 'unit'
      ? directory.resolveUnit(subject.id, on)?.name
      : directory.person(subject.id)?.name;
  if (name === undefined || !mayReadRecord(principal, subject, directory, now)) {
    throw new ServerError('NOT_FOUND', `no record of ${subject.kind} ${subject.id}`, {});
  }
  const limit = filter.limit ?? 20;
  const after = filter.cursor ? decodeCursor(filter.cursor) : null;
  const rows = await query<{
    kind: string;
    key: string;
    data: Record<string, unknown>;
    source_instance_id: string;
    source_workflow_id: string;
    source_seq: number;
    recorded_at: string | Date;
    at_text: string;
    link_id: string;
  }>(
    `select kind, key, data, source_instance_id, source_workflow_id, source_seq, recorded_at,
       recorded_at::text as at_text, link_id::text as link_id
     from records where subject_kind = $1 and subject_id = $2 and ($3::text is null or kind = $3)
       and ($4::timestamptz is null or (recorded_at, link_id) < ($4::timestamptz, $5::bigint))
     order by recorded_at desc, link_id desc limit $6`,
    [subject.kind, subject.id, filter.kind ?? null, after?.r ?? null, after?.l ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  const items: RecordFact[] = page.map((row) => ({
    kind: row.kind,
    label: recordKindLabel(row.kind),
    key: row.key,
    data: row.data,
    source: { instanceId: row.source_instance_id, workflowId: row.source_workflow_id, seq: row.source_seq },
    recordedAt: isoOf(row.recorded_at)!,
  }));
  const last = page.at(-1);
  return {
    subject: { ...subject, name },
    items,
    nextCursor: rows.length > limit && last ? encodeCursor({ r: last.at_text, l: last.link_id }) : null,
  };
}

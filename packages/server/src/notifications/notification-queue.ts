import { createHash } from 'node:crypto';
import type { Database, Query } from '../db/database.ts';
import type { NotificationKind } from './kinds.ts';
import type { NotificationPayload } from './templates.ts';

/** A row's life: digest → bundled; pending → sending → sent | failed; pending/digest → cancelled. */
export type NotificationState =
  | 'pending'
  | 'digest'
  | 'bundled'
  | 'sending'
  | 'sent'
  | 'failed'
  | 'cancelled';

export interface NewNotification {
  key: string;
  person_id: string;
  channel: string;
  kind: NotificationKind | 'digest';
  instance_id: string | null;
  locale: string;
  payload: NotificationPayload | { items: { kind: NotificationKind; payload: NotificationPayload }[] };
  state: 'pending' | 'digest';
  not_before: string;
  created_at: string;
}

export interface ClaimedNotification extends NewNotification {
  attempts: number;
}

export interface NotificationRow extends Omit<ClaimedNotification, 'state'> {
  id: string;
  state: NotificationState;
  sent_at: string | null;
  failed_at: string | null;
  last_error: string | null;
}

/** `<…@domain>` from the key: the same notification always has the same Message-ID. */
export const messageIdOf = (key: string, domain: string) =>
  `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;

const iso = (at: Date) => at.toISOString();

const INSERT = `
  insert into notifications (key, person_id, channel, kind, instance_id, locale, payload, state, not_before, created_at)
  select key, person_id, channel, kind, instance_id, locale, payload, state, not_before, created_at
  from jsonb_to_recordset($1::jsonb) as x(key text, person_id text, channel text, kind text, instance_id text,
    locale text, payload jsonb, state text, not_before timestamptz, created_at timestamptz)
  on conflict (key) do nothing`;

// Due rows, and rows whose sender died mid-attempt (state "sending", lease run out): sent again with
// the same key and Message-ID.
const CLAIM = `
  update notifications n set state = 'sending', attempts = n.attempts + 1, locked_until = $2
  from (select key from notifications
        where state in ('pending', 'sending') and not_before <= $1 and (locked_until is null or locked_until <= $1)
        order by not_before, id limit $3 for update skip locked) c
  where n.key = c.key
  returning n.key, n.person_id, n.channel, n.kind, n.instance_id, n.locale, n.payload, n.state,
    n.not_before, n.created_at, n.attempts`;

/** The notifications table: each statement one round trip. */
export class NotificationQueue {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  /** Adds rows; a key already present is left as it is (deriving twice adds nothing). */
  static async insert(query: Query, rows: NewNotification[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await query(`${INSERT} returning key`, [JSON.stringify(rows)]);
    return inserted.length;
  }

  claim(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
    return this.db.query<ClaimedNotification>(CLAIM, [iso(now), iso(leaseUntil), limit]);
  }

  /** The acknowledgement: only a row still being sent (not cancelled meanwhile) becomes sent. */
  async sent(key: string, now: Date): Promise<void> {
    await this.db.query(
      `update notifications set state = 'sent', sent_at = $2, locked_until = null, last_error = null
       where key = $1 and state = 'sending'`,
      [key, iso(now)],
    );
  }

  /** A failed attempt: due again at `retryAt`, or failed for good (null) with its error kept. */
  async failed(key: string, now: Date, error: string, retryAt: Date | null): Promise<void> {
    if (retryAt) {
      await this.db.query(
        `update notifications set state = 'pending', not_before = $3, locked_until = null, last_error = $2
         where key = $1 and state = 'sending'`,
        [key, error, iso(retryAt)],
      );
      return;
    }
    await this.db.query(
      `update notifications set state = 'failed', failed_at = $3, locked_until = null, last_error = $2
       where key = $1 and state = 'sending'`,
      [key, error, iso(now)],
    );
  }

  /** Attempts cut short by a shutdown: not counted, due again at once. */
  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query(
      `update notifications set state = 'pending', attempts = greatest(attempts - 1, 0), locked_until = null
       where key = any($1::text[]) and state = 'sending'`,
      [keys],
    );
  }

  /**
   * Bundles each person's digest rows that are due into one digest row per channel and hour; the
   * digest's key names its first member, so bundling is deterministic and happens once.
   */
  async bundleDigests(now: Date): Promise<number> {
    return this.db.transaction(async (query) => {
      const members = await query<Omit<NotificationRow, 'state'> & { id: string }>(
        `select id::text, key, person_id, channel, kind, payload, locale, not_before from notifications
         where state = 'digest' and not_before <= $1 order by id for update skip locked`,
        [iso(now)],
      );
      const groups = new Map<string, typeof members>();
      for (const member of members) {
        const at = new Date(member.not_before).toISOString();
        const group = `${member.person_id}\u0000${member.channel}\u0000${at}`;
        groups.set(group, [...(groups.get(group) ?? []), member]);
      }
      const digests: NewNotification[] = [];
      for (const group of groups.values()) {
        const first = group[0]!;
        const at = new Date(first.not_before).toISOString();
        const key = `digest:${first.person_id}:${first.channel}:${at}:${first.id}`;
        digests.push({
          key,
          person_id: first.person_id,
          channel: first.channel,
          kind: 'digest',
          instance_id: null,
          locale: first.locale,
          payload: {
            items: group.map((member) => ({
              kind: member.kind as NotificationKind,
              payload: member.payload as NotificationPayload,
            })),
          },
          state: 'pending',
          not_before: iso(now),
          created_at: iso(now),
        });
        await query(
          `update notifications set state = 'bundled', digest_key = $2 where key = any($1::text[])`,
          [group.map((member) => member.key), key],
        );
      }
      await NotificationQueue.insert(query, digests);
      return digests.length;
    });
  }

  /** Rows by state (metrics, the admin listing's summary). */
  async countByState(): Promise<Record<string, number>> {
    const rows = await this.db.query<{ state: string; n: number }>(
      'select state, count(*)::int as n from notifications group by state',
    );
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  }

  /** Newest first, optionally by state or person (the admin listing). */
  list(filter: {
    state?: string;
    personId?: string;
    limit: number;
    before?: string;
  }): Promise<NotificationRow[]> {
    return this.db.query<NotificationRow>(
      `select id::text, key, person_id, channel, kind, instance_id, locale, state, not_before, created_at,
         attempts, sent_at, failed_at, last_error, payload from notifications
       where ($1::text is null or state = $1) and ($2::text is null or person_id = $2)
         and ($3::bigint is null or id < $3)
       order by id desc limit $4`,
      [filter.state ?? null, filter.personId ?? null, filter.before ?? null, filter.limit],
    );
  }
}

import type { Database, Query } from '../db/database.ts';
import type { NotificationKind } from './kinds.ts';
import { localHour, nextLocalHour } from './local-time.ts';

/** How a person wants to hear (local hours, Vietnam time). */
export interface NotificationPreferences {
  /** "immediate": each notification as it happens; "digest": one message a day at `digestHour`. */
  mode: 'immediate' | 'digest';
  digestHour: number;
  /** Nothing immediate is sent from `start`:00 to `end`:00 (it waits until `end`); may wrap midnight. */
  quietHours: { start: number; end: number } | null;
  /** Kinds this person turned off. */
  optedOut: NotificationKind[];
}

export const defaultPreferences: NotificationPreferences = {
  mode: 'immediate',
  digestHour: 7,
  quietHours: null,
  optedOut: [],
};

const inQuietHours = (quiet: { start: number; end: number }, hour: number) =>
  quiet.start <= quiet.end
    ? hour >= quiet.start && hour < quiet.end
    : hour >= quiet.start || hour < quiet.end;

/** When a notification created now goes, and whether it waits for the digest. */
export function scheduleFor(
  preferences: NotificationPreferences,
  now: Date,
): { state: 'pending' | 'digest'; notBefore: Date } {
  if (preferences.mode === 'digest') {
    return { state: 'digest', notBefore: nextLocalHour(now, preferences.digestHour) };
  }
  const quiet = preferences.quietHours;
  if (quiet && quiet.start !== quiet.end && inQuietHours(quiet, localHour(now))) {
    return { state: 'pending', notBefore: nextLocalHour(now, quiet.end) };
  }
  return { state: 'pending', notBefore: now };
}

interface PreferenceRow {
  person_id: string;
  mode: 'immediate' | 'digest';
  digest_hour: number;
  quiet_start: number | null;
  quiet_end: number | null;
  opted_out: NotificationKind[];
}

const fromRow = (row: PreferenceRow): NotificationPreferences => ({
  mode: row.mode,
  digestHour: row.digest_hour,
  quietHours:
    row.quiet_start !== null && row.quiet_end !== null
      ? { start: row.quiet_start, end: row.quiet_end }
      : null,
  optedOut: row.opted_out,
});

/** People's preferences in PostgreSQL; someone who never set any has the defaults. */
export class PreferenceStore {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  async get(personId: string): Promise<NotificationPreferences> {
    return (await this.many([personId])).get(personId) ?? defaultPreferences;
  }

  /** `query`: the caller's transaction, when it has one (on PGlite a second query would wait on it). */
  async many(
    personIds: readonly string[],
    query: Query = this.db.query,
  ): Promise<Map<string, NotificationPreferences>> {
    if (personIds.length === 0) return new Map();
    const rows = await query<PreferenceRow>(
      `select * from notification_preferences where person_id = any($1::text[])`,
      [personIds],
    );
    return new Map(rows.map((row) => [row.person_id, fromRow(row)]));
  }

  async set(personId: string, preferences: NotificationPreferences, now: Date): Promise<void> {
    await this.db.query(
      `insert into notification_preferences
         (person_id, mode, digest_hour, quiet_start, quiet_end, opted_out, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (person_id) do update set mode = excluded.mode, digest_hour = excluded.digest_hour,
         quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
         opted_out = excluded.opted_out, updated_at = excluded.updated_at`,
      [
        personId,
        preferences.mode,
        preferences.digestHour,
        preferences.quietHours?.start ?? null,
        preferences.quietHours?.end ?? null,
        preferences.optedOut,
        now.toISOString(),
      ],
    );
  }

  /**
   * Turns one kind off (the unsubscribe link) and cancels what of that kind still waits: one
   * statement each, whatever else the person set.
   */
  async optOut(personId: string, kind: NotificationKind, now: Date): Promise<void> {
    await this.db.transaction(async (query) => {
      await query(
        `insert into notification_preferences (person_id, opted_out, updated_at) values ($1, array[$2], $3)
         on conflict (person_id) do update set updated_at = excluded.updated_at,
           opted_out = case when $2 = any(notification_preferences.opted_out)
             then notification_preferences.opted_out else notification_preferences.opted_out || $2 end`,
        [personId, kind, now.toISOString()],
      );
      await query(
        `update notifications set state = 'cancelled', locked_until = null
         where person_id = $1 and kind = $2 and state in ('pending', 'digest')`,
        [personId, kind],
      );
    });
  }
}

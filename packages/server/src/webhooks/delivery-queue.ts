import type { Database } from '../db/database.ts';
import { OUTBOX_PASS_SETTINGS } from '../db/outbox-pass.ts';
import type { AttemptResult } from './delivery.ts';
import type { RetryPolicy } from './retry-policy.ts';

/** A subscription's message, claimed for one attempt. */
export interface ClaimedDelivery {
  outboxId: string;
  /** This attempt included. */
  attempts: number;
  topic: string;
  payload: unknown;
}

export interface SubscriptionBacklog {
  webhookId: string;
  pending: number;
  /** Age of its oldest waiting message, in seconds (0 when none waits). */
  oldestSeconds: number;
}

const iso = (at: Date) => at.toISOString();

// Undelivered outbox rows (an older release may hold a lease on some: skipped) become one row per
// subscribed, active webhook; the outbox row is then marked handed over, in the same statement.
const FAN_OUT = `
  with claimed as (
    select id, topic from outbox
    where delivered_at is null and (locked_until is null or locked_until <= $1)
    order by id limit $2 for update skip locked
  ), fanned as (
    insert into webhook_deliveries (webhook_id, outbox_id, next_attempt_at)
    select w.id, c.id, $1 from claimed c
    join webhooks w on w.active and (cardinality(w.topics) = 0 or c.topic = any(w.topics))
    on conflict do nothing
    returning webhook_id
  ), settled as (
    update outbox o set delivered_at = $1, locked_until = null from claimed c where o.id = c.id returning o.id
  )
  select webhook_id, count(*)::int as n from fanned group by webhook_id
  union all select null, count(*)::int from settled`;

const CLAIM = `
  update webhook_deliveries d set attempts = d.attempts + 1, locked_until = $3
  from (select outbox_id from webhook_deliveries
        where webhook_id = $1 and delivered_at is null and gave_up_at is null
          and next_attempt_at <= $2 and (locked_until is null or locked_until <= $2)
        order by next_attempt_at, outbox_id limit $4 for update skip locked) c, outbox o
  where d.webhook_id = $1 and d.outbox_id = c.outbox_id and o.id = d.outbox_id
  returning d.outbox_id::text as "outboxId", d.attempts, o.topic, o.payload`;

const SUCCEEDED = `
  with delivery as (
    update webhook_deliveries set delivered_at = $3, locked_until = null, last_status = $4, last_error = null
    where webhook_id = $1 and outbox_id = $2
  )
  update webhooks set consecutive_failures = 0, failing_since = null
  where id = $1 and consecutive_failures > 0`;

// The failure counts towards the subscription's run; a run long enough in count and in time disables it.
const FAILED = `
  with delivery as (
    update webhook_deliveries
    set locked_until = null, next_attempt_at = coalesce($3, next_attempt_at), gave_up_at = $4,
        last_status = $5, last_error = $6
    where webhook_id = $1 and outbox_id = $2
  ), run as (
    select w.id, coalesce(w.consecutive_failures, 0) + 1 as failures, coalesce(w.failing_since, $7) as since,
      w.active and coalesce(w.consecutive_failures, 0) + 1 >= $8 and coalesce(w.failing_since, $7) <= $9 as disable
    from webhooks w where w.id = $1 for update
  )
  update webhooks w set consecutive_failures = run.failures, failing_since = run.since, last_error = $6,
    active = w.active and not run.disable,
    disabled_at = case when run.disable then $7 else w.disabled_at end,
    disabled_reason = case when run.disable then format(
      '%s deliveries failed in a row since %s; the last one: %s', run.failures,
      to_char(run.since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), $6) else w.disabled_reason end
  from run where w.id = run.id
  returning run.disable as "disabled", w.disabled_reason as "reason"`;

/** The subscriptions' delivery rows in PostgreSQL: each statement one round trip. */
export class DeliveryQueue {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  /**
   * Hands up to `limit` outbox messages to the subscriptions: rows added per webhook, and messages
   * taken. A transaction of its own, for the pass's settings (db/outbox-pass.ts).
   */
  async fanOut(now: Date, limit: number): Promise<{ messages: number; added: Map<string, number> }> {
    const rows = await this.db.transaction(async (query) => {
      await query(OUTBOX_PASS_SETTINGS);
      return query<{ webhook_id: string | null; n: number }>(FAN_OUT, [iso(now), limit]);
    });
    const added = new Map<string, number>();
    let messages = 0;
    for (const row of rows) {
      if (row.webhook_id === null) messages = row.n;
      else added.set(row.webhook_id, row.n);
    }
    return { messages, added };
  }

  /** Takes up to `limit` due messages of one subscription for an attempt, leased until `leaseUntil`. */
  claim(webhookId: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.db.query<ClaimedDelivery>(CLAIM, [webhookId, iso(now), iso(leaseUntil), limit]);
  }

  async succeeded(webhookId: string, outboxId: string, now: Date, status: number | null): Promise<void> {
    await this.db.query(SUCCEEDED, [webhookId, outboxId, iso(now), status]);
  }

  /** Records a failed attempt; says whether this failure disabled the subscription, and why. */
  async failed(
    webhookId: string,
    outboxId: string,
    now: Date,
    result: AttemptResult,
    next: { retryAt: Date | null },
    policy: RetryPolicy,
  ): Promise<{ disabled: boolean; reason: string | null }> {
    const [row] = await this.db.query<{ disabled: boolean; reason: string | null }>(FAILED, [
      webhookId,
      outboxId,
      next.retryAt ? iso(next.retryAt) : null,
      next.retryAt ? null : iso(now),
      result.status,
      (result.error ?? 'failed').slice(0, 1000),
      iso(now),
      policy.disableAfterFailures,
      iso(new Date(now.getTime() - policy.disableAfterMs)),
    ]);
    return row ?? { disabled: false, reason: null };
  }

  /** Attempts cut short by a shutdown: not counted, due again at once (the next start takes them). */
  async release(webhookId: string, outboxIds: readonly string[]): Promise<void> {
    if (outboxIds.length === 0) return;
    await this.db.query(
      `update webhook_deliveries set attempts = greatest(attempts - 1, 0), locked_until = null
       where webhook_id = $1 and outbox_id = any($2::bigint[]) and delivered_at is null`,
      [webhookId, outboxIds],
    );
  }

  /** Active subscriptions with a message due and not claimed (one index probe each). */
  async dueSubscriptions(now: Date): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select w.id from webhooks w where w.active and exists (
         select 1 from webhook_deliveries d
         where d.webhook_id = w.id and d.delivered_at is null and d.gave_up_at is null
           and d.next_attempt_at <= $1 and (d.locked_until is null or d.locked_until <= $1))`,
      [iso(now)],
    );
    return rows.map((row) => row.id);
  }

  /** Waiting messages per subscription (for metrics and the API), with outbox rows not yet handed over. */
  async backlog(now: Date): Promise<{ subscriptions: SubscriptionBacklog[]; notHandedOver: number }> {
    const [subscriptions, [outbox]] = await Promise.all([
      this.db.query<{ webhook_id: string; pending: number; oldest: number }>(
        `select w.id as webhook_id, count(d.outbox_id)::int as pending,
           coalesce(extract(epoch from ($1::timestamptz - min(o.created_at))), 0)::float8 as oldest
         from webhooks w
         left join webhook_deliveries d
           on d.webhook_id = w.id and d.delivered_at is null and d.gave_up_at is null
         left join outbox o on o.id = d.outbox_id
         group by w.id`,
        [iso(now)],
      ),
      this.db.query<{ n: number }>(`select count(*)::int as n from outbox where delivered_at is null`),
    ]);
    return {
      subscriptions: subscriptions.map((row) => ({
        webhookId: row.webhook_id,
        pending: row.pending,
        oldestSeconds: Math.max(0, row.oldest),
      })),
      notHandedOver: outbox?.n ?? 0,
    };
  }
}

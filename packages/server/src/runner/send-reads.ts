import type { Query } from '../db/database.ts';
import { inForceFor } from '../delegations/delegation-store.ts';
import { ServerError } from '../errors.ts';
import type { Delegation } from '@doanflow/engine';
import type { InstanceRow } from './rows.ts';

/** What a decision reads first: its instance, the caller's Idempotency-Key and delegations. */
export type SendRead = InstanceRow & {
  key_hash: string | null;
  key_response: unknown;
  delegations: Delegation[];
};

/** A decision's read: the instance, the caller's key (principal, key), the person and day of delegations. */
export type SendReadParams = [
  instanceId: string,
  principal: string | null,
  key: string | null,
  personId: string | null,
  day: string,
];

// The instance and the caller's Idempotency-Key (if any) in one round trip; either may be absent.
// With the delegations naming the caller as delegate today ($4, $5): still one round trip.
const readOne = `select i.*, k.request_hash as key_hash, k.response as key_response,
    ${inForceFor('$4', '$5')} as delegations
  from (values (1)) as one (x)
  left join instances i on i.id = $1
  left join idempotency_keys k on k.principal = $2 and k.key = $3`;

// The same for several decisions: one row per read, in the order asked (`read_n`).
const readMany = `select p.read_n, i.*, k.request_hash as key_hash, k.response as key_response,
    ${inForceFor('p.person_id', 'p.day')} as delegations
  from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
    with ordinality as p (instance_id, principal, key, person_id, day, read_n)
  left join instances i on i.id = p.instance_id
  left join idempotency_keys k on k.principal = p.principal and k.key = p.key`;

/** Reads in one statement at most; more wait for the next. */
const MAX_BATCH = 64;
/** Statements on their way at once; reads asked meanwhile wait and leave together. */
const MAX_IN_FLIGHT = 2;
/**
 * The longest a read waits for a statement on its way to return before it fails (503): as long as
 * a request waits for a pooled connection (db/open-database.ts). Without it, while PostgreSQL stalls,
 * the reads queued behind the two statements on their way would wait for each of them to time out,
 * and a queue longer than two batches for several rounds of that.
 */
export const QUEUED_READ_LIMIT_MS = 5_000;

export interface SendReadsOptions {
  /** How long a read may wait behind the statements on their way, ms. */
  queuedLimitMs?: number;
}

interface Waiting {
  params: SendReadParams;
  since: number;
  resolve: (row: SendRead | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * The reads of decisions that arrive in one turn of the event loop (a busy server parses several
 * requests per turn) leave as one statement: one round trip, one snapshot, one wake-up of a backend
 * instead of one each. A read leaves at the end of its turn, or once a statement on its way returns
 * when two are; a lone read is the single-row statement it always was. A failed statement fails
 * every read in it, as each would have failed alone (the caller answers 503 and is retried), and
 * a read that waited past `queuedLimitMs` for a statement to return fails the same way.
 */
export class SendReads {
  private readonly query: Query;
  private readonly queuedLimitMs: number;
  private waiting: Waiting[] = [];
  private scheduled = false;
  private inFlight = 0;
  /** One timer for the whole queue, armed for its oldest read. */
  private expiry: NodeJS.Timeout | null = null;
  /** Statements sent, reads they carried, reads failed after waiting too long (tests). */
  readonly stats = { statements: 0, reads: 0, expired: 0 };

  constructor(query: Query, options: SendReadsOptions = {}) {
    this.query = query;
    this.queuedLimitMs = options.queuedLimitMs ?? QUEUED_READ_LIMIT_MS;
  }

  read(params: SendReadParams): Promise<SendRead | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ params, since: performance.now(), resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.waiting.length > 0 && this.inFlight < MAX_IN_FLIGHT) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight += 1;
      this.stats.statements += 1;
      this.stats.reads += batch.length;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.flush();
      });
    }
    this.watchQueue();
  }

  /**
   * Reads left waiting (both statements on their way): fail each that outwaits the limit. The queue
   * is in order of arrival, so a timer armed for an earlier oldest read only fires early, and re-arms.
   */
  private watchQueue(): void {
    const oldest = this.waiting[0];
    if (this.expiry || !oldest) return;
    this.expiry = setTimeout(
      () => {
        this.expiry = null;
        const now = performance.now();
        const stillFresh = this.waiting.findIndex((waiting) => now - waiting.since < this.queuedLimitMs);
        const expired = this.waiting.splice(0, stillFresh < 0 ? this.waiting.length : stillFresh);
        this.stats.expired += expired.length;
        for (const waiting of expired) waiting.reject(queuedTooLong());
        this.watchQueue();
      },
      Math.max(0, oldest.since + this.queuedLimitMs - performance.now()),
    );
    // A queue left behind by a closing server holds no process open.
    this.expiry.unref();
  }

  private async send(batch: Waiting[]): Promise<void> {
    try {
      if (batch.length === 1) {
        const [row] = await this.query<SendRead>(readOne, batch[0]!.params, 'doanflow_read_for_send');
        batch[0]!.resolve(row);
        return;
      }
      const columns = [0, 1, 2, 3, 4].map((column) => batch.map((waiting) => waiting.params[column]));
      const rows = await this.query<SendRead & { read_n: string }>(
        readMany,
        columns,
        'doanflow_read_for_sends',
      );
      const byOrder = new Map(rows.map(({ read_n, ...row }) => [Number(read_n), row as SendRead]));
      batch.forEach((waiting, index) => waiting.resolve(byOrder.get(index + 1)));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}

const queuedTooLong = () =>
  new ServerError('UNAVAILABLE', 'the database is not reachable', {
    cause: 'the reads queued before this one got no answer',
    reason: 'unreachable',
  });

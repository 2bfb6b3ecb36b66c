import { isWorkflowError, systemPrincipal, type LinkedFact, type RecordedFact } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import type { DurableRuntime } from './durable-runtime.ts';
import { isoOf } from './rows.ts';

interface LinkRowRead {
  id: string;
  source_instance_id: string;
  source_workflow_id: string;
  source_seq: number;
  kind: string;
  key: string;
  target_kind: 'unit' | 'person';
  target_id: string;
  data: Record<string, unknown>;
  deliver: { workflowId: string; event: string }[];
  created_at: string | Date;
}

// One undelivered link, locked: another process delivering at the same time takes the next one.
// Links that failed in this round are left for the next one.
const claim = `select * from links where delivered_at is null and attempts < 20 and id <> all($1::bigint[])
  order by id limit 1 for update skip locked`;

// A fact replaces the record's earlier fact of the same kind and key, never a later one.
const record = `insert into records (subject_kind, subject_id, kind, key, data, source_instance_id,
    source_workflow_id, source_seq, link_id, recorded_at)
  values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $10)
  on conflict (subject_kind, subject_id, kind, key) do update set data = excluded.data,
    source_instance_id = excluded.source_instance_id, source_workflow_id = excluded.source_workflow_id,
    source_seq = excluded.source_seq, link_id = excluded.link_id, recorded_at = excluded.recorded_at
  where records.link_id <= excluded.link_id`;

/** The open instances of a workflow about a unit (any of their units) or a person. */
const listeners = {
  unit: `select id from instances where workflow_id = $1 and status = 'active' and unit_ids ? $2
    and id <> $3 order by id`,
  person: `select id from instances where workflow_id = $1 and status = 'active'
    and subject_person_id = $2 and id <> $3 order by id`,
};

/**
 * Delivers the links that steps wrote (engine links.ts), each exactly once: in one transaction per
 * link, the fact goes into the target's record and the link is marked delivered; the events to
 * listening instances go through the ordinary command path with an Idempotency-Key made of the link
 * and the instance, so a delivery interrupted by a crash and done again changes nothing twice. An
 * event the target refuses (its state does not take it) is skipped: the record holds the fact.
 */
export class LinkDelivery {
  private running: Promise<number> | null = null;
  private again = false;

  private readonly runtime: DurableRuntime;

  constructor(runtime: DurableRuntime) {
    this.runtime = runtime;
  }

  /** Starts a delivery round unless one runs (then it runs once more after it). */
  kick(): void {
    void this.deliver().catch((error) => this.runtime.log('could not deliver links', error));
  }

  /** Delivers every pending link; resolves with how many were delivered. */
  deliver(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let delivered = 0;
      const failed: string[] = [];
      do {
        this.again = false;
        for (;;) {
          const outcome = await this.deliverOne(failed);
          if (outcome === 'none') break;
          if (outcome === 'delivered') delivered += 1;
        }
      } while (this.again);
      return delivered;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Waits for the round under way, if any (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running) await this.running.catch(() => {});
  }

  private async deliverOne(failed: string[]): Promise<'delivered' | 'failed' | 'none'> {
    const { db } = this.runtime;
    let claimed: string | null = null;
    const work = async (query: Query): Promise<'delivered' | 'none'> => {
      const [link] = await query<LinkRowRead>(claim, [failed]);
      if (!link) return 'none';
      claimed = link.id;
      await this.apply(query, link);
      await query(`update links set delivered_at = $2, attempts = attempts + 1 where id = $1`, [
        link.id,
        this.runtime.clock.now().toISOString(),
      ]);
      return 'delivered';
    };
    try {
      // PGlite has one connection: an event sent from inside the claim's transaction would wait for
      // that transaction forever. There one process delivers alone, and redoing a delivery cut short
      // changes nothing twice (the record's upsert, the sends' Idempotency-Keys), so no transaction.
      return await (db.kind === 'pglite' ? work(db.query) : db.transaction(work));
    } catch (error) {
      if (claimed === null) throw error;
      const id: string = claimed;
      failed.push(id);
      this.runtime.log(`link ${id} not delivered (tried again later)`, error);
      await db.query(`update links set attempts = attempts + 1, last_error = $2 where id = $1`, [
        id,
        String((error as Error)?.message ?? error).slice(0, 500),
      ]);
      return 'failed';
    }
  }

  private async apply(query: Query, link: LinkRowRead): Promise<void> {
    const at = isoOf(link.created_at)!;
    await query(record, [
      link.target_kind,
      link.target_id,
      link.kind,
      link.key,
      JSON.stringify(link.data),
      link.source_instance_id,
      link.source_workflow_id,
      link.source_seq,
      link.id,
      at,
    ]);
    const fact: LinkedFact = {
      kind: link.kind,
      key: link.key,
      data: link.data,
      source: {
        instanceId: link.source_instance_id,
        workflowId: link.source_workflow_id,
        seq: link.source_seq,
      },
    };
    for (const { workflowId, event } of link.deliver) {
      const targets = await query<{ id: string }>(listeners[link.target_kind], [
        workflowId,
        link.target_id,
        link.source_instance_id,
      ]);
      for (const { id } of targets) {
        try {
          await this.runtime.send(id, { type: event, payload: fact }, systemPrincipal, {
            idempotencyKey: `link-${link.id}-${id}`,
          });
        } catch (error) {
          // Refused by the target as it stands (finished, or not listening in this state): skipped.
          if (!isWorkflowError(error) && !(error instanceof ServerError && error.code === 'NOT_FOUND'))
            throw error;
        }
      }
    }
  }
}

/** A unit's or person's record: the facts links delivered to it, newest first. */
export async function recordOf(
  query: Query,
  subject: { kind: 'unit' | 'person'; id: string },
  kind?: string,
): Promise<RecordedFact[]> {
  const rows = await query<{
    kind: string;
    key: string;
    data: Record<string, unknown>;
    source_instance_id: string;
    source_workflow_id: string;
    source_seq: number;
    recorded_at: string | Date;
  }>(
    `select * from records where subject_kind = $1 and subject_id = $2 and ($3::text is null or kind = $3)
     order by recorded_at desc, kind, key`,
    [subject.kind, subject.id, kind ?? null],
  );
  return rows.map((row) => ({
    kind: row.kind,
    key: row.key,
    data: row.data,
    source: { instanceId: row.source_instance_id, workflowId: row.source_workflow_id, seq: row.source_seq },
    recordedAt: isoOf(row.recorded_at)!,
  }));
}

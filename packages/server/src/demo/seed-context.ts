import { Readable } from 'node:stream';
import { person } from '@doanflow/engine';
import type { Dossiers } from '../attachments/dossiers.ts';
import type { InstanceView, SendCommand } from '../runner/contract.ts';
import type { DurableRuntime } from '../runner/durable-runtime.ts';
import type { TravelClock } from './travel-clock.ts';

const DAY_MS = 86_400_000;
/** The step prefix of an instance a seed starts for its set in another workflow. */
export const ownedStep = 'owned:';

/**
 * What a workflow's seed uses: commands as demo people at instants in the past. Every command
 * carries a fixed Idempotency-Key, so running a seed again replays instead of writing twice.
 */
export class SeedContext {
  /** The real time when seeding began. */
  readonly today: Date;
  private readonly runtime: DurableRuntime;
  private readonly dossiers: Dossiers;
  private readonly clock: TravelClock;
  private readonly workflowId: string;

  /** `runtime` (and `dossiers` on it) write on `clock`: see DurableRuntime.atClock. */
  constructor(
    past: { runtime: DurableRuntime; dossiers: Dossiers },
    clock: TravelClock,
    workflowId: string,
    today: Date,
  ) {
    this.runtime = past.runtime;
    this.dossiers = past.dossiers;
    this.clock = clock;
    this.workflowId = workflowId;
    this.today = today;
  }

  /** Sets the clock to `days` days ago at `hour`:00 in Vietnam (UTC+7); returns the instant. */
  daysAgo(days: number, hour = 9): Date {
    const instant = new Date(this.today.getTime() - days * DAY_MS);
    instant.setUTCHours(hour - 7, 0, 0, 0);
    this.clock.travelTo(instant);
    return instant;
  }

  /** `YYYY-MM-DD` of an instant in Vietnam. */
  localDate(instant: Date): string {
    return new Date(instant.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  }

  start(key: string, personId: string, input: unknown): Promise<InstanceView> {
    return this.runtime.start(this.workflowId, input, person(personId), {
      idempotencyKey: this.key(key),
    });
  }

  /**
   * Starts an instance of another workflow that belongs to this seed's set (its nominations' round):
   * removed with the set when an interrupted seed is repaired.
   */
  startOf(workflowId: string, key: string, personId: string, input: unknown): Promise<InstanceView> {
    return this.runtime.start(workflowId, input, person(personId), {
      idempotencyKey: this.key(`${ownedStep}${key}`),
    });
  }

  send(
    key: string,
    instanceId: string,
    personId: string,
    type: string,
    payload: unknown = {},
    extra: Omit<SendCommand, 'type' | 'payload'> = {},
  ): Promise<InstanceView> {
    return this.runtime.send(instanceId, { type, payload, ...extra }, person(personId), {
      idempotencyKey: this.key(key),
    });
  }

  /**
   * Uploads files to an instance as `personId` would from the approval panel, through the same
   * checks (rules, type by bytes, limits); returns their ids for the event that takes them.
   */
  async upload(
    instanceId: string,
    personId: string,
    files: readonly { kind: string; name: string; bytes: Buffer }[],
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const file of files) {
      const permit = await this.dossiers.permit(instanceId, person(personId), file.kind);
      const stored = await this.dossiers.upload(permit, {
        stream: Readable.from([file.bytes]),
        filename: file.name,
      });
      ids.push(stored.id);
    }
    return ids;
  }

  /**
   * A delegation (ủy quyền) as the holder makes it on the clock's day, through the same checks; a
   * seed run again finds it made and leaves it.
   */
  async delegate(
    holderId: string,
    request: {
      delegateId: string;
      role: string;
      unitId: string;
      from: string;
      until: string;
      reason?: string;
    },
  ): Promise<void> {
    const existing = await this.runtime.db.query(
      `select 1 from delegations where holder_id = $1 and delegate_id = $2 and role = $3 and unit_id = $4
         and from_date = $5::date and until_date = $6::date`,
      [holderId, request.delegateId, request.role, request.unitId, request.from, request.until],
    );
    if (existing.length === 0) await this.runtime.delegations.create(person(holderId), request);
  }

  /** Delivers the timers due at the clock's current instant (as the server would have). */
  /** Delivers the links the seeded steps wrote (a review's result to the branch's record). */
  deliverLinks(): Promise<number> {
    return this.runtime.links.deliver();
  }

  fireDueTimers(): Promise<number> {
    return this.runtime.runDueTimers();
  }

  /** The instance another seed started under `step` (to link instances), or null. */
  async instanceIdOf(workflowId: string, step: string): Promise<string | null> {
    const [row] = await this.runtime.db.query<{ id: string | null }>(
      `select response->>'id' as id from idempotency_keys where key = $1 limit 1`,
      [`demo:${workflowId}:${step}`],
    );
    return row?.id ?? null;
  }

  private key(step: string): string {
    return `demo:${this.workflowId}:${step}`;
  }
}

/** One workflow's demo instances. */
export interface DemoSeed {
  workflowId: string;
  run(context: SeedContext): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import {
  checkDelegation,
  delegatedBindings,
  delegationPolicySchema,
  localDate,
  type DelegatedBinding,
  type Delegation,
  type DelegationPolicy,
  type Authority,
  type Principal,
  WorkflowError,
} from '@doanflow/engine';
import type { DelegationRequest, DelegationStatus, DelegationView } from '@doanflow/client/contract';
import type { Database, Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import type { DirectoryCache } from '../runner/directory-cache.ts';

export interface DelegationRow {
  id: string;
  holder_id: string;
  delegate_id: string;
  role: string;
  unit_id: string;
  from_date: string;
  until_date: string;
  reason: string | null;
  created_at: string | Date;
  created_by: string;
  revoked_at: string | Date | null;
  revoked_by: string | null;
  uses?: number | string;
}

/**
 * The delegations naming a person as delegate that are in force on a day, as a JSON array: a
 * sub-select the command's and the dossier's one read embed, so a revocation counts from the next
 * request on, on every server. `$person` and `$day` are the caller's parameters.
 */
export const inForceFor = (person: string, day: string) =>
  `(select coalesce(json_agg(json_build_object('id', d.id, 'holderId', d.holder_id,
      'delegateId', d.delegate_id, 'role', d.role, 'unitId', d.unit_id,
      'from', d.from_date::text, 'until', d.until_date::text)), '[]'::json)
    from delegations d where d.delegate_id = ${person} and d.revoked_at is null
      and d.from_date <= ${day}::date and d.until_date >= ${day}::date)`;

// Dates as text: drivers turn a `date` into a Date at local midnight, which shifts with the zone.
const columns = `id, holder_id, delegate_id, role, unit_id, from_date::text as from_date,
  until_date::text as until_date, reason, created_at, created_by, revoked_at, revoked_by`;

/**
 * In the decision's transaction: the delegation an act on a holder's behalf relied on is still in
 * force. Its row is share-locked, so a revocation committing meanwhile is waited for and then counts:
 * no act under a delegation commits after the delegation's revocation did.
 */
export async function confirmDelegation(query: Query, actor: Authority, now: Date): Promise<void> {
  if (!actor.onBehalfOf) return;
  const rows = await query(
    `select 1 from delegations where delegate_id = $1 and holder_id = $2 and role = $3 and unit_id = $4
       and revoked_at is null and from_date <= $5::date and until_date >= $5::date for share`,
    [actor.personId, actor.onBehalfOf, actor.role, actor.unitId, localDate(now)],
  );
  if (rows.length === 0) {
    throw WorkflowError.notAllowed('role', 'the delegation you acted under was revoked or has ended');
  }
}

const isoOf = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

export function delegationOf(row: DelegationRow): Delegation {
  return {
    id: row.id,
    holderId: row.holder_id,
    delegateId: row.delegate_id,
    role: row.role,
    unitId: row.unit_id,
    from: row.from_date,
    until: row.until_date,
    revokedAt: isoOf(row.revoked_at),
  };
}

/** Stores, revokes and lists delegations; the runner reads the ones in force per request. */
export class DelegationStore {
  readonly policy: DelegationPolicy;
  private readonly db: Database;
  private readonly cache: DirectoryCache;
  private readonly clock: { now(): Date };

  constructor(db: Database, cache: DirectoryCache, clock: { now(): Date }, policy?: unknown) {
    this.db = db;
    this.cache = cache;
    this.clock = clock;
    this.policy = delegationPolicySchema.parse(policy);
  }

  private today(): string {
    return localDate(this.clock.now());
  }

  /** The delegations in force today naming a person as delegate. */
  async inForce(personId: string, query: Query = this.db.query): Promise<Delegation[]> {
    const [row] = await query<{ list: Delegation[] }>(`select ${inForceFor('$1', '$2')} as list`, [
      personId,
      this.today(),
    ]);
    return row?.list ?? [];
  }

  /** The bindings a person holds today by delegation. */
  async lentBindings(personId: string): Promise<DelegatedBinding[]> {
    return delegatedBindings(this.cache.directory, await this.inForce(personId), personId, this.today());
  }

  /** The caller delegates a role they hold; refused with a stable code, writing nothing. */
  async create(principal: Principal, request: DelegationRequest): Promise<DelegationView> {
    const holderId = personOf(principal);
    const now = this.clock.now();
    const row = await this.db.transaction(async (query) => {
      // One delegation of a role at a unit at a time: concurrent requests for it queue here.
      await query('select pg_advisory_xact_lock(hashtext($1))', [
        `delegation|${holderId}|${request.role}|${request.unitId}`,
      ]);
      const existing = await query<DelegationRow>(
        `select ${columns} from delegations where holder_id = $1 and role = $2 and unit_id = $3
           and revoked_at is null and until_date >= $4::date`,
        [holderId, request.role, request.unitId, request.from],
      );
      checkDelegation(
        { holderId, ...request },
        {
          directory: this.cache.directory,
          policy: this.policy,
          today: localDate(now),
          existing: existing.map(delegationOf),
        },
      );
      const [inserted] = await query<DelegationRow>(
        `insert into delegations (id, holder_id, delegate_id, role, unit_id, from_date, until_date,
           reason, created_at, created_by)
         values ($1, $2, $3, $4, $5, $6::date, $7::date, $8, $9, $10) returning ${columns}, 0 as uses`,
        [
          randomUUID(),
          holderId,
          request.delegateId,
          request.role,
          request.unitId,
          request.from,
          request.until,
          request.reason ?? null,
          now.toISOString(),
          holderId,
        ],
      );
      return inserted!;
    });
    return this.view(row);
  }

  /** Revokes at once; by its holder, or by an administrator (`admin` says whether the caller is one). */
  async revoke(id: string, principal: Principal, admin: () => Promise<boolean>): Promise<DelegationView> {
    const personId = personOf(principal);
    const now = this.clock.now();
    const [current] = await this.db.query<DelegationRow>(`select ${columns} from delegations where id = $1`, [
      id,
    ]);
    if (
      !current ||
      (current.holder_id !== personId && current.delegate_id !== personId && !(await admin()))
    ) {
      throw new ServerError('NOT_FOUND', `no delegation ${id}`, { delegationId: id });
    }
    if (current.holder_id !== personId && !(await admin())) {
      throw new ServerError('FORBIDDEN', 'only the holder or an administrator revokes a delegation', {});
    }
    const [row] = await this.db.query<DelegationRow>(
      `update delegations set revoked_at = $2, revoked_by = $3
        where id = $1 and revoked_at is null and until_date >= $4::date returning ${columns}`,
      [id, now.toISOString(), personId, localDate(now)],
    );
    if (!row) {
      throw new ServerError('DELEGATION_NOT_ACTIVE', 'the delegation is already revoked or has ended', {
        delegationId: id,
        status: statusOf(delegationOf(current), localDate(now)),
      });
    }
    return this.view({ ...row, uses: await this.usesOf(row) });
  }

  /**
   * A unit's delegations (for whoever holds a role at it or above, or an administrator), or the
   * caller's own as holder or delegate; newest first, with how often each was used.
   */
  async list(principal: Principal, unitId: string | undefined, admin: () => Promise<boolean>) {
    const personId = personOf(principal);
    const today = this.today();
    if (unitId !== undefined) {
      const directory = this.cache.directory;
      const reaches = directory
        .bindingsOf(personId, today)
        .some((binding) => binding.unitId === unitId || directory.isAncestor(binding.unitId, unitId, today));
      if (!reaches && !(await admin())) {
        throw new ServerError('FORBIDDEN', 'you hold no role at this unit or above it', { unitId });
      }
    }
    const rows = await this.db.query<DelegationRow>(
      `select ${columns}, (select count(*) from history h where h.actor_person_id = d.delegate_id
           and h.on_behalf_of = d.holder_id and h.actor_role = d.role and h.actor_unit_id = d.unit_id
           and h.at >= d.created_at and (d.revoked_at is null or h.at <= d.revoked_at)) as uses
         from delegations d
        where ${unitId !== undefined ? 'd.unit_id = $1' : '(d.holder_id = $1 or d.delegate_id = $1)'}
        order by created_at desc, from_date desc, id limit 500`,
      [unitId ?? personId],
    );
    return rows.map((row) => this.view(row));
  }

  private async usesOf(row: DelegationRow): Promise<number> {
    const [count] = await this.db.query<{ n: string }>(
      `select count(*) as n from history h where h.actor_person_id = $1 and h.on_behalf_of = $2
         and h.actor_role = $3 and h.actor_unit_id = $4 and h.at >= $5`,
      [row.delegate_id, row.holder_id, row.role, row.unit_id, isoOf(row.created_at)],
    );
    return Number(count?.n ?? 0);
  }

  view(row: DelegationRow): DelegationView {
    const delegation = delegationOf(row);
    const today = this.today();
    return {
      id: row.id,
      holderId: row.holder_id,
      holderName: this.cache.personName(row.holder_id),
      delegateId: row.delegate_id,
      delegateName: this.cache.personName(row.delegate_id),
      role: row.role,
      unitId: row.unit_id,
      unitName: this.cache.unitName(row.unit_id, today),
      from: delegation.from,
      until: delegation.until,
      reason: row.reason,
      status: statusOf(delegation, today),
      createdAt: isoOf(row.created_at)!,
      createdBy: row.created_by,
      revokedAt: isoOf(row.revoked_at),
      revokedBy: row.revoked_by,
      uses: Number(row.uses ?? 0),
    };
  }
}

function statusOf(delegation: Delegation, today: string): DelegationStatus {
  if (delegation.revokedAt) return 'revoked';
  if (delegation.until < today) return 'expired';
  return delegation.from > today ? 'scheduled' : 'active';
}

function personOf(principal: Principal): string {
  if (principal.kind !== 'person') throw new ServerError('FORBIDDEN', 'a person must do this', {});
  return principal.personId;
}

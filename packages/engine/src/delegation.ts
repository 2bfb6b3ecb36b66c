import { z } from 'zod';
import type { LocalDate } from './calendar/calendar.ts';
import { officeTitles, type OrgDirectory, type RoleBinding } from './directory.ts';
import { WorkflowError } from './errors.ts';

/**
 * Ủy quyền: the holder of a role at a unit hands it, for a dated period, to a named person the policy
 * allows (by default a Bí thư to a Phó Bí thư of the same unit). While it is in force the delegate
 * acts on that role's tasks on the holder's behalf; acts are recorded with `onBehalfOf`, and a signing
 * act is signed in the delegate's own office ("KT. BÍ THƯ / PHÓ BÍ THƯ"): signing.ts decides the form.
 */
export const delegationPolicySchema = z
  .object({
    /** Holder office → delegate office pairs, both held at the delegated unit. */
    allowed: z
      .array(z.object({ holder: z.enum(officeTitles), delegate: z.enum(officeTitles) }))
      .default([{ holder: 'secretary', delegate: 'deputySecretary' }]),
    /** The longest period one delegation may cover, in days (a leave, not a standing transfer). */
    maxDays: z.number().int().min(1).default(92),
  })
  .default({ allowed: [{ holder: 'secretary', delegate: 'deputySecretary' }], maxDays: 92 });

export type DelegationPolicy = z.infer<typeof delegationPolicySchema>;

/** A delegation as stored: dates are days in Asia/Ho_Chi_Minh, `until` inclusive. */
export interface Delegation {
  id: string;
  holderId: string;
  delegateId: string;
  role: string;
  unitId: string;
  from: LocalDate;
  until: LocalDate;
  /** When it was revoked (an instant); it stops at once. */
  revokedAt?: string | null;
}

export interface DelegationRequest {
  holderId: string;
  delegateId: string;
  role: string;
  unitId: string;
  from: LocalDate;
  until: LocalDate;
}

/** A role binding lent by a delegation: the delegate holds it on the holder's behalf. */
export type DelegatedBinding = RoleBinding & { onBehalfOf: string; delegationId: string };

/** Stable codes of a refused delegation (the server maps each to 400, 403 or 409). */
export type DelegationRefusal =
  | 'DELEGATE_NOT_IN_DIRECTORY'
  | 'SELF_DELEGATION'
  | 'DELEGATION_PERIOD_INVALID'
  | 'NOT_ROLE_HOLDER'
  | 'DELEGATION_NOT_ALLOWED'
  | 'DELEGATION_OVERLAPS';

const refuse = (code: DelegationRefusal, message: string, details: Record<string, unknown> = {}) =>
  new WorkflowError(code, message, details);

const DAY_MS = 86_400_000;
const daysBetween = (from: LocalDate, until: LocalDate) =>
  Math.round((Date.parse(`${until}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Whether a delegation is in force on a day: within its dates and not revoked. */
export function delegationInForce(delegation: Delegation, on: LocalDate): boolean {
  return !delegation.revokedAt && delegation.from <= on && on <= delegation.until;
}

/** The holder's own (not deputy) binding of the role at the unit on a day, if any. */
function holderBinding(
  directory: OrgDirectory,
  holderId: string,
  role: string,
  unitId: string,
  on: LocalDate,
) {
  return directory
    .bindingsOf(holderId, on)
    .find((binding) => binding.role === role && binding.unitId === unitId && !binding.deputy);
}

/**
 * Checks a new delegation against the directory, the policy and the delegations already stored;
 * throws a WorkflowError with a stable code naming the first check that failed.
 */
export function checkDelegation(
  request: DelegationRequest,
  context: {
    directory: OrgDirectory;
    policy: DelegationPolicy;
    today: LocalDate;
    existing: readonly Delegation[];
  },
): void {
  const { directory, policy, today } = context;
  const { holderId, delegateId, role, unitId, from, until } = request;
  if (holderId === delegateId) throw refuse('SELF_DELEGATION', 'you cannot delegate to yourself');
  if (until < from) {
    throw refuse('DELEGATION_PERIOD_INVALID', 'the period ends before it begins', { from, until });
  }
  if (from < today) {
    throw refuse('DELEGATION_PERIOD_INVALID', 'the period begins in the past', { from, today });
  }
  if (daysBetween(from, until) + 1 > policy.maxDays) {
    throw refuse('DELEGATION_PERIOD_INVALID', `a delegation covers at most ${policy.maxDays} days`, {
      maxDays: policy.maxDays,
    });
  }
  if (!directory.person(delegateId)) {
    throw refuse('DELEGATE_NOT_IN_DIRECTORY', 'the delegate is not in the union directory', { delegateId });
  }
  // The holder must hold the role for the whole period they hand over (checked at both ends).
  if (
    !holderBinding(directory, holderId, role, unitId, from) ||
    !holderBinding(directory, holderId, role, unitId, until)
  ) {
    throw refuse('NOT_ROLE_HOLDER', 'you do not hold this role at this unit for the whole period', {
      role,
      unitId,
    });
  }
  const holderOffice = directory.titleAt(holderId, unitId, from);
  const delegateOffice = directory.titleAt(delegateId, unitId, from);
  const allowed = policy.allowed.some(
    (pair) => pair.holder === holderOffice && pair.delegate === delegateOffice,
  );
  if (!allowed || !delegateOffice || !directory.titleAt(delegateId, unitId, until)) {
    throw refuse('DELEGATION_NOT_ALLOWED', 'the policy does not allow delegating to this person', {
      holderOffice: holderOffice ?? null,
      delegateOffice: delegateOffice ?? null,
      allowed: policy.allowed,
    });
  }
  const overlapping = context.existing.find(
    (other) =>
      !other.revokedAt &&
      other.role === role &&
      other.unitId === unitId &&
      other.holderId === holderId &&
      other.from <= until &&
      from <= other.until,
  );
  if (overlapping) {
    throw refuse('DELEGATION_OVERLAPS', 'a delegation of this role already covers part of the period', {
      delegationId: overlapping.id,
      from: overlapping.from,
      until: overlapping.until,
    });
  }
}

/**
 * The bindings a person holds by delegation on a day: the holder's binding of the role at the unit,
 * lent while the delegation is in force and the holder still holds it (a holder who left hands over
 * nothing). A delegate never gains more than the holder has.
 */
export function delegatedBindings(
  directory: OrgDirectory,
  delegations: readonly Delegation[],
  personId: string,
  on: LocalDate,
): DelegatedBinding[] {
  const lent: DelegatedBinding[] = [];
  for (const delegation of delegations) {
    if (delegation.delegateId !== personId || !delegationInForce(delegation, on)) continue;
    const held = holderBinding(directory, delegation.holderId, delegation.role, delegation.unitId, on);
    if (!held) continue;
    lent.push({
      ...held,
      personId,
      deputy: false,
      onBehalfOf: delegation.holderId,
      delegationId: delegation.id,
    });
  }
  return lent;
}

import { createHash } from 'node:crypto';
import type { Principal } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import { canonicalJson } from '../persistence/hash-chain.ts';

export const principalKey = (principal: Principal) =>
  principal.kind === 'system' ? 'system' : `person:${principal.personId}`;

export const requestHash = (request: unknown) =>
  createHash('sha256').update(canonicalJson(request)).digest('hex');

/**
 * Claims an idempotency key inside the command's transaction. A concurrent first request holding
 * the key makes this insert wait for it; afterwards the stored answer is replayed (or the key is
 * refused when the request differs). A refused first request rolls back and frees the key.
 */
export async function claimIdempotencyKey(
  query: Query,
  claim: { principal: string; key: string; hash: string; at: string },
): Promise<{ replay: unknown } | null> {
  const inserted = await query(
    `insert into idempotency_keys (principal, key, request_hash, response, created_at)
     values ($1, $2, $3, null, $4) on conflict do nothing returning 1 as claimed`,
    [claim.principal, claim.key, claim.hash, claim.at],
  );
  if (inserted.length > 0) return null;
  const [stored] = await query<{ request_hash: string; response: unknown }>(
    'select request_hash, response from idempotency_keys where principal = $1 and key = $2',
    [claim.principal, claim.key],
  );
  if (!stored || stored.request_hash !== claim.hash) {
    throw new ServerError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', {
      key: claim.key,
    });
  }
  return { replay: stored.response };
}

/** Claims `key` (when given) for this principal and request; returns a stored answer to replay. */
export async function claimForRequest(
  query: Query,
  principal: Principal,
  key: string | undefined,
  request: unknown,
  now: Date,
): Promise<{ replay: unknown } | null> {
  if (!key) return null;
  return claimIdempotencyKey(query, {
    principal: principalKey(principal),
    key,
    hash: requestHash(request),
    at: now.toISOString(),
  });
}

import { createHash } from 'node:crypto';
import type { Principal } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import { ServerError } from '../errors.ts';
import { canonicalJson } from '../persistence/hash-chain.ts';
import type { IdempotencyRow } from './step-writer.ts';

export const principalKey = (principal: Principal) =>
  principal.kind === 'system' ? 'system' : `person:${principal.personId}`;

export const requestHash = (request: unknown) =>
  createHash('sha256').update(canonicalJson(request)).digest('hex');

/** An Idempotency-Key and the request it names, as the caller sent them. */
export interface KeyedRequest {
  principal: string;
  key: string;
  hash: string;
}

export function keyedRequest(
  principal: Principal,
  key: string | undefined,
  request: unknown,
): KeyedRequest | null {
  return key ? { principal: principalKey(principal), key, hash: requestHash(request) } : null;
}

/** The row the command's write statement inserts: the key, its request and the answer to replay. */
export const keyRow = (keyed: KeyedRequest | null, response: unknown, now: Date): IdempotencyRow | null =>
  keyed
    ? {
        principal: keyed.principal,
        key: keyed.key,
        request_hash: keyed.hash,
        response,
        created_at: now.toISOString(),
      }
    : null;

/**
 * What a stored key means for this request: its first answer to replay, or a refusal when the key
 * was used for a different request. The key is stored by the first request's own write, so a
 * stored key always has its answer.
 */
export function replayOf(
  keyed: KeyedRequest,
  stored: { request_hash: string; response: unknown },
): { replay: unknown } {
  if (stored.request_hash !== keyed.hash) {
    throw new ServerError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request', {
      key: keyed.key,
    });
  }
  return { replay: stored.response };
}

/** After the write statement failed on the key's uniqueness: the request that got there first. */
export async function storedReplay(query: Query, keyed: KeyedRequest): Promise<{ replay: unknown } | null> {
  const [stored] = await query<{ request_hash: string; response: unknown }>(
    'select request_hash, response from idempotency_keys where principal = $1 and key = $2',
    [keyed.principal, keyed.key],
  );
  return stored ? replayOf(keyed, stored) : null;
}

export const isUniqueViolation = (error: unknown) => (error as { code?: unknown })?.code === '23505';

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures in the Standard Webhooks style (https://www.standardwebhooks.com): three headers,
 * `webhook-id` (the message id, stable across retries), `webhook-timestamp` (seconds since the
 * epoch, when this attempt was signed) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`. The timestamp is signed, so a captured delivery cannot be replayed once the
 * receiver's tolerance (5 minutes, SIGNATURE_TOLERANCE_SECONDS) has passed.
 *
 * The key is the subscription's secret: a `whsec_…` secret is base64 after the prefix (as Standard
 * Webhooks libraries expect); any other secret is used as its UTF-8 bytes.
 */

/** How far a receiver should accept a timestamp from its own clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

/** `v1,<base64>` over `${id}.${timestamp}.${body}`. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${digest}`;
}

/** The headers that sign one attempt. */
export function signatureHeaders(
  secret: string,
  id: string,
  body: string,
  now: Date,
): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': sign(secret, id, timestamp, body),
  };
}

/**
 * A receiver's check, as README shows it: the timestamp within the tolerance of `now`, and one of
 * the space-separated `v1,` signatures matching (compared in constant time).
 */
export function verifySignature(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  now: Date = new Date(),
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(sign(secret, headers.id, timestamp, body));
  return headers.signature
    .split(' ')
    .map((candidate) => Buffer.from(candidate))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}

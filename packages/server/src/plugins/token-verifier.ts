import { person, type Principal } from '@doanflow/engine';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { ServerError } from '../errors.ts';

/** How far ahead of this server's clock a token's `iat` may be (the identity provider's clock may run fast). */
export const ISSUED_AT_SKEW_SECONDS = 60;

export interface AuthOptions {
  /** Shared secret for HS256 tokens (at least 32 characters). */
  secret?: string;
  /** The identity provider's JWKS endpoint, for RS256/ES256 tokens. */
  jwksUrl?: string;
  /** A local key set instead of a URL (air-gapped deployments, tests). */
  jwks?: JSONWebKeySet;
  /** When set, the token's `aud` must include it. */
  audience?: string;
  /** When set, the token's `iss` must equal it. */
  issuer?: string;
  /** When set, the token's tenant claim must equal it: a token minted for another tenant is refused. */
  tenant?: string;
  /** The claim holding the tenant (default "tenant"). */
  tenantClaim?: string;
  /** Development mode: POST /auth/dev-token mints tokens for directory people. Never in production. */
  devTokens?: boolean;
}

// Each key verifies only its own family, so an HS256 token signed with a public key is never accepted.
const SECRET_ALGORITHMS = ['HS256'];
const KEY_SET_ALGORITHMS = ['RS256', 'ES256'];
const DEV_TOKEN_TTL_SECONDS = 8 * 3600;
/** How long a verified token is taken on trust, and how many are remembered (oldest forgotten first). */
const VERIFIED_TOKEN_MS = 60_000;
const VERIFIED_TOKENS_KEPT = 10_000;

const unauthenticated = (reason: string, message = 'the bearer token is not valid') =>
  new ServerError('UNAUTHENTICATED', message, { reason });

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
  /** verify, with when the token expires (ms since the epoch; its `exp`, a required claim). */
  verifyWithExpiry(token: string): Promise<{ principal: Principal; expiresAt: number }>;
  /** Only with a secret and dev tokens on. */
  mint?(personId: string): Promise<{ token: string; expiresAt: string }>;
}

export function createTokenVerifier(options: AuthOptions): TokenVerifier {
  const secret = options.secret ? new TextEncoder().encode(options.secret) : null;
  if (secret && secret.length < 32) throw new Error('the JWT secret must be at least 32 bytes');
  const keySet: JWTVerifyGetKey | null = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
    : options.jwks
      ? createLocalJWKSet(options.jwks)
      : null;
  if (!secret && !keySet) throw new Error('authentication needs a JWT secret or a JWKS');
  if (options.devTokens && !secret) throw new Error('dev tokens need a JWT secret to sign with');
  const tenantClaim = options.tenantClaim ?? 'tenant';
  const claimOptions = {
    audience: options.audience,
    issuer: options.issuer,
    requiredClaims: ['sub', 'exp'],
    clockTolerance: 5,
  };

  const check = async (token: string): Promise<JWTPayload> => {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw unauthenticated('malformed');
    }
    if (alg && SECRET_ALGORITHMS.includes(alg) && secret) {
      return (await jwtVerify(token, secret, { ...claimOptions, algorithms: SECRET_ALGORITHMS })).payload;
    }
    if (alg && KEY_SET_ALGORITHMS.includes(alg) && keySet) {
      return (await jwtVerify(token, keySet, { ...claimOptions, algorithms: KEY_SET_ALGORITHMS })).payload;
    }
    // "none", HS256 without a secret, RS256 without a key set, anything else.
    throw unauthenticated('algorithm', 'the token is not signed with an accepted algorithm');
  };

  // A portal sends the same token with every request: verifying its signature each time was ~6% of
  // a decision's CPU. Verified tokens are remembered briefly, never past their own expiry.
  // The expiry is kept too: reading it again from the token was a base64 decode and a JSON parse
  // on every request (issue 15).
  const verified = new Map<string, { principal: Principal; until: number; expiresAt: number }>();
  const remember = (token: string, principal: Principal, exp: number | undefined) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    const expiresAt = (exp ?? 0) * 1000;
    const until = Math.min(Date.now() + VERIFIED_TOKEN_MS, expiresAt);
    const answer = { principal, until, expiresAt };
    verified.set(token, answer);
    return answer;
  };

  const verifyWithExpiry = async (token: string) => {
    const known = verified.get(token);
    if (known && known.until > Date.now()) return known;
    if (known) verified.delete(token);
    let payload: JWTPayload;
    try {
      payload = await check(token);
    } catch (error) {
      if (error instanceof errors.JWKSTimeout) {
        throw new ServerError('UNAVAILABLE', 'the identity provider did not answer', {});
      }
      if (error instanceof errors.JWTExpired) throw unauthenticated('expired', 'the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw unauthenticated(`claim:${error.claim}`);
      if (error instanceof errors.JOSEError) throw unauthenticated('signature');
      throw error;
    }
    // A token issued in the future (beyond the clocks' usual disagreement) was minted by a clock
    // that is wrong, or to outlive its revocation: refused, as jose checks only its type.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + ISSUED_AT_SKEW_SECONDS) {
      throw unauthenticated('claim:iat', 'the token says it was issued in the future');
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) {
      throw unauthenticated('claim:sub', 'the token names no subject');
    }
    if (options.tenant !== undefined && payload[tenantClaim] !== options.tenant) {
      throw unauthenticated('tenant', 'the token was issued for another tenant');
    }
    // Always a person: roles come from the directory and the system principal cannot be claimed.
    return remember(token, person(sub), payload.exp);
  };

  return {
    verifyWithExpiry,
    async verify(token) {
      return (await verifyWithExpiry(token)).principal;
    },
    mint:
      options.devTokens && secret
        ? async (personId) => {
            const expires = Math.floor(Date.now() / 1000) + DEV_TOKEN_TTL_SECONDS;
            let jwt = new SignJWT(options.tenant ? { [tenantClaim]: options.tenant } : {})
              .setProtectedHeader({ alg: 'HS256' })
              .setSubject(personId)
              .setIssuedAt()
              .setExpirationTime(expires);
            if (options.audience) jwt = jwt.setAudience(options.audience);
            if (options.issuer) jwt = jwt.setIssuer(options.issuer);
            return { token: await jwt.sign(secret), expiresAt: new Date(expires * 1000).toISOString() };
          }
        : undefined,
  };
}

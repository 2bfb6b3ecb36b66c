import { SignJWT, type JWTPayload } from 'jose';

/**
 * An HS256 bearer token as a portal's identity provider issues it, for the test suites' own secret
 * and tenant; claims may be overridden (an `exp` of their own replaces the default lifetime).
 */
export function signToken(
  key: { secret: string; tenant: string },
  personId: string | undefined,
  claims: JWTPayload = {},
  lifetime = '1h',
): Promise<string> {
  let jwt = new SignJWT({ tenant: key.tenant, ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (personId !== undefined) jwt = jwt.setSubject(personId);
  if (claims.exp === undefined) jwt = jwt.setExpirationTime(lifetime);
  return jwt.sign(new TextEncoder().encode(key.secret));
}

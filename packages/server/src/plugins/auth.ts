import type { Principal } from '@doanflow/engine';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ServerError } from '../errors.ts';
import { createTokenVerifier, type AuthOptions, type TokenVerifier } from './token-verifier.ts';

type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** When the caller's token expires (epoch ms), once verified: a live stream ends then. */
    tokenExpiresAt: number | null;
  }
  interface FastifyInstance {
    /** onRequest hook: a valid `Authorization: Bearer` token, or 401. */
    authenticate: AuthHook;
    /** The same, also accepting `?access_token=` (EventSource cannot send headers). */
    authenticateWithQueryToken: AuthHook;
    tokens: TokenVerifier;
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i;

function headerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header === undefined) return null;
  const match = BEARER.exec(header);
  if (!match) throw new ServerError('UNAUTHENTICATED', 'expected "Authorization: Bearer <token>"', {});
  return match[1]!;
}

function queryToken(request: FastifyRequest): string | null {
  const value = (request.query as Record<string, unknown> | undefined)?.['access_token'];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The authenticated caller; routes behind `authenticate` always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ServerError('UNAUTHENTICATED', 'authentication required', {});
  return request.principal;
}

/**
 * Bearer JWT authentication. Routes opt in per encapsulated plugin with
 * `app.addHook('onRequest', app.authenticate)`, so it runs before the body is even parsed.
 */
export const authPlugin = fp<AuthOptions>(
  async (app, options) => {
    const tokens = createTokenVerifier(options);
    const authenticateWith =
      (allowQuery: boolean): AuthHook =>
      async (request, reply) => {
        const token = headerToken(request) ?? (allowQuery ? queryToken(request) : null);
        if (!token) {
          reply.header('www-authenticate', 'Bearer');
          throw new ServerError('UNAUTHENTICATED', 'authentication required', { reason: 'missing' });
        }
        try {
          const verified = await tokens.verifyWithExpiry(token);
          request.principal = verified.principal;
          request.tokenExpiresAt = verified.expiresAt;
        } catch (error) {
          reply.header('www-authenticate', 'Bearer error="invalid_token"');
          throw error;
        }
      };
    app.decorateRequest('principal', null);
    app.decorateRequest('tokenExpiresAt', null);
    app.decorate('tokens', tokens);
    app.decorate('authenticate', authenticateWith(false));
    app.decorate('authenticateWithQueryToken', authenticateWith(true));
  },
  { name: 'doanflow-auth', fastify: '5.x' },
);

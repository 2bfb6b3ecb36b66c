import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { ServerError } from '../errors.ts';

export interface SecurityOptions {
  /** Portal origins allowed to call the API from a browser ("https://portal.example.vn"). */
  cors?: { origins: string[] };
  /** Requests per client IP per window (default 600 per minute). */
  rateLimit?: { max?: number; timeWindow?: number | string; allowList?: string[] };
}

/**
 * Security headers, a CORS allow-list and rate limiting. Rate limiting and CORS run first in
 * onRequest, before authentication, so a flood or a foreign page costs no token verification.
 */
export const securityPlugin = fp<SecurityOptions>(
  async (app, options) => {
    const origins = new Set(options.cors?.origins ?? []);

    await app.register(rateLimit, {
      global: false,
      max: options.rateLimit?.max ?? 600,
      timeWindow: options.rateLimit?.timeWindow ?? '1 minute',
      allowList: options.rateLimit?.allowList ?? [],
      errorResponseBuilder: (_request, context) =>
        new ServerError('RATE_LIMITED', `too many requests: retry in ${context.after}`, {
          limit: context.max,
          retryAfter: context.after,
        }),
    });
    // As a root hook it covers every route, unknown ones too, ahead of any route-level hook.
    app.addHook('onRequest', app.rateLimit());

    // A browser's preflight from an origin not on the list is refused outright.
    app.addHook('onRequest', async (request) => {
      const origin = request.headers.origin;
      const preflight =
        request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
      if (preflight && origin !== undefined && !origins.has(origin)) {
        throw new ServerError('FORBIDDEN', 'this origin may not call the API', { origin });
      }
    });
    await app.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && origins.has(origin)),
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'],
      exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
      maxAge: 600,
    });

    await app.register(helmet, {
      // The API answers JSON; the docs UI is the only page and loads its assets from /docs itself.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          // The server is often reached over plain HTTP on localhost; upgrading would break /docs there.
          upgradeInsecureRequests: null,
        },
      },
      crossOriginResourcePolicy: { policy: 'same-site' },
    });
  },
  { name: 'doanflow-security', fastify: '5.x' },
);

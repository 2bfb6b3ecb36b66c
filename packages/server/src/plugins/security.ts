import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import { ServerError } from '../errors.ts';

/** Whether a parsed value holds a NUL character in any string or key (walked without recursion). */
export function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return true;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

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
    // A client that reset its connection right after sending has no address any more (request.ip
    // is undefined): nobody is left to answer, and the rate limiter's key would throw. End quietly.
    app.addHook('onRequest', async (request, reply) => {
      if (request.ip !== undefined) return;
      request.log.debug('the client went away before its request was handled');
      reply.hijack();
      request.raw.socket?.destroy();
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
    // PostgreSQL text and jsonb cannot hold NUL: refuse it at the door rather than fail in the database.
    // Only the parts a route reads (has a schema for): /health ignores any query string.
    app.addHook('preValidation', async (request) => {
      const schema = request.routeOptions.schema ?? {};
      if (
        (schema.params && holdsNul(request.params)) ||
        (schema.querystring && holdsNul(request.query)) ||
        (schema.body && holdsNul(request.body))
      ) {
        throw new ServerError('BAD_REQUEST', 'the request contains a NUL character', {});
      }
    });

    await app.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && origins.has(origin)),
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'If-Match',
        'If-None-Match',
        'If-Range',
        'Range',
      ],
      exposedHeaders: [
        'Retry-After',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Content-Disposition',
        'Content-Range',
        'Content-Length',
        'ETag',
      ],
      maxAge: 600,
    });

    await app.register(helmet, {
      // The API answers JSON; the docs UI is the only page and loads its assets from /docs itself.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          // blob: for documents shown in the page (fetched with the officer's token, then rendered).
          imgSrc: ["'self'", 'data:', 'blob:'],
          frameSrc: ["'self'", 'blob:'],
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

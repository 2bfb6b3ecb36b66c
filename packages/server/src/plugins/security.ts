import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { ServerError } from '../errors.ts';

/** Why a string cannot be stored: PostgreSQL text and jsonb refuse NUL and lone UTF-16 surrogates. */
export type UnstorableText = 'nul' | 'lone_surrogate';

/** With the `u` flag a surrogate range matches only a half that pairs with nothing. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function unstorable(text: string): UnstorableText | null {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return null;
}

/** The first string or key of a parsed value that cannot be stored, if any (walked without recursion). */
export function unstorableText(value: unknown): UnstorableText | null {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      const reason = unstorable(current);
      if (reason) return reason;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const reason = unstorable(key);
        if (reason) return reason;
        stack.push(child);
      }
    }
  }
  return null;
}

const unstorableMessages: Record<UnstorableText, string> = {
  nul: 'the request contains a NUL character',
  lone_surrogate: 'the request contains text that is not well-formed Unicode (a lone surrogate)',
};

export interface SecurityOptions {
  /** Portal origins allowed to call the API from a browser ("https://portal.example.vn"). */
  cors?: { origins: string[] };
  /** Requests per client IP per window (default 600 per minute). */
  rateLimit?: { max?: number; timeWindow?: number | string; allowList?: string[] };
}

/**
 * Security headers, a CORS allow-list and rate limiting. They run first in onRequest, before
 * authentication, so a flood or a foreign page costs no token verification; the headers come before
 * the limit, so a 429 carries them (a portal on another origin reads its Retry-After).
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

    // A browser's preflight from an origin not on the list is refused outright.
    app.addHook('onRequest', async (request) => {
      const origin = request.headers.origin;
      const preflight =
        request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
      if (preflight && origin !== undefined && !origins.has(origin)) {
        throw new ServerError('FORBIDDEN', 'this origin may not call the API', { origin });
      }
    });
    // PostgreSQL text and jsonb cannot hold NUL or a lone surrogate ("\ud800" in JSON): refuse them
    // at the door rather than fail in the database. Only the parts a route reads (has a schema for):
    // /health ignores any query string.
    app.addHook('preValidation', async (request) => {
      const schema = request.routeOptions.schema ?? {};
      const reason =
        (schema.params ? unstorableText(request.params) : null) ??
        (schema.querystring ? unstorableText(request.query) : null) ??
        (schema.body ? unstorableText(request.body) : null);
      if (reason) throw new ServerError('BAD_REQUEST', unstorableMessages[reason], { reason });
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

    const headers = securityHeaders({
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
    app.addHook('onRequest', (_request, reply, done) => {
      for (const [name, value] of headers) reply.raw.setHeader(name, value);
      done();
    });
    // After CORS and the security headers, so a 429 carries them too: a portal reads its Retry-After.
    // As a root hook it covers every route, unknown ones too, ahead of any route-level hook.
    app.addHook('onRequest', app.rateLimit());
  },
  { name: 'doanflow-security', fastify: '5.x' },
);

/**
 * Helmet's headers, worked out once: they are the same on every answer. (@fastify/helmet built
 * helmet's middleware again on each request, parsing every CSP directive: 3.5% of a start's CPU.)
 */
function securityHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return [...headers];
}

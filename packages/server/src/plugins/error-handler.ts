import { isWorkflowError, type WorkflowError } from '@doanflow/engine';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { httpStatus, ServerError } from '../errors.ts';
import type { ErrorBody } from '../routes/shared/error-schema.ts';

/** A refusal by the engine: who may not act (403), when it cannot happen now (409), a guard (422). */
const refusalStatus: Record<string, number> = {
  role: 403,
  not_named: 403,
  unit: 403,
  conflict_of_interest: 403,
  acting_form: 403,
  signatory: 403,
  timer_only: 403,
  link_only: 403,
  state: 409,
  finished: 409,
  guard: 422,
};

function workflowStatus(error: WorkflowError): number {
  if (error.code === 'EVENT_NOT_ALLOWED') return refusalStatus[error.reason ?? ''] ?? 403;
  return httpStatus[error.code] ?? 500;
}

interface Mapped {
  status: number;
  body: ErrorBody;
}

/** A stable code for each status Fastify itself refuses with; anything else is a bad request. */
const fastifyCodes: Record<number, ErrorBody['code']> = {
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

const INTERNAL: ErrorBody = { code: 'INTERNAL', message: 'internal server error', details: {} };

/**
 * The hint on every 503 (the database is away, e.g. restarting): clients wait this long and retry
 * with the same Idempotency-Key. A PostgreSQL restart takes a second or two.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** Turns anything thrown into a status and the one error shape. */
export function mapError(error: unknown): Mapped {
  if (error instanceof ServerError) {
    return {
      status: httpStatus[error.code],
      body: { code: error.code, message: error.message, details: error.details },
    };
  }
  if (isWorkflowError(error)) {
    return {
      status: workflowStatus(error),
      body: { code: error.code, message: error.message, details: error.details },
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    // One format for issue paths, the engine's: property names, and array indices as numbers.
    const issues = error.validation.map((issue) => ({
      path: issue.instancePath
        .split('/')
        .filter((segment) => segment !== '')
        .map((segment) => (/^(0|[1-9]\d{0,8})$/.test(segment) ? Number(segment) : segment)),
      code: issue.keyword,
      message: issue.message ?? 'invalid',
    }));
    return {
      status: 400,
      body: {
        code: 'BAD_REQUEST',
        message: `the request ${error.validationContext ?? 'input'} is not valid`,
        details: { part: error.validationContext ?? null, issues },
      },
    };
  }
  // Fastify's own refusals: malformed JSON, __proto__ keys, body too large, bad content type…
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      status,
      body: {
        code: fastifyCodes[status] ?? 'BAD_REQUEST',
        message: fastifyError.message ?? 'bad request',
        details: { reason: fastifyError.code ?? null },
      },
    };
  }
  return { status: 500, body: INTERNAL };
}

function send(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const { status, body } = mapError(error);
  if (status >= 500) {
    // The real error goes to the log only; the caller gets a generic message and no stack.
    if (status === 503) {
      // Expected while the database is away: a warning, and a Retry-After hint in the header and
      // in the error shape (a thrower may name its own, as /ready does).
      request.log.warn({ err: error }, 'unavailable');
      const hinted = body.details['retryAfterSeconds'];
      const retryAfter = typeof hinted === 'number' ? hinted : UNAVAILABLE_RETRY_AFTER_SECONDS;
      return reply
        .code(503)
        .header('retry-after', String(retryAfter))
        .type('application/json')
        .send({ ...body, details: { ...body.details, retryAfterSeconds: retryAfter } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(status).type('application/json').send(INTERNAL);
  }
  if (body.code === 'UNSUPPORTED_MEDIA_TYPE' && !Array.isArray(body.details['accepts'])) {
    // Fastify's own 415 (a content type no parser takes) names no types: the route's schema does.
    const consumes = (request.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes;
    return reply
      .code(status)
      .type('application/json')
      .send({ ...body, details: { ...body.details, accepts: consumes ?? ['application/json'] } });
  }
  return reply.code(status).type('application/json').send(body);
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A route's URL as a pattern for a concrete path (":id" one segment). */
const patternOf = (url: string) =>
  new RegExp(
    `^${url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : escaped(segment)))
      .join('/')}/?$`,
  );

export const errorHandlerPlugin = fp(
  async (app) => {
    // Every route's methods by URL pattern, so that a known path with a wrong method is a 405.
    const routes: { pattern: RegExp; methods: string[] }[] = [];
    app.addHook('onRoute', (route) => {
      // Catch-alls (the portal's static files, CORS preflight) would make every path known.
      if (route.url.includes('*')) return;
      const methods = [route.method].flat().map(String);
      routes.push({ pattern: patternOf(route.url), methods });
    });
    app.setErrorHandler((error, request, reply) => send(request, reply, error));
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const allow = [
        ...new Set(routes.filter((route) => route.pattern.test(path)).flatMap((route) => route.methods)),
      ].sort();
      if (allow.length > 0) {
        reply.header('allow', allow.join(', '));
        return send(
          request,
          reply,
          new ServerError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}`, { allow }),
        );
      }
      return send(request, reply, new ServerError('NOT_FOUND', `no route ${request.method} ${path}`));
    });
  },
  { name: 'doanflow-error-handler', fastify: '5.x' },
);

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';
import { errorResponses } from '../shared/error-schema.ts';

const PING_TIMEOUT_MS = 2000;
const RETRY_AFTER_SECONDS = 5;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Liveness (the process answers) and readiness (the database answers), for load balancers. */
export const healthRoutes: FastifyPluginAsyncZod<{ runtime: WorkflowRuntime }> = async (app, { runtime }) => {
  const status = z.object({ status: z.literal('ok') });

  app.get(
    '/health',
    { schema: { tags: ['health'], security: [], response: { 200: status, ...errorResponses() } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        security: [],
        summary: 'Ready when the database answers; 503 with Retry-After otherwise',
        response: { 200: status, ...errorResponses(503) },
      },
    },
    async (request, reply) => {
      try {
        await withTimeout<unknown>(runtime.ping ? runtime.ping() : runtime.directory(), PING_TIMEOUT_MS);
      } catch (error) {
        request.log.warn({ err: error }, 'not ready');
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        throw new ServerError('UNAVAILABLE', 'the database is not reachable', {
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        });
      }
      return { status: 'ok' as const };
    },
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServerError } from '../../errors.ts';
import type { ReadinessReport, WorkflowRuntime } from '../../runner/contract.ts';
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

/**
 * Liveness (the process answers: never the database's fault, so an orchestrator does not restart a
 * healthy process over it) and readiness (PostgreSQL takes a write, the timer worker runs), for load
 * balancers and orchestrators.
 */
export const healthRoutes: FastifyPluginAsyncZod<{ runtime: WorkflowRuntime }> = async (app, { runtime }) => {
  const status = z.object({ status: z.literal('ok') });
  const ready = z.object({ status: z.literal('ok'), checks: z.record(z.string(), z.string()) });

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
        summary:
          'Ready when PostgreSQL takes a write and the timer worker runs; 503 with Retry-After and the failing checks otherwise',
        response: { 200: ready, ...errorResponses(503) },
      },
    },
    async (request, reply) => {
      let report: ReadinessReport;
      try {
        report = runtime.readiness
          ? await withTimeout(runtime.readiness(), PING_TIMEOUT_MS)
          : await withTimeout<unknown>(
              runtime.ping ? runtime.ping() : runtime.directory(),
              PING_TIMEOUT_MS,
            ).then(() => ({ ready: true, checks: { database: 'ok' } }));
      } catch (error) {
        request.log.warn({ err: error }, 'not ready');
        report = { ready: false, checks: { database: 'unavailable' } };
      }
      if (!report.ready) {
        request.log.warn({ checks: report.checks }, 'not ready');
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        throw new ServerError('UNAVAILABLE', notReady(report.checks), {
          retryAfterSeconds: RETRY_AFTER_SECONDS,
          checks: report.checks,
        });
      }
      return { status: 'ok' as const, checks: report.checks };
    },
  );
};

const notReady = (checks: Record<string, string>) =>
  checks['database'] !== 'ok' && checks['database'] !== undefined
    ? checks['database'] === 'unavailable'
      ? 'the database is not reachable'
      : `the database does not take writes (${checks['database']})`
    : `not ready: ${Object.entries(checks)
        .filter(([, value]) => !value.startsWith('ok'))
        .map(([name, value]) => `${name} ${value}`)
        .join(', ')}`;

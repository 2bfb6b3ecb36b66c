import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { ServerError } from '../errors.ts';
import type { Registry } from 'prom-client';
import type { ServerMetrics } from '../metrics/server-metrics.ts';

export interface MetricsOptions {
  metrics: ServerMetrics;
  /** When set, GET /metrics wants `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token?: string;
}

const sameToken = (given: string | undefined, expected: string) => {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(`Bearer ${expected}`);
  return a.length === b.length && timingSafeEqual(a, b);
};

async function exposition(registry: Registry) {
  return { type: registry.contentType, body: await registry.metrics() };
}

/** Request latency for every route (by its pattern, not the raw URL), and GET /metrics for Prometheus. */
export const metricsPlugin = fp<MetricsOptions>(
  async (app, { metrics, token }) => {
    app.addHook('onResponse', async (request, reply) => {
      metrics.requestSeconds.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (token && !sameToken(request.headers.authorization, token)) {
        reply.header('www-authenticate', 'Bearer');
        throw new ServerError('UNAUTHENTICATED', 'GET /metrics needs the metrics token', {});
      }
      const { type, body } = await exposition(metrics.registry);
      return reply.type(type).send(body);
    });
  },
  { name: 'doanflow-metrics', fastify: '5.x' },
);

import type { FastifyPluginCallback } from 'fastify';

/** Tracing as started: the Fastify plugin to register first, and a flush for shutdown. */
export interface Tracing {
  plugin: FastifyPluginCallback;
  shutdown(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/** An exporter is configured the standard OpenTelemetry way (OTEL_* variables), and not turned off. */
export function tracingConfigured(env: Env): boolean {
  if (env['OTEL_SDK_DISABLED'] === 'true') return false;
  const exporters = env['OTEL_TRACES_EXPORTER']?.trim();
  if (exporters === 'none') return false;
  return Boolean(
    exporters || env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
  );
}

/** Paths probed every few seconds: traces of them would drown the rest. */
const UNTRACED = new Set(['/health', '/ready', '/metrics']);

/**
 * Starts OpenTelemetry's Node SDK when an exporter is configured: spans for each HTTP request
 * (@fastify/otel) with the runtime's own spans under them (doanflow.start, doanflow.decision,
 * doanflow.webhook). The SDK reads the standard variables (endpoint, protocol, headers, sampler);
 * metrics and logs stay off unless asked for, Prometheus serves the metrics. Loaded only when
 * configured, so a server without tracing carries none of it.
 */
export async function startTracing(env: Env = process.env): Promise<Tracing | null> {
  if (!tracingConfigured(env)) return null;
  env['OTEL_SERVICE_NAME'] ??= 'doanflow';
  env['OTEL_METRICS_EXPORTER'] ??= 'none';
  env['OTEL_LOGS_EXPORTER'] ??= 'none';
  // Optional peers: a host that wants traces installs them (the SDK brings protobufjs, whose
  // install script pnpm refuses by default — no reason to make every host approve it).
  const [{ NodeSDK }, { FastifyOtelInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@fastify/otel'),
  ]).catch((error: unknown) => {
    throw new Error(
      'tracing is configured (OTEL_* variables) but its optional packages are not installed: ' +
        'add @opentelemetry/sdk-node@^0.222.0 and @fastify/otel@^0.21.2 to the host',
      { cause: error },
    );
  });
  const fastify = new FastifyOtelInstrumentation({
    ignorePaths: (route) => UNTRACED.has(route.url),
    // A span per request and per handler; hook spans (rate limit, CORS, auth …) would be noise.
    instrumentHooks: false,
  });
  const sdk = new NodeSDK({ instrumentations: [fastify] });
  sdk.start();
  return { plugin: fastify.plugin(), shutdown: () => sdk.shutdown() };
}

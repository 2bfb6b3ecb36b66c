import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { readFileSync } from 'node:fs';
import type { ServerConfig } from './config.ts';
import { defaultAdminPolicy } from './routes/shared/caller-scope.ts';
import { runtimeOptionsFrom } from './runtime-options.ts';
import type { DoanflowServer, DoanflowServerOptions } from './server.ts';

/**
 * What the environment's configuration (loadConfig) says about a server: database, timers, HTTP,
 * auth, TLS, attachments, webhook delivery and the metrics token. main.ts and a host's own main
 * start from it and add their workflows, directory, portal and tracing.
 */
export function serverOptionsFrom(config: ServerConfig): DoanflowServerOptions {
  const { concurrency, timeoutMs, allowedHosts, ...policy } = config.webhooks;
  const caps = config.workflowVersionsUpTo;
  return {
    ...runtimeOptionsFrom(config),
    ...(Object.keys(caps).length > 0
      ? {
          registry: new WorkflowRegistry(
            unionWorkflows.filter((definition) => definition.version <= (caps[definition.id] ?? Infinity)),
          ),
        }
      : {}),
    attachments: config.attachments,
    documents: config.documents,
    http: {
      auth: config.auth,
      cors: config.cors,
      rateLimit: config.rateLimit,
      trustProxy: config.trustProxy,
      ...(config.tls
        ? { tls: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } }
        : {}),
      logger: { level: config.logLevel },
      ...(config.firstAdmin ? { adminPolicy: { ...defaultAdminPolicy, firstAdmin: config.firstAdmin } } : {}),
      requireExpectedRevision: config.requireExpectedRevision,
    },
    metrics: { token: config.metricsToken },
    webhookDelivery: { concurrency, timeoutMs, policy },
    webhookTargets: { allow: allowedHosts },
    notifications: config.notifications,
  };
}

/**
 * SIGTERM and SIGINT close the server in order (see DoanflowServer.close) and end the process; a
 * stuck connection or job cannot keep it alive past `graceMs` (default 10 s).
 */
export function closeOnSignals(server: DoanflowServer, options: { graceMs?: number } = {}): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), options.graceMs ?? 10_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

import type { WorkflowRegistry } from '@doanflow/engine';
import type { Dossiers } from './attachments/dossiers.ts';
import type { IssuedDocuments } from './issued-documents/issued-documents.ts';
import Fastify, {
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authPlugin } from './plugins/auth.ts';
import { elementsScriptPlugin } from './plugins/elements-script.ts';
import { errorHandlerPlugin } from './plugins/error-handler.ts';
import { metricsPlugin, type MetricsOptions } from './plugins/metrics.ts';
import { openapiPlugin, type OpenapiOptions } from './plugins/openapi.ts';
import { portalPlugin, type PortalOptions } from './plugins/portal.ts';
import { securityPlugin, type SecurityOptions } from './plugins/security.ts';
import type { AuthOptions } from './plugins/token-verifier.ts';
import { attachmentRoutes } from './routes/attachments/index.ts';
import { issuedDocumentRoutes, verifyRoutes } from './routes/issued-documents/index.ts';
import { devTokenRoutes } from './routes/auth/index.ts';
import { calendarRoutes } from './routes/calendar/index.ts';
import { definitionRoutes } from './routes/definitions/index.ts';
import { directoryRoutes } from './routes/directory/index.ts';
import { ChangeFeed, type ChangeFeedOptions } from './routes/events/change-feed.ts';
import { eventRoutes } from './routes/events/index.ts';
import { healthRoutes } from './routes/health/index.ts';
import { inboxRoutes } from './routes/inbox/index.ts';
import { recordRoutes } from './routes/records/index.ts';
import { reportRoutes } from './routes/reports/index.ts';
import { instanceRoutes } from './routes/instances/index.ts';
import { defaultAdminPolicy, type AdminPolicy } from './routes/shared/caller-scope.ts';
import { webhookRoutes } from './routes/webhooks/index.ts';
import { notificationRoutes } from './routes/notifications/index.ts';
import { delegationRoutes } from './routes/delegations/index.ts';
import type { Notifier } from './notifications/notifier.ts';
import type { UnsubscribeTokens } from './notifications/unsubscribe-token.ts';
import { workflowRoutes } from './routes/workflows/index.ts';
import type { WorkflowRuntime } from './runner/contract.ts';
import type { Tracing } from './telemetry/tracing.ts';
import type { WebhookStore } from './webhooks/store.ts';
import type { WebhookTargetPolicy } from './webhooks/target-guard.ts';
import { clientErrorHandler } from './plugins/client-error.ts';
import type { HitCounter } from './issued-documents/window-counter.ts';

export interface AppOptions {
  runtime: WorkflowRuntime;
  registry: WorkflowRegistry;
  auth: AuthOptions;
  cors?: SecurityOptions['cors'];
  rateLimit?: SecurityOptions['rateLimit'];
  /** Webhook registrations; without a store the /webhooks routes are not offered. */
  webhooks?: WebhookStore;
  /**
   * Decisions must carry the revision the caller saw (expectedRevision or If-Match), else 428
   * REVISION_REQUIRED (default true; DECISIONS_REQUIRE_REVISION=0 relaxes it).
   */
  requireExpectedRevision?: boolean;
  /** Where webhooks may be registered to (internal addresses refused unless allowed here). */
  webhookTargets?: WebhookTargetPolicy;
  /** Documents in (uploads, dossiers, downloads); without it those routes are not offered. */
  dossiers?: Dossiers;
  /** Documents out (issued PDFs, the public verify page); without it those routes are not offered. */
  issuedDocuments?: IssuedDocuments;
  /** Verify-page requests per address and minute (default 30). */
  verifyPerMinute?: number;
  /** Where verify-page hits are counted (default: in this process; server.ts gives Redis when it has one). */
  verifyLimiter?: HitCounter;
  /** Who administers the directory and webhooks (default: admin/secretariat at a top-level unit). */
  adminPolicy?: AdminPolicy;
  /** Server-Sent Events heartbeat interval (default 15 s). */
  heartbeatMs?: number;
  /** The live stream's resume window and scope refresh (see ChangeFeed). */
  changeFeed?: ChangeFeedOptions;
  /** Largest accepted request body in bytes (default 1 MiB; the directory routes allow 16 MiB). */
  bodyLimit?: number;
  logger?: boolean | Record<string, unknown>;
  /** A certificate and key (PEM): the server terminates TLS itself and speaks HTTP/2. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Trust X-Forwarded-* from a reverse proxy (for client IPs in rate limiting). */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /**
   * Static pages on the API's origin: a built portal at `/` and a plain embedding page at `/embed/`.
   * API paths keep precedence.
   */
  portal?: PortalOptions;
  /**
   * The built web-component script (widgets' dist/doanflow-elements.js), served for portals on any
   * origin at a versioned URL with its integrity published at `/doanflow-elements.json`.
   */
  elementsScript?: string;
  /** Notification preferences, push subscriptions, unsubscribe links and the admin listing. */
  notifications?: { notifier: Notifier; tokens: UnsubscribeTokens; vapidPublicKey: string | null };
  /** Request latency and GET /metrics for Prometheus (main.ts: always). */
  metrics?: MetricsOptions;
  /** The document's `servers` (default: this server, relative). */
  openapiServers?: OpenapiOptions['servers'];
  /** OpenTelemetry's Fastify plugin, when an exporter is configured (telemetry/tracing.ts). */
  tracing?: Pick<Tracing, 'plugin'>;
}

/** A router refusal in the one error shape (status 400, or 414 for an over-long parameter). */
function refuseUrl(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  reply
    .code(status)
    .type('application/json')
    .send({ code: 'BAD_REQUEST', message: 'the request URL is not valid', details: { reason: error.code } });
}

/** Tokens in a query string (EventSource) must not reach the logs. */
const redactUrl = (url: string) => url.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]');

function loggerOption(logger: AppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return {
    ...base,
    serializers: {
      req: (request: { method: string; url: string; ip?: string }) => ({
        method: request.method,
        url: redactUrl(request.url),
        ip: request.ip,
      }),
    },
  };
}

/**
 * The HTTP API on top of a WorkflowRuntime, without listening: tests call `inject`, main.ts listens.
 * Closing the app closes the runtime.
 */
export function buildApp(options: AppOptions) {
  const app = Fastify({
    // Terminating TLS itself, the server speaks HTTP/2 (and HTTP/1.1 to older clients): every live
    // stream and request of a portal then shares one connection instead of holding one of the six
    // a browser opens per server over HTTP/1.1. The type stays the HTTP/1 one: routes use only what
    // both have (the event stream writes through either response).
    ...((options.tls ? { http2: true, https: { ...options.tls, allowHTTP1: true } } : {}) as object),
    logger: loggerOption(options.logger),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { maxParamLength: 500 },
    // The router's own refusals (a URL that is not valid percent-encoded UTF-8, a path parameter
    // over maxParamLength) bypass the error handler: without this they leave in Fastify's shape,
    // echoing the hostile URL back.
    frameworkErrors: refuseUrl,
    // Node's parser refuses oversized headers (431) before Fastify: in the error shape, with headers.
    clientErrorHandler: clientErrorHandler(new Set(options.cors?.origins ?? [])),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Bodies are JSON (and multipart for uploads): any other content type is a 415, text/plain too.
  app.removeContentTypeParser('text/plain');

  const { runtime, registry } = options;
  const adminPolicy = options.adminPolicy ?? defaultAdminPolicy;

  // First, so it sees every route defined after it.
  if (options.tracing) app.register(options.tracing.plugin);
  app.register(errorHandlerPlugin);
  if (options.metrics) app.register(metricsPlugin, options.metrics);
  app.register(securityPlugin, { cors: options.cors, rateLimit: options.rateLimit });
  app.register(authPlugin, options.auth);
  app.register(openapiPlugin, { registry, servers: options.openapiServers });

  app.register(healthRoutes, { runtime });
  app.register(definitionRoutes, { registry });
  const requireExpectedRevision = options.requireExpectedRevision ?? true;
  app.register(instanceRoutes, { runtime, requireExpectedRevision });
  app.register(workflowRoutes, { runtime, registry, requireExpectedRevision });
  app.register(inboxRoutes, { runtime });
  if (runtime.readRecord)
    app.register(recordRoutes, { runtime: { readRecord: runtime.readRecord.bind(runtime) } });
  app.register(reportRoutes, { runtime, registry });
  const feed = new ChangeFeed(runtime, options.changeFeed);
  app.decorate('changeFeed', feed);
  app.register(eventRoutes, { feed, heartbeatMs: options.heartbeatMs });
  app.register(directoryRoutes, { runtime, adminPolicy });
  app.register(calendarRoutes, { runtime, adminPolicy });
  if (options.webhooks)
    app.register(webhookRoutes, {
      runtime,
      store: options.webhooks,
      adminPolicy,
      ...(options.webhookTargets ? { targets: options.webhookTargets } : {}),
    });
  if (options.notifications) {
    app.register(notificationRoutes, { runtime, adminPolicy, ...options.notifications });
  }
  app.register(delegationRoutes, { runtime, adminPolicy });
  if (options.dossiers) app.register(attachmentRoutes, { dossiers: options.dossiers });
  if (options.issuedDocuments) {
    const documents = {
      documents: options.issuedDocuments,
      verifyPerMinute: options.verifyPerMinute,
      ...(options.verifyLimiter ? { verifyLimiter: options.verifyLimiter } : {}),
    };
    app.register(issuedDocumentRoutes, documents);
    app.register(verifyRoutes, documents);
  }
  if (options.auth.devTokens) {
    app.log.warn('DEV TOKENS ARE ON: anyone can sign in as anyone (POST /auth/dev-token)');
    app.register(devTokenRoutes, { runtime, registry });
  }
  if (options.elementsScript) app.register(elementsScriptPlugin, { file: options.elementsScript });
  if (options.portal) app.register(portalPlugin, options.portal);

  app.addHook('onClose', async () => {
    feed.close();
    await runtime.close();
  });
  return app;
}

export type DoanflowApp = ReturnType<typeof buildApp>;

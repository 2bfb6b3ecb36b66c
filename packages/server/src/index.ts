/// <reference types="emscripten" preserve="true" />
// PGlite's declarations, which ours reach, use the Emscripten types without referencing them: the
// reference above (kept in index.d.ts) gives a host's compiler those types from our dependency.
/**
 * The one host path: createDoanflowServer builds the server main.ts runs (runtime with timers, HTTP
 * API, webhook delivery, housekeeping, metrics, tracing, shutdown); serverOptionsFrom reads the
 * same environment variables; closeOnSignals ends the process as main.ts does.
 */
export { createDoanflowServer } from './server.ts';
export type {
  DoanflowServer,
  DoanflowServerOptions,
  HousekeepingSettings,
  WebhookDeliveryOptions,
} from './server.ts';
export { closeOnSignals, serverOptionsFrom } from './server-options.ts';
export { startTracing } from './telemetry/tracing.ts';
export type { Tracing } from './telemetry/tracing.ts';
export { ServerMetrics } from './metrics/server-metrics.ts';
/** The pieces createDoanflowServer assembles, for a host that needs to go below it. */
export { buildApp } from './app.ts';
export type { AppOptions, DoanflowApp } from './app.ts';
export type { PortalOptions } from './plugins/portal.ts';
export { createRuntime, HostedRuntime } from './runtime-factory.ts';
export type { AttachmentOptions, CreateRuntimeOptions } from './runtime-factory.ts';
export { Dossiers } from './attachments/dossiers.ts';
export type { AttachmentView, DossierView } from './attachments/views.ts';
export type { S3StoreOptions } from './attachments/blob-stores/s3-blob-store.ts';
export { demoPdf, demoPhoto } from './demo/demo-files.ts';
/**
 * The engine pieces a host needs to run this server with the Union's workflows and the demo
 * directory, for hosts (and the widgets' browser tests) that depend on the server alone.
 */
export { demoDirectoryData, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
export { loadConfig, ConfigError } from './config.ts';
export type { Env, ServerConfig } from './config.ts';
export { ServerError, httpStatus } from './errors.ts';
export type { ServerErrorCode } from './errors.ts';
export { mapError } from './plugins/error-handler.ts';
export type { AuthOptions } from './plugins/token-verifier.ts';
export type { SecurityOptions } from './plugins/security.ts';
export { defaultAdminPolicy } from './routes/shared/caller-scope.ts';
export type { AdminPolicy } from './routes/shared/caller-scope.ts';
export type * from './runner/contract.ts';
export { InMemoryWebhookStore } from './webhooks/store.ts';
export type { NewWebhook, WebhookHealth, WebhookStore, WebhookSubscription } from './webhooks/store.ts';
export { deliverOnce, webhookRequest } from './webhooks/delivery.ts';
export {
  SIGNATURE_TOLERANCE_SECONDS,
  signatureHeaders as webhookSignatureHeaders,
  verifySignature as verifyWebhookSignature,
} from './webhooks/signature.ts';
export { isInternalAddress, WebhookTargetError, WebhookTargetGuard } from './webhooks/target-guard.ts';
export type { TargetRefusal, WebhookTargetPolicy } from './webhooks/target-guard.ts';
export type { AttemptOptions, AttemptResult, OutboxMessage } from './webhooks/delivery.ts';
export { WebhookDispatcher } from './webhooks/dispatcher.ts';
export type { WebhookDispatcherOptions } from './webhooks/dispatcher.ts';
export { defaultRetryPolicy } from './webhooks/retry-policy.ts';
export type { RetryPolicy } from './webhooks/retry-policy.ts';
export { Housekeeping } from './runner/housekeeping.ts';
export type { HousekeepingOptions, PruneReport } from './runner/housekeeping.ts';
export { createNotifier } from './notifications/create-notifier.ts';
export { Notifier } from './notifications/notifier.ts';
export type { NotifierOptions, SendOutcome } from './notifications/notifier.ts';
export { SmtpChannel } from './notifications/channels/smtp-channel.ts';
export type { SmtpChannelOptions } from './notifications/channels/smtp-channel.ts';
export { WebPushChannel } from './notifications/channels/web-push-channel.ts';
export type { PushSubscriptionInput, WebPushOptions } from './notifications/channels/web-push-channel.ts';
export { UnsubscribeTokens } from './notifications/unsubscribe-token.ts';
export { notificationKinds } from './notifications/kinds.ts';
export type { NotificationKind } from './notifications/kinds.ts';
export type { NotificationPreferences } from './notifications/preferences.ts';
export type {
  ChannelResult,
  NotificationChannel,
  OutgoingNotification,
  Recipient,
} from './notifications/channel.ts';

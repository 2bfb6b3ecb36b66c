/**
 * `@doanflow/client`: a typed client for the doanflow HTTP API, framework-free (browsers, Node ≥ 24,
 * the widgets). Requests retried safely with an Idempotency-Key, typed errors by code, the live
 * change stream over Server-Sent Events (resumed with Last-Event-ID, shared across tabs).
 * The zod schemas the types come from are at `@doanflow/client/contract`.
 */
export { createDoanflowClient } from './http-client.ts';
export type { DoanflowClient, DoanflowClientOptions, RetryOptions, SendEventOptions } from './http-client.ts';
export { DoanflowApiError, isDoanflowApiError, toApiError } from './errors.ts';
export type { ApiErrorCode, ClientErrorCode, DoanflowApiErrorOf, ErrorDetails } from './errors.ts';
export { subscribeToChanges } from './change-stream.ts';
export type { ChangeSubscriptionOptions, StreamHandlers, StreamStatus } from './change-stream.ts';
export type { Subscriber } from './shared-stream.ts';
export { newIdempotencyKey } from './idempotency.ts';
export { decisionQueueOf } from './decision-queue.ts';
export type { DecisionQueue, QueueEvent, QueuedDecision } from './decision-queue.ts';
export { memoryStore, type DecisionStore } from './decision-store.ts';
export { TokenKeeper, tokenSubject } from './token.ts';
export type { TokenSource, TokenState } from './token.ts';
export type { UploadOptions } from './upload.ts';
export type * from './types.ts';

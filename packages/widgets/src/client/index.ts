export { createDoanflowClient } from './http-client.ts';
export type { DoanflowClient, DoanflowClientOptions, SendEventOptions } from './http-client.ts';
export { DoanflowApiError, isDoanflowApiError, toApiError } from './errors.ts';
export type { ClientErrorCode } from './errors.ts';
export { subscribeToChanges } from './change-stream.ts';
export type { ChangeSubscriptionOptions, EventSourceLike, StreamStatus } from './change-stream.ts';
export { newIdempotencyKey } from './idempotency.ts';
export type { TokenSource } from './token.ts';
export type * from './types.ts';

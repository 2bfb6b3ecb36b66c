import type { WorkflowErrorCode } from '@doanflow/engine';

/**
 * Server-side error codes, next to the engine's. Every refusal leaves as one JSON shape
 * `{ code, message, details }` with the status below; nothing else (no stack) ever leaves.
 */
export type ServerErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'STALE_REVISION'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export class ServerError extends Error {
  override readonly name = 'ServerError';
  readonly code: ServerErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ServerErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export const httpStatus: Record<ServerErrorCode | WorkflowErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_INPUT: 400,
  INVALID_PAYLOAD: 400,
  UNKNOWN_EVENT: 400,
  INVALID_DIRECTORY: 400,
  INVALID_CALENDAR: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  EVENT_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  UNKNOWN_WORKFLOW: 404,
  UNKNOWN_VERSION: 404,
  STALE_REVISION: 409,
  TIMER_NOT_PENDING: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  SNAPSHOT_MISMATCH: 500,
  INVALID_DEFINITION: 500,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

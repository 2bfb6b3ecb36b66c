import type { WorkflowErrorCode } from '@doanflow/engine';

/**
 * Server-side error codes, next to the engine's. Every refusal leaves as one JSON shape
 * `{ code, message, details }` with the status below; nothing else (no stack) ever leaves.
 */
export type ServerErrorCode =
  | 'BAD_REQUEST'
  /** A bulk request with an item that cannot be valid: nothing was sent. */
  | 'INVALID_BULK_ITEMS'
  /** A webhook URL whose host is (or resolves to) an internal address, or does not resolve. */
  | 'WEBHOOK_TARGET_REFUSED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'STALE_REVISION'
  /** A decision sent without the revision the caller saw, where the deployment requires it. */
  | 'REVISION_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  // Uploads (attachments/): refused files are never stored.
  | 'EMPTY_FILE'
  | 'FILE_TOO_LARGE'
  | 'INVALID_FILE_NAME'
  | 'UNSUPPORTED_FILE_TYPE'
  | 'POLYGLOT_FILE'
  | 'MALFORMED_FILE'
  | 'ARCHIVE_TOO_EXPANSIVE'
  | 'UNKNOWN_ATTACHMENT'
  | 'RANGE_NOT_SATISFIABLE'
  // Rules across instances (runner/admission/): read and checked in the command's transaction.
  | 'CAMPAIGN_NOT_OPEN'
  | 'NOT_IN_CAMPAIGN'
  | 'DUPLICATE_NOMINATION'
  /** Revoking a delegation already revoked or past its last day. */
  | 'DELEGATION_NOT_ACTIVE';

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
  INVALID_BULK_ITEMS: 400,
  WEBHOOK_TARGET_REFUSED: 400,
  INVALID_INPUT: 400,
  INVALID_PAYLOAD: 400,
  UNKNOWN_EVENT: 400,
  INVALID_DIRECTORY: 400,
  INVALID_CALENDAR: 400,
  INVALID_ATTACHMENTS: 400,
  UNKNOWN_ATTACHMENT: 400,
  EMPTY_FILE: 400,
  INVALID_FILE_NAME: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  EVENT_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  UNKNOWN_WORKFLOW: 404,
  UNKNOWN_VERSION: 404,
  METHOD_NOT_ALLOWED: 405,
  STALE_REVISION: 409,
  REVISION_REQUIRED: 428,
  CAMPAIGN_NOT_OPEN: 409,
  DUPLICATE_NOMINATION: 409,
  NOT_IN_CAMPAIGN: 422,
  DELEGATE_NOT_IN_DIRECTORY: 400,
  SELF_DELEGATION: 400,
  DELEGATION_PERIOD_INVALID: 400,
  NOT_ROLE_HOLDER: 403,
  DELEGATION_NOT_ALLOWED: 403,
  DELEGATION_OVERLAPS: 409,
  DELEGATION_NOT_ACTIVE: 409,
  TIMER_NOT_PENDING: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  MISSING_DOCUMENTS: 422,
  MALFORMED_FILE: 422,
  ARCHIVE_TOO_EXPANSIVE: 422,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  UNSUPPORTED_MEDIA_TYPE: 415,
  POLYGLOT_FILE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  SNAPSHOT_MISMATCH: 500,
  INVALID_DEFINITION: 500,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

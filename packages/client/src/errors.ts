import type { ErrorBody, ErrorCode } from './contract/errors.ts';

/** Codes the client itself raises, next to the server's stable codes (STALE_REVISION, …). */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'CLOSED';

/** Every code a call may fail with: the server's (documented in its OpenAPI) and the client's. */
export type ApiErrorCode = ErrorCode | ClientErrorCode;

/** The details a code carries: the server documents one shape per code. */
export type ErrorDetails<C extends ApiErrorCode> = C extends ErrorCode
  ? Extract<ErrorBody, { code: C }>['details']
  : Record<string, unknown>;

/** A DoanflowApiError known to carry one code, its details typed by it. */
export type DoanflowApiErrorOf<C extends ApiErrorCode> = DoanflowApiError & {
  readonly code: C;
  readonly details: ErrorDetails<C>;
};

/**
 * Every failed call rejects with this: the server's `{ code, message, details }` plus the HTTP
 * status (0 when the request never reached the server). `is(code)` narrows `details` to that
 * code's shape: `if (error.is('STALE_REVISION')) error.details.currentRevision`.
 */
export class DoanflowApiError extends Error {
  override readonly name = 'DoanflowApiError';
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;
  /** Seconds the server asked to wait before a retry (Retry-After), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ApiErrorCode,
    message: string,
    status: number,
    details: Record<string, unknown> = {},
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Narrows the error (and its details) to one code. */
  is<K extends ApiErrorCode>(code: K): this is DoanflowApiErrorOf<K> {
    return this.code === code;
  }

  /** The request never got an answer: the browser is offline or the server unreachable. */
  get isNetworkError(): boolean {
    return this.code === 'NETWORK_ERROR';
  }

  /** Sending the same request again (with the same Idempotency-Key) may succeed. */
  get isRetryable(): boolean {
    return this.code === 'NETWORK_ERROR' || this.code === 'UNAVAILABLE' || this.code === 'RATE_LIMITED';
  }

  /**
   * Someone else changed the instance since it was read: a stale revision, or the event is no
   * longer allowed in the state the instance has moved to.
   */
  get isConflict(): boolean {
    return (
      this.code === 'STALE_REVISION' ||
      (this.code === 'EVENT_NOT_ALLOWED' && this.details['reason'] === 'state')
    );
  }
}

export const isDoanflowApiError = (error: unknown): error is DoanflowApiError =>
  error instanceof DoanflowApiError;

/** Any thrown value as a DoanflowApiError, so callers handle one shape. */
export function toApiError(error: unknown): DoanflowApiError {
  if (isDoanflowApiError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DoanflowApiError('INTERNAL', message, 0);
}

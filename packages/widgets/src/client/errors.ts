/** Codes the client itself raises, next to the server's stable codes (STALE_REVISION, …). */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

/**
 * Every failed call rejects with this: the server's `{ code, message, details }` plus the HTTP
 * status (0 when the request never reached the server).
 */
export class DoanflowApiError extends Error {
  override readonly name = 'DoanflowApiError';
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, status: number, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** The request never got an answer: the browser is offline or the server unreachable. */
  get isNetworkError(): boolean {
    return this.code === 'NETWORK_ERROR';
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

/** Any thrown value as a DoanflowApiError, so the widgets handle one shape. */
export function toApiError(error: unknown): DoanflowApiError {
  if (isDoanflowApiError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new DoanflowApiError('INTERNAL', message, 0);
}

/**
 * One error family for the engine. `code` is stable: the server maps it to an HTTP status,
 * portals switch on it. `details` carries machine-readable context (zod issues, the reason).
 */
export type WorkflowErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_PAYLOAD'
  | 'UNKNOWN_EVENT'
  | 'EVENT_NOT_ALLOWED'
  | 'UNKNOWN_WORKFLOW'
  | 'UNKNOWN_VERSION'
  | 'SNAPSHOT_MISMATCH'
  | 'TIMER_NOT_PENDING'
  | 'INVALID_DEFINITION'
  | 'INVALID_DIRECTORY'
  | 'INVALID_CALENDAR'
  /** Files sent with an event that it does not take (kind, type, duplicates). */
  | 'INVALID_ATTACHMENTS'
  /** An event sent without a document it requires. */
  | 'MISSING_DOCUMENTS'
  /** Delegation (delegation.ts): refused requests, each with its own stable code. */
  | 'DELEGATE_NOT_IN_DIRECTORY'
  | 'SELF_DELEGATION'
  | 'DELEGATION_PERIOD_INVALID'
  | 'NOT_ROLE_HOLDER'
  | 'DELEGATION_NOT_ALLOWED'
  | 'DELEGATION_OVERLAPS';

/** Why an event was refused: which check failed first. */
export type RefusalReason =
  | 'state'
  | 'role'
  /** The step is addressed to people the request names (`persons`), and the caller is not one of them
   * or has already acted. */
  | 'not_named'
  | 'unit'
  | 'conflict_of_interest'
  | 'acting_form'
  /** The act signs a document and the person holds no office that signs (an ordinary member). */
  | 'signatory'
  | 'guard'
  | 'timer_only'
  | 'link_only'
  | 'finished'
  /** The caller is not in the org directory on the day (a start needs someone the Union knows). */
  | 'not_in_directory';

/** V8's (and other engines') knob for how many frames a new Error records. */
const StackTraces = Error as ErrorConstructor & { stackTraceLimit?: number };

export class WorkflowError extends Error {
  override readonly name = 'WorkflowError';
  readonly code: WorkflowErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: WorkflowErrorCode, message: string, details: Record<string, unknown> = {}) {
    // A refusal is an expected answer, tried for every event and signing form when the buttons are
    // worked out: its stack trace would cost more than the check and say nothing.
    const stackLimit = StackTraces.stackTraceLimit;
    if (code === 'EVENT_NOT_ALLOWED') StackTraces.stackTraceLimit = 0;
    super(message);
    StackTraces.stackTraceLimit = stackLimit;
    this.code = code;
    this.details = details;
  }

  static notAllowed(reason: RefusalReason, message: string, details: Record<string, unknown> = {}) {
    return new WorkflowError('EVENT_NOT_ALLOWED', message, { reason, ...details });
  }

  get reason(): RefusalReason | undefined {
    return this.details['reason'] as RefusalReason | undefined;
  }
}

export const isWorkflowError = (error: unknown): error is WorkflowError => error instanceof WorkflowError;

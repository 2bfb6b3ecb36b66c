import { isWorkflowError } from '@doanflow/engine';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ServerError } from '../errors.ts';

/** How a start or a decision ended, as metrics count it (a small, fixed set). */
export type CommandOutcome =
  | 'applied'
  | 'replayed'
  | 'refused'
  | 'conflict'
  | 'not_found'
  | 'unavailable'
  | 'error';

/** What the runtime reports as it works (metrics); every method is optional to implement. */
export interface RuntimeObserver {
  command?(kind: 'start' | 'decision', workflowId: string, outcome: CommandOutcome, seconds: number): void;
  /** A timer's event was applied `lateSeconds` after its due time. */
  timerFired?(workflowId: string, lateSeconds: number): void;
  /**
   * A signing step's time by phase: `render` (its PDFs rendered ahead, queue included), `turn`
   * (waiting for the steps ahead in its registers), `transaction` (its transaction, the register locked for its last statement and the commit).
   */
  signing?(phase: SigningPhase, seconds: number): void;
  /** A signing step's guessed serial was not the register's: issued again, the serial first. */
  signingGuessMissed?(): void;
}

export type SigningPhase = 'render' | 'turn' | 'transaction';

export function outcomeOf(error: unknown): CommandOutcome {
  if (isWorkflowError(error)) return 'refused';
  if (!(error instanceof ServerError)) return 'error';
  if (error.code === 'STALE_REVISION' || error.code === 'IDEMPOTENCY_KEY_REUSED') return 'conflict';
  if (error.code === 'NOT_FOUND') return 'not_found';
  if (error.code === 'UNAVAILABLE') return 'unavailable';
  return error.code === 'INTERNAL' ? 'error' : 'refused';
}

/** Filled in by the command as it learns them (the workflow of an instance is known once read). */
export interface CommandNote {
  workflowId: string;
  outcome: CommandOutcome;
}

const tracer = trace.getTracer('doanflow');

/**
 * Runs a command inside a span (a no-op unless tracing is configured) and reports its outcome and
 * duration to the observer.
 */
export function observeCommand<T>(
  observer: RuntimeObserver | undefined,
  kind: 'start' | 'decision',
  work: (note: CommandNote) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(`doanflow.${kind}`, async (span) => {
    const note: CommandNote = { workflowId: 'unknown', outcome: 'applied' };
    const started = performance.now();
    const finish = () => {
      span.setAttributes({ 'doanflow.workflow': note.workflowId, 'doanflow.outcome': note.outcome });
      span.end();
      observer?.command?.(kind, note.workflowId, note.outcome, (performance.now() - started) / 1000);
    };
    try {
      const result = await work(note);
      finish();
      return result;
    } catch (error) {
      note.outcome = outcomeOf(error);
      if (note.outcome === 'error' || note.outcome === 'unavailable') {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      }
      finish();
      throw error;
    }
  });
}

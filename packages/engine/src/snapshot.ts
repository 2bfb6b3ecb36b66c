import type { AnyMachineSnapshot, StateValue } from 'xstate';
import type { AnyWorkflowDefinition } from './define-workflow.ts';
import type { AttachmentRef } from './documents.ts';
import type { PendingTimer } from './effects.ts';
import { WorkflowError } from './errors.ts';
import type { Authority } from './permissions.ts';

/**
 * What the server persists for an instance: plain JSON naming its workflow and version, so an
 * instance started on v1 is always run by v1.
 */
export interface InstanceSnapshot {
  workflowId: string;
  version: number;
  instanceId: string;
  /** Active leaf state path(s), e.g. "upperReview" or "quarter.planning". */
  state: string;
  status: 'active' | 'done';
  /** Number of the last history entry; the start is 0. */
  seq: number;
  startedAt: string;
  updatedAt: string;
  /** XState's persisted snapshot (value, context, status). */
  machine: { value: StateValue; context: Record<string, unknown>; status: string };
  timers: PendingTimer[];
  /**
   * Deadline and escalation timers that fired while the instance stayed in its state: the work is
   * still owed and overdue, so tasks keep their due time until the state changes.
   */
  lapsed?: PendingTimer[];
  /** Counter behind timer ids, so ids never repeat within an instance. */
  timerSeq: number;
}

/** One entry of an instance's history: enough to replay it and to show who did what. */
export interface HistoryEntry {
  seq: number;
  /** The event type, or "$start". */
  type: string;
  payload: unknown;
  comment: string | null;
  at: string;
  actor: Authority;
  timerId: string | null;
  from: string | null;
  to: string;
  /** On the start entry: the policy in force for this instance. */
  policy?: Record<string, unknown>;
  /** The files sent with the event: their digests put the bytes under the hash chain. */
  attachments?: AttachmentRef[];
  /** What the server counted or read for this step (links.ts `ServerFacts`): replay uses it. */
  facts?: Record<string, unknown>;
  /**
   * The official documents the step issued, as the server numbered and rendered them: their PDF's
   * digest puts the issued bytes under the hash chain.
   */
  issued?: IssuedDocumentRef[];
}

export interface IssuedDocumentRef {
  id: string;
  kind: string;
  /** "12-QĐ/TĐTN-VP". */
  number: string;
  /** The SHA-256 of the PDF, hex. */
  sha256: string;
  /** The short code of `/verify/<code>`. */
  code: string;
}

/**
 * Leaf state paths of a state value, joined with "|" for parallel regions, in code-unit order of
 * the region names: the same name whichever order a store gave the regions back in.
 */
export function stateName(value: StateValue): string {
  const leaves = (v: StateValue, prefix: string): string[] =>
    typeof v === 'string'
      ? [prefix + v]
      : Object.keys(v)
          .sort()
          .map((key) => [key, v[key]] as const)
          .flatMap(([key, inner]) =>
            inner === undefined || (typeof inner === 'object' && Object.keys(inner).length === 0)
              ? [prefix + key]
              : leaves(inner as StateValue, `${prefix}${key}.`),
          );
  return leaves(value, '').join('|');
}

export function restoreMachineSnapshot(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
): AnyMachineSnapshot {
  if (snapshot.workflowId !== definition.id || snapshot.version !== definition.version) {
    throw new WorkflowError(
      'SNAPSHOT_MISMATCH',
      `snapshot of ${snapshot.workflowId} v${snapshot.version} given to ${definition.id} v${definition.version}`,
    );
  }
  return definition.machine.resolveState({
    value: snapshot.machine.value,
    context: snapshot.machine.context,
  });
}

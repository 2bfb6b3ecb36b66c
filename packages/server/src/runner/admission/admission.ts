import type { AnyWorkflowDefinition, ServerFacts } from '@doanflow/engine';
import type { Query } from '../../db/database.ts';

/**
 * A rule that spans instances (a unit's quota in a round, one nomination per nominee): before the
 * engine runs a start or an event, the server takes the rule's advisory locks and reads the facts
 * the machine needs, in the same transaction that then writes the step. Concurrent commands under
 * the same lock run one after the other, so a count never goes past its limit. The facts go into
 * the history: replay needs no query.
 */
export interface Admission {
  workflowId: string;
  /** The versions it applies to (older instances keep their own rules). */
  fromVersion: number;
  /** "$start" or an event type. */
  on: string;
  /** Lock keys; `input` for a start (already valid), `context` of the instance for an event. */
  locks(subject: AdmissionSubject): string[];
  /** The facts to hand to the engine; throws a ServerError to refuse (nothing is written). */
  facts(query: Query, subject: AdmissionSubject): Promise<ServerFacts>;
  /**
   * The payload the engine (and so the history) receives, when the server keeps part of it apart
   * (a secret ballot's choice goes into the ballot box, in the same transaction). Runs after facts.
   */
  payload?(subject: AdmissionSubject): Record<string, unknown>;
}

export interface AdmissionSubject {
  definition: AnyWorkflowDefinition;
  instanceId: string | null;
  input: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
  /** The event's payload as the client sent it (null for a start). */
  payload: Record<string, unknown> | null;
}

/** The admission of a command, if one applies. */
export function admissionFor(
  admissions: readonly Admission[],
  definition: AnyWorkflowDefinition,
  on: string,
): Admission | undefined {
  return admissions.find(
    (admission) =>
      admission.workflowId === definition.id &&
      definition.version >= admission.fromVersion &&
      admission.on === on,
  );
}

/** Takes the locks (in a fixed order, so two commands never wait on each other in a cycle). */
export async function takeLocks(query: Query, keys: readonly string[]): Promise<void> {
  for (const key of [...new Set(keys)].sort()) {
    await query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }
}

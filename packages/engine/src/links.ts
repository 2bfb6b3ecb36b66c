import { z } from 'zod';

/**
 * Links between processes: one instance's result becomes a fact of another unit's (or person's)
 * record and, where a workflow listens, an event of that unit's open instances. A machine asks for
 * a link with the `emitLink` action; the runtime turns it into a `link` effect (pure data); the
 * server writes it in the step's own transaction and delivers it exactly once afterwards, also
 * after a crash. Nothing is queried at report time: the record holds what was delivered.
 */

/** What a machine asks for (`{ type: 'emitLink', params: LinkRequest }`). */
export interface LinkRequest {
  /** What the fact is, e.g. "branchReview.result": a record keeps one fact per kind and key. */
  kind: string;
  /** The fact's key within the record (e.g. the review year); a later fact replaces an earlier one. */
  key: string;
  /** Whose record: one of the instance's units (by its key in `units`), a unit by id, or a person. */
  to: { unit: string } | { unitId: string } | { personId: string };
  data: Record<string, unknown>;
  /**
   * Open instances of these workflows about the same unit (or person) also receive the fact, as the
   * named event (declared `link: true` in the target workflow, its payload a `LinkedFact`).
   */
  deliver?: readonly { workflowId: string; event: string }[];
}

/** The effect the server carries out: the unit key resolved to its id. */
export interface LinkEffect {
  kind: string;
  key: string;
  to: { unitId: string | null } | { personId: string };
  data: Record<string, unknown>;
  deliver: { workflowId: string; event: string }[];
}

/** The payload of a link event, as the target instance receives it. */
export interface LinkedFact {
  kind: string;
  key: string;
  data: Record<string, unknown>;
  source: { instanceId: string; workflowId: string; seq: number };
}

/** One fact of a unit's or person's record, as the server keeps it. */
export interface RecordedFact extends LinkedFact {
  recordedAt: string;
}

/** Facts the server supplies with a command (counts, records), kept in the history for replay. */
export type ServerFacts = Record<string, unknown>;

export const linkActions = {
  emitLink: (_: unknown, _request: LinkRequest) => {},
};

/** Resolves a request against the instance's units. */
export function linkEffect(
  request: LinkRequest,
  units: Readonly<Record<string, string | null | undefined>>,
): LinkEffect {
  return {
    kind: request.kind,
    key: request.key,
    to:
      'unit' in request.to
        ? { unitId: units[request.to.unit] ?? null }
        : 'unitId' in request.to
          ? { unitId: request.to.unitId }
          : { personId: request.to.personId },
    data: request.data,
    deliver: [...(request.deliver ?? [])],
  };
}

/** The payload schema of a link event (its `payload` in the target's event specs). */
export const linkedFactSchema = z.strictObject({
  kind: z.string().min(1).max(100),
  key: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
  source: z.strictObject({
    instanceId: z.string().min(1),
    workflowId: z.string().min(1),
    seq: z.number().int().min(0),
  }),
});

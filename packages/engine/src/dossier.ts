import type { AnyMachineSnapshot } from 'xstate';
import { localDate, vietnamCalendar, type WorkingCalendar } from './calendar/calendar.ts';
import { allowedEvents } from './allowed-events.ts';
import type { AnyWorkflowDefinition, Label } from './define-workflow.ts';
import type { OrgDirectory } from './directory.ts';
import { fileTypes, maxBytesOf, requiredKinds, unknownKind, type MediaType } from './documents.ts';
import { isWorkflowError, WorkflowError } from './errors.ts';
import { authorize, matchesStatePath, rulesFor, type Authority, type Principal } from './permissions.ts';
import { restoreMachineSnapshot, type InstanceSnapshot } from './snapshot.ts';
import { ownEntry } from './own-key.ts';

interface Place {
  directory: OrgDirectory;
  now: Date;
  calendar?: WorkingCalendar;
}

function uploadCandidates(
  definition: AnyWorkflowDefinition,
  machineSnapshot: AnyMachineSnapshot,
  kind: string,
) {
  const spec = definition.documents!;
  const explicit = spec.kinds[kind]!.upload;
  if (explicit) {
    return explicit
      .filter((rule) => rule.states.some((path) => matchesStatePath(machineSnapshot, path)))
      .map((rule) => ({ rule, decision: false }));
  }
  // Whoever may send, now, an event that takes this kind (with that event's conflict rule).
  return Object.entries(spec.events)
    .filter(([, event]) => event.accepts.includes(kind))
    .flatMap(([type]) =>
      rulesFor(definition, machineSnapshot, type).map((rule) => ({
        rule,
        decision: definition.events[type]?.decision === true,
      })),
    );
}

/**
 * May this person upload a file of this kind to the instance now? Returns the role binding that
 * allows it (recorded with the upload), or throws the refusal, as for an event.
 */
export function mayUpload(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  principal: Principal,
  kind: string,
  place: Place,
): Authority {
  if (!ownEntry(definition.documents?.kinds, kind)) throw unknownKind(definition, kind);
  if (snapshot.status === 'done') {
    throw WorkflowError.notAllowed('finished', `the instance is finished (${snapshot.state})`);
  }
  const machineSnapshot = restoreMachineSnapshot(definition, snapshot);
  const candidates = uploadCandidates(definition, machineSnapshot, kind);
  if (candidates.length === 0) {
    throw WorkflowError.notAllowed('state', `no ${kind} can be added in state ${snapshot.state}`, {
      state: snapshot.state,
    });
  }
  const on = localDate(place.now, place.calendar ?? vietnamCalendar);
  return authorize(principal, candidates, {
    definition,
    context: machineSnapshot.context,
    directory: place.directory,
    on,
  });
}

export interface DossierKindView {
  id: string;
  label: Label;
  /** Media types the server accepts for it. */
  accepts: MediaType[];
  maxBytes: number;
  /** This person may upload one now. */
  canUpload: boolean;
  /** A decision this person may take now needs it, or the dossier lacks it. */
  required: boolean;
  /** The instance's dossier still lacks it. */
  missing: boolean;
}

export interface DossierEventView {
  type: string;
  accepts: string[];
  requires: string[];
  atLeastOne: boolean;
}

export interface DossierRules {
  kinds: DossierKindView[];
  /** The events this person may send now that take documents. */
  events: DossierEventView[];
}

/** The document side of an instance for one person: what to upload, what is required. */
export function dossierRules(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  principal: Principal,
  place: Place & { policy?: Record<string, unknown> },
): DossierRules {
  const spec = definition.documents;
  if (!spec) return { kinds: [], events: [] };
  const machineSnapshot = restoreMachineSnapshot(definition, snapshot);
  const context = machineSnapshot.context;
  const allowed = allowedEvents(definition, snapshot, principal, place.directory, place.now, place.calendar);
  const events = allowed.flatMap(({ type }) => {
    const rules = ownEntry(spec.events, type);
    if (!rules) return [];
    return [
      {
        type,
        accepts: [...rules.accepts],
        requires: requiredKinds(rules, context),
        atLeastOne: rules.atLeastOne === true,
      },
    ];
  });
  const requiredNow = new Set(events.flatMap((event) => event.requires));
  const lacking = new Set(snapshot.status === 'done' ? [] : (spec.missing?.(context) ?? []));
  const kinds = Object.entries(spec.kinds).map(([id, kind]) => {
    let canUpload = false;
    try {
      mayUpload(definition, snapshot, principal, id, place);
      canUpload = true;
    } catch (error) {
      if (!isWorkflowError(error)) throw error;
    }
    return {
      id,
      label: kind.label,
      accepts: kind.accepts.map((type) => fileTypes[type]),
      maxBytes: maxBytesOf(definition, id, place.policy),
      canUpload,
      required: requiredNow.has(id) || lacking.has(id),
      missing: lacking.has(id),
    };
  });
  return { kinds, events };
}

import { localDate, vietnamCalendar, type WorkingCalendar } from './calendar/calendar.ts';
import type { ActingForm, AnyWorkflowDefinition, Label } from './define-workflow.ts';
import type { Delegation } from './delegation.ts';
import type { OrgDirectory } from './directory.ts';
import { isWorkflowError } from './errors.ts';
import { actingBindings, authorityOrRefusal, rulesInState, type Principal } from './permissions.ts';
import { restoreMachineSnapshot, type InstanceSnapshot } from './snapshot.ts';

export interface AllowedEvent {
  type: string;
  label: Label;
  /** The signing forms this person may use for it ("self", "TM", "KT"). */
  acting: ActingForm[];
  decision: boolean;
  irreversible: boolean;
}

const FORMS: readonly ActingForm[] = ['self', 'TM', 'KT'];

/**
 * The events this person may send now: what decides the buttons a portal shows. Guards that depend
 * on the payload are checked when the event is sent.
 */
export function allowedEvents(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  principal: Principal,
  directory: OrgDirectory,
  now: Date = new Date(snapshot.updatedAt),
  calendar: WorkingCalendar = vietnamCalendar,
  /** Delegations naming this person as delegate: buttons for the tasks they hold on a holder's behalf. */
  delegations: readonly Delegation[] = [],
): AllowedEvent[] {
  if (snapshot.status === 'done' || principal.kind === 'system') return [];
  const machineSnapshot = restoreMachineSnapshot(definition, snapshot);
  const on = localDate(now, calendar);
  const { personId } = principal;
  const scope = {
    definition,
    context: machineSnapshot.context,
    directory,
    on,
    delegations,
    // Once for every event and form below: the same person on the same day.
    bindings: actingBindings(directory, personId, on, delegations),
  };
  // The state's rules once, then each event's among them (what rulesFor gives, without matching again).
  const inState = rulesInState(definition, machineSnapshot);
  const result: AllowedEvent[] = [];
  for (const [type, spec] of Object.entries(definition.events)) {
    if (spec.timer) continue;
    const rules = inState.filter((rule) => rule.event === type);
    if (rules.length === 0) continue;
    const candidates = rules.map((rule) => ({ rule, decision: spec.decision === true }));
    const acting = FORMS.filter((form) => {
      try {
        return !('refused' in authorityOrRefusal(personId, candidates, scope, form));
      } catch (error) {
        // As before: a WorkflowError thrown by a workflow's own check (a rule's `when`) refuses.
        if (isWorkflowError(error)) return false;
        throw error;
      }
    });
    if (acting.length === 0) continue;
    result.push({
      type,
      label: spec.label,
      acting,
      decision: spec.decision === true,
      irreversible: spec.irreversible === true,
    });
  }
  return result;
}

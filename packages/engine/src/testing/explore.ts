import {
  createActor,
  getStateNodes,
  type AnyEventObject,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  type StateNode,
} from 'xstate';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import type { AnyWorkflowDefinition } from '../define-workflow.ts';
import { statePaths } from '../define-workflow.ts';
import type { Authority } from '../permissions.ts';
import type { EventMeta, MachineInput } from '../runtime.ts';

/**
 * Model-based coverage for a workflow machine: traverses it with `xstate/graph` from sample inputs
 * and sample events, and reports which state nodes and which transitions (each guarded alternative
 * separately) were never reached. The machine is pure, so this explores the real chart.
 */
export interface EventSample {
  payload?: unknown;
  /** Overrides of the event's meta (the acting unit matters to some guards). */
  meta?: Partial<EventMeta>;
}

export interface ExploreOptions {
  /** Start inputs (already valid); each is explored and the coverage is united. */
  inputs: unknown[];
  /** Sample events per type; several samples exercise different guards. */
  events: Record<string, EventSample[]>;
  /** The time events happen at, unless a sample says otherwise. */
  at: string;
  /** Which parts of the context distinguish states (keeps loops finite). Default: the whole context. */
  contextKey?: (context: any) => unknown;
  policy?: Record<string, unknown>;
  /** What the server would supply at start (a campaign's quota, a unit's record). */
  facts?: Record<string, unknown>;
  limit?: number;
}

export interface Coverage {
  states: string[];
  transitions: string[];
  missingStates: string[];
  missingTransitions: string[];
  /** One shortest event path per distinct state reached: readable evidence of reachability. */
  paths: string[][];
  /** The context of each distinct state reached: samples for `checkSummaryLabels`. */
  contexts: unknown[];
}

const actor: Authority = { personId: 'explorer', role: 'explorer', unitId: null, acting: 'self' };

/**
 * Every transition of the chart as "source:EVENT#index": `always` (eventless) ones as
 * "source:always#index", a compound state's `onDone` as "source:xstate.done.state.<id>#index".
 */
export function allTransitions(definition: AnyWorkflowDefinition): string[] {
  const keys: string[] = [];
  const visit = (node: StateNode<any, any>) => {
    for (const [event, list] of node.transitions)
      list.forEach((_, i) => keys.push(`${node.path.join('.')}:${event}#${i}`));
    (node.always ?? []).forEach((_, i) => keys.push(`${node.path.join('.')}:always#${i}`));
    for (const child of Object.values(node.states)) visit(child as StateNode<any, any>);
  };
  visit(definition.machine.root);
  return keys;
}

/** A transition's key in `allTransitions`' terms. */
function transitionKey(t: AnyTransitionDefinition): string {
  const source = t.source as StateNode<any, any>;
  const path = source.path.join('.');
  if (t.eventType === '') return `${path}:always#${(source.always ?? []).indexOf(t as never)}`;
  return `${path}:${t.eventType}#${source.transitions.get(t.eventType)?.indexOf(t as never) ?? -1}`;
}

/**
 * Runs one macrostep on an actor with nothing but no-op effect actions, watching its microsteps:
 * the event's own transition and whatever follows in the same step (`always`, `onDone` raised by
 * a final state), with the states passed through on the way (a transient decision state).
 */
function macrostep(
  machine: AnyStateMachine,
  from: { snapshot?: AnyMachineSnapshot; input?: MachineInput },
  event: AnyEventObject | null,
  seen: { transition(key: string): void; state(snapshot: AnyMachineSnapshot): void },
) {
  const running = createActor(machine, {
    ...(from.snapshot ? { snapshot: machine.getPersistedSnapshot(from.snapshot) } : { input: from.input }),
    inspect: (inspection) => {
      if (inspection.type !== '@xstate.microstep') return;
      // oxlint-disable-next-line no-underscore-dangle -- XState's inspection event names it so
      for (const t of inspection._transitions) seen.transition(transitionKey(t));
      seen.state(inspection.snapshot as AnyMachineSnapshot);
    },
  });
  running.start();
  if (event) running.send(event);
  running.stop();
}

export function exploreWorkflow(definition: AnyWorkflowDefinition, options: ExploreOptions): Coverage {
  const machine = definition.machine;
  const policy = definition.policy.parse(options.policy ?? {});
  const reachedStates = new Set<string>();
  const taken = new Set<string>();
  const paths: string[][] = [];
  const contexts: unknown[] = [];
  const eventsFor = (snapshot: AnyMachineSnapshot) => {
    let seq = 0;
    return Object.entries(options.events)
      .flatMap(([type, samples]) =>
        samples.map((sample) => ({
          type,
          payload: sample.payload ?? {},
          meta: {
            seq: ++seq,
            at: options.at,
            actor,
            comment: null,
            timerId: null,
            attachments: [],
            facts: {},
            ...sample.meta,
          },
        })),
      )
      .filter((event) => snapshot.status === 'active' && snapshot.can(event as never));
  };
  const serializeState = (snapshot: AnyMachineSnapshot) =>
    JSON.stringify([
      snapshot.value,
      options.contextKey ? options.contextKey(snapshot.context) : snapshot.context,
    ]);
  for (const data of options.inputs) {
    const input: MachineInput = {
      instanceId: 'explore',
      data,
      policy,
      startedAt: options.at,
      startedBy: actor,
      facts: options.facts ?? {},
    };
    const traversal = {
      input,
      events: eventsFor as never,
      serializeState: serializeState as never,
      serializeEvent: (event: any) =>
        JSON.stringify([
          event.type,
          event.payload,
          event.meta?.actor?.unitId,
          event.meta?.at,
          event.meta?.attachments?.map((file: { id: string }) => file.id),
          event.meta?.facts,
        ]),
      limit: options.limit ?? 5000,
    };
    for (const path of getShortestPaths(machine, traversal)) {
      paths.push(path.steps.map((step) => (step.event as { type: string }).type));
      contexts.push((path.state as AnyMachineSnapshot).context);
      for (const node of getStateNodes(machine.root, (path.state as AnyMachineSnapshot).value)) {
        reachedStates.add(node.path.join('.'));
      }
    }
    const seen = {
      transition: (key: string) => taken.add(key),
      state: (snapshot: AnyMachineSnapshot) => {
        for (const node of getStateNodes(machine.root, snapshot.value))
          reachedStates.add(node.path.join('.'));
      },
    };
    macrostep(machine, { input }, null, seen);
    for (const { state, event } of adjacencyMapToArray(getAdjacencyMap(machine, traversal))) {
      macrostep(machine, { snapshot: state as AnyMachineSnapshot }, event as AnyEventObject, seen);
    }
  }
  reachedStates.delete('');
  const states = statePaths(machine);
  const transitions = allTransitions(definition);
  return {
    states: [...reachedStates],
    transitions: [...taken],
    missingStates: states.filter((s) => !reachedStates.has(s)),
    missingTransitions: transitions.filter((t) => !taken.has(t)),
    paths,
    contexts,
  };
}

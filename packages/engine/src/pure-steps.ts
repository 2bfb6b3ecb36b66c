import {
  createActor,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  type ExecutableActionsFrom,
} from 'xstate';

type Action = ExecutableActionsFrom<AnyStateMachine>;

/**
 * XState's pure `initialTransition` and `transition` build a throwaway actor on every call, and its
 * constructor computes the machine's initial state without input: our context factories read the
 * input, so every engine step also threw and caught a TypeError. About a third of a start's engine
 * time went there (bench/RESULTS.md, issue 15). Here each machine gets one inert scope, built once and
 * reused: the calls are synchronous and collect their own actions. defineWorkflow refuses invoke,
 * spawned children and delays, so no actor system state is carried from one call to the next.
 */
interface Scope {
  scope: AnyActorScope;
  collect: Action[] | null;
}

const scopes = new WeakMap<AnyStateMachine, Scope>();

function scopeOf(machine: AnyStateMachine): Scope {
  let entry = scopes.get(machine);
  if (entry) return entry;
  const self = createActor(machine);
  const created: Scope = {
    collect: null,
    scope: {
      self,
      id: '',
      sessionId: '',
      logger: () => {},
      defer: () => {},
      emit: () => {},
      system: self.system,
      stopChild: () => {},
      actionExecutor: (action) => created.collect?.push(action as Action),
    },
  };
  scopes.set(machine, created);
  return created;
}

function collecting<T>(machine: AnyStateMachine, run: (scope: AnyActorScope) => T): [T, Action[]] {
  const entry = scopeOf(machine);
  const outer = entry.collect;
  const actions: Action[] = [];
  entry.collect = actions;
  try {
    return [run(entry.scope), actions];
  } finally {
    entry.collect = outer;
  }
}

/** The machine's first state for this input, and the actions its entry asks for. */
export function firstStep(machine: AnyStateMachine, input: unknown): [AnyMachineSnapshot, Action[]] {
  return collecting(machine, (scope) => machine.getInitialSnapshot(scope, input));
}

/** The state an event leads to, and the actions the transition asks for. */
export function nextStep(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, Action[]] {
  return collecting(machine, (scope) => machine.transition(snapshot, event, scope));
}

import type { StateNode } from 'xstate';
import type { AnyWorkflowDefinition, Label } from './define-workflow.ts';

/** The statechart as plain data, for diagrams and for the server's definitions API. */
export interface StateDescription {
  path: string;
  label: Label;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  initial: string | null;
  /**
   * `event` is '' for an eventless (`always`) transition and `xstate.done.state.<id>` for `onDone`:
   * taken by the chart itself, they carry no words of their own.
   */
  transitions: { event: string; targets: string[]; guarded: boolean }[];
  children: StateDescription[];
}

export function describeStates(definition: AnyWorkflowDefinition): StateDescription[] {
  const describe = (node: StateNode<any, any>): StateDescription => {
    const path = node.path.join('.');
    const transitions = [...node.transitions.entries(), ['', node.always ?? []] as const].flatMap(
      ([event, list]) =>
        list.map((t) => ({
          event,
          targets: (t.target ?? []).map((target: StateNode<any, any>) => target.path.join('.')),
          guarded: Boolean(t.guard),
        })),
    );
    const initialTarget = node.type === 'compound' ? node.initial.target[0] : undefined;
    return {
      path,
      label: definition.states[path] ?? { vi: path, en: path },
      type: node.type,
      initial: initialTarget ? initialTarget.path.join('.') : null,
      transitions,
      children: Object.values(node.states).map((child) => describe(child as StateNode<any, any>)),
    };
  };
  return Object.values(definition.machine.root.states).map((node) => describe(node as StateNode<any, any>));
}

import type { DiagramView, HistoryView, PendingTimer } from '@doanflow/client';

/** What an instance adds to its workflow's drawing: where it is, where it went, what it waits for. */
export interface DiagramMarks {
  /** Atomic states it is in now (one per parallel region). */
  current: string[];
  /** States it has been in, the current ones included. */
  visited: Set<string>;
  /** Edges it took, each with the order of its first use (1 = the first step). */
  taken: Map<string, number>;
  /** Edges a pending timer will take, with the timer. */
  waiting: Map<string, PendingTimer>;
}

/** The leaves of a state value: "a.b|c" is in "a.b" and "c". */
export const leavesOf = (state: string | null): string[] => (state ? state.split('|') : []);

/** Whether a state value lies in a state path (the path itself or one of its descendants). */
export const within = (state: string | null, path: string): boolean =>
  leavesOf(state).some((leaf) => leaf === path || leaf.startsWith(`${path}.`));

export const noMarks: DiagramMarks = {
  current: [],
  visited: new Set(),
  taken: new Map(),
  waiting: new Map(),
};

export function diagramMarks(
  diagram: DiagramView,
  state: string | null,
  history: readonly HistoryView[],
  timers: readonly PendingTimer[],
): DiagramMarks {
  const visited = new Set<string>();
  const visit = (value: string | null) => {
    for (const node of diagram.nodes) if (within(value, node.path)) visited.add(node.path);
  };
  const taken = new Map<string, number>();
  for (const entry of [...history].sort((a, b) => a.seq - b.seq)) {
    visit(entry.from);
    visit(entry.to);
    if (entry.from === null || entry.from === entry.to) continue;
    // The innermost edge that explains the move: a nested state's own edge before its parent's.
    const edge = diagram.edges
      .filter(
        (each) =>
          each.events.includes(entry.type) && within(entry.from, each.from) && within(entry.to, each.to),
      )
      .sort((a, b) => b.from.length + b.to.length - (a.from.length + a.to.length))[0];
    if (edge && !taken.has(edge.id)) taken.set(edge.id, taken.size + 1);
  }
  visit(state);
  const waiting = new Map<string, PendingTimer>();
  for (const timer of timers) {
    const edge = diagram.edges.find(
      (each) => each.events.includes(timer.event.type) && within(state, each.from),
    );
    if (edge && !waiting.has(edge.id)) waiting.set(edge.id, timer);
  }
  return { current: leavesOf(state), visited, taken, waiting };
}

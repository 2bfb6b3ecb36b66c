import type { DefinitionView, DiagramView, HistoryView, PendingTimer } from '@doanflow/client';
import { createLoadMachine } from '../shared/load.machine.ts';

export interface ProgressData {
  definition: DefinitionView;
  /** The instance's state ("a.b", parallel regions joined by "|"), or null for a bare workflow. */
  state: string | null;
  /** The instance's revision (none for a bare workflow). */
  revision?: number;
  /** The instance's history (the path taken) and pending timers; empty for a bare workflow. */
  history: HistoryView[];
  timers: PendingTimer[];
  /** The server's layout, or null where it could not be had (the step list still says it all). */
  diagram: DiagramView | null;
}

export const progressMachine = createLoadMachine<ProgressData>();

import type { DefinitionView, HistoryView, InstanceView } from '../client/types.ts';
import { createLoadMachine } from '../shared/load.machine.ts';

export interface TimelineData {
  instance: InstanceView;
  history: HistoryView[];
  definition: DefinitionView;
}

/** Loading the history, the instance (for its timers) and the workflow (for its labels). */
export const timelineMachine = createLoadMachine<TimelineData>();

import type { CalendarYear, DefinitionView, HistoryView, InstanceView } from '@doanflow/client';
import { createLoadMachine } from '../shared/load.machine.ts';

export interface TimelineData {
  instance: InstanceView;
  history: HistoryView[];
  definition: DefinitionView;
  /** The server's calendar for the years between now and the timers' due times. */
  calendar: CalendarYear[];
}

/** Loading the history, the instance (for its timers), the workflow (for its labels) and the calendar. */
export const timelineMachine = createLoadMachine<TimelineData>();

import type { DefinitionView } from '../client/types.ts';
import { createLoadMachine } from '../shared/load.machine.ts';

export interface ProgressData {
  definition: DefinitionView;
  /** The instance's state ("a.b", parallel regions joined by "|"), or null for a bare workflow. */
  state: string | null;
}

export const progressMachine = createLoadMachine<ProgressData>();

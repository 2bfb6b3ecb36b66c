import type { DefinitionView } from '../client/types.ts';
import { createLoadMachine } from '../shared/load.machine.ts';

export interface ProgressData {
  definition: DefinitionView;
  /** The instance's state ("a.b", parallel regions joined by "|"), or null for a bare workflow. */
  state: string | null;
  /** The instance's revision (none for a bare workflow). */
  revision?: number;
}

export const progressMachine = createLoadMachine<ProgressData>();

import type { AnyWorkflowDefinition } from '../define-workflow.ts';
import { memberTransfer } from './member-transfer/index.ts';

/** The Union's processes, one line each. */
export const unionWorkflows: AnyWorkflowDefinition[] = [memberTransfer];

export { memberTransfer };

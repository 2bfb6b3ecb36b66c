import { unionWorkflows, type AnyWorkflowDefinition } from '@doanflow/engine';
import { memberAdmission } from './member-admission/index.ts';
import { trainingRegistration } from './training-registration/index.ts';

/** The Union's workflows plus this host's own: one line per workflow. */
export const hostWorkflows: AnyWorkflowDefinition[] = [
  ...unionWorkflows,
  trainingRegistration,
  memberAdmission,
];

export { memberAdmission, trainingRegistration };

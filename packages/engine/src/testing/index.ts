/**
 * `@doanflow/engine/testing`: the helpers the Union's workflows are tested with, for a host's own
 * workflows too — a driver that starts and steps an instance on a manual clock, generated paths over
 * every state and transition, and a check that every field and state has its labels.
 */
export { exploreWorkflow, allTransitions } from './explore.ts';
export type { Coverage, EventSample, ExploreOptions } from './explore.ts';
export { InstanceDriver, ManualClock, refusal, sequentialIds, testAttachment } from './harness.ts';
export {
  checkDefinitionLabels,
  checkJsonSchemaLabels,
  checkSchemaLabels,
  checkSummaryLabels,
} from './labels.ts';
export type { LabelCheck } from './labels.ts';
export { decisionEvents, permissionMatrix, personEvents, refusalCases, whoMay } from './matrix.ts';
export type { PermissionMatrix, RefusalCase, RefusalRow } from './matrix.ts';

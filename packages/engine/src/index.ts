export { defineWorkflow, statePaths, handledEvents, toneOf } from './define-workflow.ts';
export { labelled, summaryLabelsSchema } from './field-labels.ts';
export { ownEntry } from './own-key.ts';
export { roleLabel, roleLabels } from './roles.ts';
export { eventTable } from './event-table.ts';
export type { EventTraits } from './event-table.ts';
export type {
  ActingForm,
  AnyWorkflowDefinition,
  EventSpec,
  EventTone,
  Label,
  Locale,
  PermissionRule,
  StartRule,
  SummaryField,
  UnitRelation,
  WorkflowDefinition,
} from './define-workflow.ts';
export {
  attachmentRefSchema,
  documentPolicySchema,
  fileTypes,
  imageTypes,
  maxBytesOf,
  MiB,
  scanTypes,
  writtenTypes,
} from './documents.ts';
export type {
  AttachmentRef,
  DocumentKind,
  DocumentsSpec,
  EventDocuments,
  FileType,
  MediaType,
  UploadRule,
} from './documents.ts';
export { dossierRules, mayUpload } from './dossier.ts';
export type { DossierEventView, DossierKindView, DossierRules } from './dossier.ts';
export { start, applyEvent, replay, tasksOf } from './runtime.ts';
export type {
  Clock,
  Command,
  EngineContext,
  EventMeta,
  IdSource,
  MachineInput,
  StartContext,
  StepResult,
} from './runtime.ts';
export type { InstanceSnapshot, HistoryEntry, IssuedDocumentRef } from './snapshot.ts';
export {
  issuerLines,
  personName,
  printedSignature,
  unitName,
  vietnameseDate,
} from './official-documents/model.ts';
export type {
  DocumentAnnex,
  DocumentModel,
  DocumentTypeCode,
  IssueBuilder,
  IssueInput,
  PrintedSignature,
} from './official-documents/model.ts';
export { stateName } from './snapshot.ts';
export { canonical, parseCanonical } from './canonical.ts';
export { allowedEvents } from './allowed-events.ts';
export type { AllowedEvent } from './allowed-events.ts';
export { effectActions, resolveDue } from './effects.ts';
export type {
  DueSpec,
  Effect,
  NotifyRequest,
  PendingTimer,
  TimerKind,
  TimerRequest,
  WorkingDayCount,
} from './effects.ts';
export { linkActions, linkEffect, linkedFactSchema } from './links.ts';
export type { LinkEffect, LinkedFact, LinkRequest, RecordedFact, ServerFacts } from './links.ts';
export { noticeWords } from './notices.ts';
export { recordKindLabel, recordKindLabels } from './record-kinds.ts';
export { recountTimers } from './recount-timers.ts';
export type { RecountedTimer } from './recount-timers.ts';
export type { Task } from './tasks.ts';
export { person, systemPrincipal } from './permissions.ts';
export type { Authority, Principal } from './permissions.ts';
export { OrgDirectory, directoryDataSchema, officeTitles } from './directory.ts';
export {
  checkDelegation,
  delegatedBindings,
  delegationInForce,
  delegationPolicySchema,
} from './delegation.ts';
export type {
  DelegatedBinding,
  Delegation,
  DelegationPolicy,
  DelegationRefusal,
  DelegationRequest,
} from './delegation.ts';
export type { DirectoryData, Level, OfficeTitle, OrgUnit, Person, RoleBinding } from './directory.ts';
export {
  officeTitleLabels,
  signatureOf,
  signingForms,
  signingOptions,
  signingPolicyOf,
  signingPolicySchema,
} from './signing.ts';
export type { Signature, SigningOption, SigningPolicy, SigningSpec } from './signing.ts';
export * from './calendar/index.ts';
export { WorkflowError, isWorkflowError } from './errors.ts';
export type { RefusalReason, WorkflowErrorCode } from './errors.ts';
export { WorkflowRegistry } from './registry.ts';
export { describeStates } from './describe.ts';
export type { StateDescription } from './describe.ts';
export {
  unionWorkflows,
  awardCampaign,
  awardCampaignV1,
  awardNomination,
  awardNominationV1,
  branchReview,
  branchReviewV1,
  fieldVisit,
  fieldVisitV1,
  memberTransfer,
  memberTransferV1,
  yearEndReview,
} from './workflows/index.ts';
export { reviewRecordKinds } from './workflows/year-end-review/record-facts.ts';
export { demoDirectoryData } from './demo/directory.ts';
export { demoPolicy } from './demo/policy.ts';
export { publishedHolidayNotices } from './demo/holiday-notices.ts';
export type { WorkflowEvent } from './workflow-event.ts';

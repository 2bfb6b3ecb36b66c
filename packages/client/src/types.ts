/**
 * The wire types, inferred from the contract's zod schemas (contract/): the server validates and
 * documents with the same schemas, so these cannot drift from it. Type-only: importing them brings
 * no zod into a bundle.
 */
import type { z } from 'zod';
import type { calendarYearSchema, holidayKeySchema, holidayNoticeSchema } from './contract/calendar.ts';
import type { actingFormSchema, labelSchema } from './contract/common.ts';
import type { recordFactSchema, recordPageSchema, recordQuerySchema } from './contract/records.ts';
import type {
  definitionEventSchema,
  definitionViewSchema,
  diagramViewSchema,
  stateNodeSchema,
} from './contract/definitions.ts';
import type {
  attachmentViewSchema,
  dossierEventSchema,
  dossierKindSchema,
  dossierViewSchema,
  mediaTypeSchema,
} from './contract/dossier.ts';
import type { issueSchema } from './contract/errors.ts';
import type { reportQuerySchema, unitReportSchema } from './contract/reports.ts';
import type { bulkBody, devTokenSchema, inboxQuerySchema, sendBody, startBody } from './contract/requests.ts';
import type {
  allowedEventSchema,
  attachmentRefSchema,
  bulkResultSchema,
  changeEventSchema,
  historyViewSchema,
  inboxPageSchema,
  instanceViewSchema,
  issuedDocumentRefSchema,
  pendingTimerSchema,
  signatureSchema,
  taskViewSchema,
} from './contract/views.ts';

export type { ErrorBody, ErrorCode } from './contract/errors.ts';

export type Label = z.output<typeof labelSchema>;
export type Locale = keyof Label;
/** How a decision is signed: in one's own name, "TM." for a committee, "KT." as a deputy. */
export type ActingForm = z.output<typeof actingFormSchema>;
export type AllowedEvent = z.output<typeof allowedEventSchema>;
export type PendingTimer = z.output<typeof pendingTimerSchema>;
export type TimerKind = PendingTimer['kind'];
export type HolidayKey = z.output<typeof holidayKeySchema>;
/** A year of the server's working-day calendar (GET /calendar/{year}). */
export type CalendarYear = z.output<typeof calendarYearSchema>;
export type HolidayNotice = z.output<typeof holidayNoticeSchema>;
export type TaskView = z.output<typeof taskViewSchema>;
export type InstanceView = z.output<typeof instanceViewSchema>;
export type HistoryView = z.output<typeof historyViewSchema>;
/** A signature as a signed decision prints it. */
export type Signature = z.output<typeof signatureSchema>;
/** An official document a decision issued: its number, its PDF's digest, its verification code. */
export type IssuedDocumentRef = z.output<typeof issuedDocumentRefSchema>;
/** A file as a history entry records it. */
export type AttachmentRef = z.output<typeof attachmentRefSchema>;
export type MediaType = z.output<typeof mediaTypeSchema>;
/** One file of an instance's dossier (GET /instances/{id}/dossier). */
export type AttachmentView = z.output<typeof attachmentViewSchema>;
export type DossierKindView = z.output<typeof dossierKindSchema>;
export type DossierEventView = z.output<typeof dossierEventSchema>;
export type DossierView = z.output<typeof dossierViewSchema>;
export type InboxPage = z.output<typeof inboxPageSchema>;
/** A unit's report (GET /reports/units/{unitId}). */
export type UnitReport = z.output<typeof unitReportSchema>;
/** The report's period and reach (all optional: this year, the unit and everything below it). */
export type ReportQuery = Partial<z.input<typeof reportQuerySchema>>;
/** The inbox's filters (all optional; `limit` defaults to 20). */
export type InboxQuery = Partial<z.output<typeof inboxQuerySchema>>;
/** One fact of a unit's or person's record (a review result, an award, a host comment, a trip). */
export type RecordFact = z.output<typeof recordFactSchema>;
export type RecordPage = z.output<typeof recordPageSchema>;
/** The record's filter and page (all optional; `limit` defaults to 20). */
export type RecordQuery = Partial<z.output<typeof recordQuerySchema>>;
export type StartRequest = z.input<typeof startBody>;
/** What a person sends to an instance: an event, its payload, comment, form and files. */
export type DecisionCommand = Omit<z.input<typeof sendBody>, 'expectedRevision'>;
export type BulkRequest = z.input<typeof bulkBody>;
export interface BulkItem {
  instanceId: string;
  command: DecisionCommand;
  /** The revision the decision was taken on: the server requires it (428 without, 409 when stale). */
  expectedRevision: number;
}
export type BulkResult = z.output<typeof bulkResultSchema>;
export type ChangeEvent = z.output<typeof changeEventSchema>;
export type StateDescription = z.output<typeof stateNodeSchema>;
/** A JSON Schema (draft 2020-12) as the server's zod schemas export it. */
export type JsonSchema = Record<string, unknown>;
export type DefinitionEventView = z.output<typeof definitionEventSchema>;
export type DefinitionView = z.output<typeof definitionViewSchema>;
/** A workflow's statechart laid out by the server, in diagram units (16 to the em). */
export type DiagramView = z.output<typeof diagramViewSchema>;
export type Issue = z.output<typeof issueSchema>;
export type DevToken = z.output<typeof devTokenSchema>;

/** Ủy quyền: a delegation of a role at a unit, and what creates one (POST /delegations). */
export type { DelegationRequest, DelegationStatus, DelegationView } from './contract/delegations.ts';

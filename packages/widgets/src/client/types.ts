/**
 * The server's wire types, mirrored here so the browser bundle never imports server code.
 * Sources: packages/server/src/runner/contract.ts (views, inbox, bulk, changes, calendar years),
 * packages/server/src/routes/definitions/definition-view.ts (definitions),
 * packages/server/src/routes/definitions/diagram-view.ts (diagrams),
 * packages/server/src/attachments/dossiers.ts (dossiers, attachments),
 * packages/server/src/routes/shared/error-schema.ts (errors) and the engine types they use
 * (packages/engine/src: Label, ActingForm, AllowedEvent, PendingTimer, Authority, HistoryEntry,
 * Command, StateDescription). contract.test-d.ts checks they stay in step.
 */

export interface Label {
  vi: string;
  en: string;
}
export type Locale = keyof Label;

/** How a decision is signed: in one's own name, "TM." for a committee, "KT." as a deputy. */
export type ActingForm = 'self' | 'TM' | 'KT';

export interface AllowedEvent {
  type: string;
  label: Label;
  acting: ActingForm[];
  decision: boolean;
  irreversible: boolean;
}

export type TimerKind = 'deadline' | 'reminder' | 'escalation' | 'expiry';

export interface PendingTimer {
  id: string;
  name: string;
  kind: TimerKind;
  due: string;
  event: { type: string; payload: Record<string, unknown> };
  /** For a due time counted in working days: from when, and under which holiday notices. */
  calendar?: {
    from: string;
    workingDays: number;
    /** Year → version of its notice (0: none yet, the statutory estimate). */
    versions: Record<string, number>;
    /** Counted through a year whose holidays are not all published: the due time may still move. */
    provisional: boolean;
  };
}

export type HolidayKey =
  | 'newYear'
  | 'lunarNewYear'
  | 'hungKings'
  | 'victoryDay'
  | 'labourDay'
  | 'nationalDay'
  | 'other';

/** A year of the server's working-day calendar (GET /calendar/{year}). */
export interface CalendarYear {
  year: number;
  /** Days of the week not worked: 0 = Sunday … 6 = Saturday. */
  weekend: number[];
  notice: {
    version: number;
    reference: string;
    issuedOn: string | null;
    note: string | null;
    effectiveFrom: string;
  } | null;
  provisional: boolean;
  holidays: {
    key: HolidayKey;
    name: Label;
    daysOff: string[];
    workdays: { date: string; replaces: string }[];
    provisional: boolean;
  }[];
}

export interface TaskView {
  instanceId: string;
  workflowId: string;
  state: string;
  stateLabel: Label;
  title: Label;
  role: string;
  unitId: string | null;
  unitName: string | null;
  personId: string | null;
  events: string[];
  due: string | null;
  overdue: boolean;
  subject: string;
  updatedAt: string;
  /** In an inbox page: the instance's revision, sent back with a decision taken from the list. */
  revision?: number;
}

export interface InstanceView {
  id: string;
  workflowId: string;
  version: number;
  title: Label;
  state: string;
  stateLabel: Label;
  status: 'active' | 'done';
  revision: number;
  orgUnitId: string;
  summary: Record<string, unknown>;
  /** Display names of the people and units whose ids appear in the summary. */
  names: Record<string, string>;
  tasks: TaskView[];
  allowedEvents: AllowedEvent[];
  timers: PendingTimer[];
  createdAt: string;
  updatedAt: string;
}

export interface HistoryView {
  seq: number;
  /** The event type, or "$start". */
  type: string;
  payload: unknown;
  comment: string | null;
  at: string;
  actor: {
    personId: string | null;
    role: string;
    unitId: string | null;
    acting: ActingForm;
    /** For an act that signs a paper: the signature as printed ("TM. BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"). */
    signature?: { heading: string; title: string; office: string; name: string };
    name: string | null;
    unitName: string | null;
  };
  acting: ActingForm;
  timerId: string | null;
  from: string | null;
  to: string;
  policy?: Record<string, unknown>;
  /** The files sent with the event; their digests are under the hash chain. */
  attachments?: AttachmentRef[];
  /** The official documents the decision issued; their PDFs' digests are under the hash chain. */
  issued?: IssuedDocumentRef[];
  hash: string;
  prevHash: string | null;
}

/** A file as a history entry records it. */
/** An official document a decision issued: its number, its PDF's digest, its verification code. */
export interface IssuedDocumentRef {
  id: string;
  kind: string;
  number: string;
  sha256: string;
  code: string;
}

export interface AttachmentRef {
  id: string;
  kind: string;
  name: string;
  sha256: string;
  size: number;
  mediaType: string;
}

/** One file of an instance's dossier (GET /instances/{id}/dossier). */
export interface AttachmentView {
  id: string;
  instanceId: string;
  kind: string;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  uploadedBy: { personId: string; name: string | null; role: string; unitId: string | null };
  uploadedAt: string;
  /** The history entry that brought it into the dossier; null while it waits for a decision. */
  seq: number | null;
  event: string | null;
}

export interface DossierKindView {
  id: string;
  label: Label;
  accepts: string[];
  maxBytes: number;
  canUpload: boolean;
  required: boolean;
  missing: boolean;
}

export interface DossierEventView {
  type: string;
  accepts: string[];
  requires: string[];
  atLeastOne: boolean;
}

export interface DossierView {
  instanceId: string;
  kinds: DossierKindView[];
  events: DossierEventView[];
  items: AttachmentView[];
}

export interface InboxQuery {
  workflowId?: string;
  state?: string;
  unitId?: string;
  dueBefore?: string;
  search?: string;
  cursor?: string;
  limit?: number;
}

export interface InboxPage {
  items: TaskView[];
  nextCursor: string | null;
  counts: { total: number; overdue: number; byWorkflow: Record<string, number> };
}

/** What a person sends to an instance (the engine's Command without the timer-only field). */
export interface DecisionCommand {
  type: string;
  payload?: unknown;
  comment?: string | null;
  acting?: ActingForm;
  /** Ids of the caller's uploads to this instance that the decision brings into the dossier. */
  attachments?: string[];
}

export interface BulkItem {
  instanceId: string;
  command: DecisionCommand;
  /** The revision the decision was taken on: the server requires it (428 without, 409 when stale). */
  expectedRevision: number;
}

export type BulkResult =
  | { instanceId: string; ok: true; instance: InstanceView }
  | { instanceId: string; ok: false; error: { code: string; message: string; details?: unknown } };

export interface ChangeEvent {
  instanceId: string;
  workflowId: string;
  state: string;
  revision: number;
  unitIds: string[];
  personIds: string[];
}

export interface StateDescription {
  path: string;
  label: Label;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  initial: string | null;
  transitions: { event: string; targets: string[]; guarded: boolean }[];
  children: StateDescription[];
}

/** A JSON Schema (draft 2020-12) as the server's zod schemas export it. */
export type JsonSchema = Record<string, unknown>;

export interface DefinitionEventView {
  type: string;
  label: Label;
  decision: boolean;
  irreversible: boolean;
  /** Delivered only by a durable timer, never by a person. */
  timer: boolean;
  /** What the action means, for its colour: accept positive, reject destructive, return neutral. */
  tone: 'positive' | 'destructive' | 'neutral';
  payload: JsonSchema;
}

export interface DefinitionView {
  id: string;
  version: number;
  versions: number[];
  title: Label;
  description: Label | null;
  input: JsonSchema;
  events: DefinitionEventView[];
  states: { path: string; label: Label }[];
  /** Labels of the summary's own fields (x-label, x-enumLabels), as a JSON Schema's properties. */
  summary?: JsonSchema;
  statechart: StateDescription[];
}

/** A workflow's statechart laid out by the server, in diagram units (16 to the em). */
export interface DiagramView {
  workflowId: string;
  version: number;
  locale: Locale;
  width: number;
  height: number;
  nodes: {
    path: string;
    type: 'atomic' | 'compound' | 'parallel' | 'final';
    depth: number;
    x: number;
    y: number;
    width: number;
    height: number;
    lines: string[];
  }[];
  edges: {
    id: string;
    from: string;
    to: string;
    events: string[];
    timer: boolean;
    points: { x: number; y: number }[];
    label: { x: number; y: number; width: number; height: number; lines: string[] } | null;
  }[];
}

/** Every refusal leaves the server in this one shape. */
export interface ErrorBody {
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface DevToken {
  token: string;
  expiresAt: string;
  personId: string;
  name: string;
}

import type { MachineInput } from '../../runtime.ts';
import type { WorkflowEvent } from '../../workflow-event.ts';
import type {
  BranchReviewInput,
  BranchReviewPayload,
  BranchReviewPolicy,
  ClassificationLevel,
  branchReviewEvents,
} from './schema.ts';

export interface Cadre {
  name: string;
  personId: string | null;
  position: 'secretary' | 'deputySecretary' | 'committeeMember';
  since: string;
}
export interface Meeting {
  heldOn: string;
  topic: string;
  attendees: number;
  minutesRef: string | null;
}
export interface JointMeeting {
  heldOn: string;
  location: string;
  branchCount: number;
  hostedByThisBranch: boolean;
  topic: string;
}
export interface Briefing {
  heldOn: string;
  notes: string;
}
export interface YouthProject {
  name: string;
  kind: 'project' | 'task';
  startedOn: string;
  description: string;
}
export interface Draft {
  proposedLevel: ClassificationLevel;
  selfAssessment: string;
  shortcomings: string | null;
  savedAt: string;
}
export interface BaseProposal {
  level: ClassificationLevel;
  meetingRecordNumber: string;
  meetingDate: string;
  appraisal: string;
  proposedAt: string;
}
export interface Result {
  level: ClassificationLevel;
  decidedAt: string;
  decisionNumber: string | null;
  /** The level the base proposed (or the earlier result), when the decision changed it. */
  adjustedFrom: ClassificationLevel | null;
  reason: string | null;
  onAppeal: boolean;
}
export interface Appeal {
  grounds: string;
  filedAt: string;
  outcome: 'upheld' | 'amended' | null;
  decision: string | null;
  decidedAt: string | null;
}
export type ReviewStage = 'submission' | 'baseReview' | 'upperReview' | 'appeal';

export interface BranchReviewContext {
  instanceId: string;
  policy: BranchReviewPolicy;
  year: number;
  branchId: string;
  /** The đoàn cơ sở directly above the branch; refreshed by whoever proposes the level. */
  baseId: string;
  openedAt: string;
  // The year's evidence: "3 có" and "2 giao, 1 liên kết".
  cadre: Cadre | null;
  meetings: Meeting[];
  jointMeetings: JointMeeting[];
  briefings: Briefing[];
  youthProjects: YouthProject[];
  /** "YYYY-MM" the month-end reminder watches: the first month still without a meeting logged. */
  reminderMonth: string;
  draft: Draft | null;
  submittedAt: string | null;
  submissions: number;
  /** The deadline passed: the base secretary may act for the branch. */
  escalated: boolean;
  /** Stages whose deadline or review time ran out, in order. */
  lateStages: ReviewStage[];
  lastReturn: { by: 'base' | 'upper'; comment: string; at: string } | null;
  baseProposal: BaseProposal | null;
  result: Result | null;
  appeals: Appeal[];
  /** v2: who decided the published level — the base, or the level above approving a top rating. */
  decidedBy?: 'base' | 'upper' | null;
  /** v2: the level above that approved (or not) a top rating: an appeal goes above it. */
  upperId?: string | null;
  /** v2: the base committee's decision waiting for the level above's approval. */
  pendingTop?: BaseProposal | null;
}

/** The first month the reminder watches: the opening month, kept within the review year. */
function firstWatchedMonth(year: number, localMonth: string): string {
  const january = `${year}-01`;
  return localMonth < january ? january : localMonth;
}

export function initialContext(
  input: MachineInput<BranchReviewInput, BranchReviewPolicy>,
  localMonth: string,
): BranchReviewContext {
  return {
    instanceId: input.instanceId,
    policy: input.policy,
    year: input.data.year,
    branchId: input.data.branchId,
    // A base officer who opens the review was authorised at the branch's real base.
    baseId: input.startedBy.unitId ?? input.data.baseId,
    openedAt: input.startedAt,
    cadre: null,
    meetings: [],
    jointMeetings: [],
    briefings: [],
    youthProjects: [],
    reminderMonth: firstWatchedMonth(input.data.year, localMonth),
    draft: null,
    submittedAt: null,
    submissions: 0,
    escalated: false,
    lateStages: [],
    lastReturn: null,
    baseProposal: null,
    result: null,
    appeals: [],
  };
}

type Payloads = typeof branchReviewEvents;
/** Every event the machine receives: a validated payload and the meta the runtime attaches. */
export type BranchReviewEvent = {
  [K in keyof Payloads]: WorkflowEvent<K, BranchReviewPayload<K>>;
}[keyof Payloads];

/** Version 2's starting context: v1's plus who decided. */
export const initialContextV2 = (
  input: MachineInput<BranchReviewInput, BranchReviewPolicy>,
  localMonth: string,
): BranchReviewContext => ({
  ...initialContext(input, localMonth),
  decidedBy: null,
  upperId: null,
  pendingTop: null,
});

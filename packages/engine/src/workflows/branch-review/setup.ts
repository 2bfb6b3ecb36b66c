import { and, assign, enqueueActions, setup } from 'xstate';
import { effectActions } from '../../effects.ts';
import type { MachineInput } from '../../runtime.ts';
import type { BranchReviewContext, BranchReviewEvent, ReviewStage } from './context.ts';
import { nextMonth, roundCountOf, threeHaves, withinCountedQuota } from './evidence.ts';
import { branchReviewGuards } from './guards.ts';
import type { BranchReviewInput, BranchReviewPolicy } from './schema.ts';
import {
  monthEndReminder,
  submissionTimerNames,
  submissionTimers,
  timerNames,
  watchesReviewYear,
} from './timers.ts';

/** When an action runs: the event's time, or the opening time for the first entry. */
const timeOf = (context: BranchReviewContext, event: { meta?: { at: string } }) =>
  event.meta?.at ?? context.openedAt;

/** Who hears about what, as roles at the instance's units. */
export const branchSecretary = { role: 'branchSecretary', of: 'branch' };
export const baseStanding = { role: 'baseStanding', of: 'branch', at: 'levelAbove' as const };
/** The standing committee directly above the base: it decides, and hears when the base is late. */
export const upperStanding = { role: 'upperStanding', of: 'base', at: 'levelAbove' as const };
/** The standing secretaries (Thường trực) of that level hear when its own committee is late. */
export const upperSecretaries = { role: 'standingSecretary', of: 'base', at: 'levelAbove' as const };

const late = (context: BranchReviewContext, stage: ReviewStage) => ({
  lateStages: [...context.lateStages, stage],
});

export const reviewTimer = (name: string, workingDays: number) => ({
  name,
  kind: 'escalation' as const,
  due: { workingDays },
  event: { type: 'REVIEW_OVERDUE' },
});

/**
 * What the branch review does (actions) and what it checks (guards); machine.ts draws the chart
 * with them.
 */
export const branchReviewSetup = setup({
  types: {
    context: {} as BranchReviewContext,
    events: {} as BranchReviewEvent,
    input: {} as MachineInput<BranchReviewInput, BranchReviewPolicy>,
  },
  actions: {
    ...effectActions,
    recordCadre: assign(({ event }) =>
      event.type === 'RECORD_CADRE'
        ? { cadre: { ...event.payload, personId: event.payload.personId ?? null } }
        : {},
    ),
    recordMeeting: assign(({ context, event }) =>
      event.type === 'LOG_MEETING'
        ? {
            meetings: [
              ...context.meetings,
              { ...event.payload, minutesRef: event.payload.minutesRef ?? null },
            ],
          }
        : {},
    ),
    recordJointMeeting: assign(({ context, event }) =>
      event.type === 'LOG_JOINT_MEETING' ? { jointMeetings: [...context.jointMeetings, event.payload] } : {},
    ),
    recordBriefing: assign(({ context, event }) =>
      event.type === 'LOG_BRIEFING' ? { briefings: [...context.briefings, event.payload] } : {},
    ),
    recordYouthProject: assign(({ context, event }) =>
      event.type === 'LOG_YOUTH_PROJECT' ? { youthProjects: [...context.youthProjects, event.payload] } : {},
    ),
    /** Moves the watch on; past December there is nothing left to watch. */
    watchNextMonth: assign({
      reminderMonth: ({ context }) =>
        watchesReviewYear(context) ? nextMonth(context.reminderMonth) : context.reminderMonth,
    }),
    /** Re-arms the month-end reminder on the watched month; after December there is none. */
    armMonthEndReminder: enqueueActions(({ context, enqueue }) => {
      if (watchesReviewYear(context)) {
        enqueue({ type: 'scheduleTimer', params: monthEndReminder(context.reminderMonth) });
      } else {
        enqueue({ type: 'cancelTimer', params: { name: timerNames.monthEnd } });
      }
    }),
    armYearRoundTimers: enqueueActions(({ context, event, enqueue }) => {
      if (watchesReviewYear(context)) {
        enqueue({ type: 'scheduleTimer', params: monthEndReminder(context.reminderMonth) });
      }
      for (const request of submissionTimers(context, timeOf(context, event as { meta?: { at: string } }))) {
        enqueue({ type: 'scheduleTimer', params: request });
      }
    }),
    cancelYearRoundTimers: enqueueActions(({ context, enqueue }) => {
      for (const name of submissionTimerNames(context)) enqueue({ type: 'cancelTimer', params: { name } });
    }),
    remindNoMeeting: enqueueActions(({ context, enqueue }) => {
      enqueue({
        type: 'notify',
        params: {
          message: 'branchReview.noMeetingThisMonth',
          to: branchSecretary,
          data: { month: context.reminderMonth },
        },
      });
    }),
    remindSubmission: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'SUBMISSION_REMINDER') return;
      enqueue({
        type: 'notify',
        params: {
          message: 'branchReview.submissionDue',
          to: branchSecretary,
          data: {
            daysBefore: event.payload.daysBefore,
            deadline: `${context.year}-${context.policy.submissionDeadline}`,
          },
        },
      });
    }),
    escalateSubmission: assign(({ context }) => ({ escalated: true, ...late(context, 'submission') })),
    markBaseReviewLate: assign(({ context }) => late(context, 'baseReview')),
    markUpperReviewLate: assign(({ context }) => late(context, 'upperReview')),
    markAppealLate: assign(({ context }) => late(context, 'appeal')),
    saveDraft: assign(({ event }) =>
      event.type === 'SAVE_DRAFT'
        ? {
            draft: {
              proposedLevel: event.payload.proposedLevel,
              selfAssessment: event.payload.selfAssessment,
              shortcomings: event.payload.shortcomings ?? null,
              savedAt: event.meta.at,
            },
          }
        : {},
    ),
    submit: assign(({ context, event }) => ({
      submittedAt: event.meta.at,
      submissions: context.submissions + 1,
    })),
    recordReturnToBranch: assign(({ event }) =>
      event.type === 'RETURN_TO_BRANCH'
        ? { lastReturn: { by: 'base' as const, comment: event.payload.comment, at: event.meta.at } }
        : {},
    ),
    recordReturnToBase: assign(({ event }) =>
      event.type === 'RETURN_TO_BASE'
        ? { lastReturn: { by: 'upper' as const, comment: event.payload.comment, at: event.meta.at } }
        : {},
    ),
    recordProposal: assign(({ event }) =>
      event.type === 'PROPOSE_LEVEL'
        ? {
            baseProposal: {
              level: event.payload.level,
              meetingRecordNumber: event.payload.meetingRecordNumber,
              meetingDate: event.payload.meetingDate,
              appraisal: event.payload.appraisal,
              proposedAt: event.meta.at,
            },
            // The committee that proposes is the branch's base today (after a merger, the successor).
            baseId: event.meta.actor.unitId!,
          }
        : {},
    ),
    approveProposal: assign(({ context, event }) =>
      event.type === 'APPROVE'
        ? {
            result: {
              level: context.baseProposal!.level,
              decidedAt: event.meta.at,
              decisionNumber: event.payload.decisionNumber ?? null,
              adjustedFrom: null,
              reason: null,
              onAppeal: false,
            },
          }
        : {},
    ),
    adjustLevel: assign(({ context, event }) =>
      event.type === 'ADJUST_LEVEL'
        ? {
            result: {
              level: event.payload.level,
              decidedAt: event.meta.at,
              decisionNumber: event.payload.decisionNumber ?? null,
              adjustedFrom: context.baseProposal!.level,
              reason: event.payload.reason,
              onAppeal: false,
            },
          }
        : {},
    ),
    /** v2: the base committee decides (signed TM./KT.), published at once. */
    decideLevel: assign(({ event }) =>
      event.type === 'DECIDE_LEVEL'
        ? {
            baseProposal: {
              level: event.payload.level,
              meetingRecordNumber: event.payload.meetingRecordNumber,
              meetingDate: event.payload.meetingDate,
              appraisal: event.payload.appraisal,
              proposedAt: event.meta.at,
            },
            result: {
              level: event.payload.level,
              decidedAt: event.meta.at,
              decisionNumber: event.payload.decisionNumber ?? null,
              adjustedFrom: null,
              reason: null,
              onAppeal: false,
            },
            decidedBy: 'base' as const,
            baseId: event.meta.actor.unitId!,
          }
        : {},
    ),
    /** v2: a top rating waits for the level above; the decision is kept, not yet published. */
    holdTopRating: assign(({ event }) =>
      event.type === 'DECIDE_LEVEL'
        ? {
            pendingTop: {
              level: event.payload.level,
              meetingRecordNumber: event.payload.meetingRecordNumber,
              meetingDate: event.payload.meetingDate,
              appraisal: event.payload.appraisal,
              proposedAt: event.meta.at,
            },
            baseProposal: {
              level: event.payload.level,
              meetingRecordNumber: event.payload.meetingRecordNumber,
              meetingDate: event.payload.meetingDate,
              appraisal: event.payload.appraisal,
              proposedAt: event.meta.at,
            },
            baseId: event.meta.actor.unitId!,
          }
        : {},
    ),
    approveTopRating: assign(({ event }) =>
      event.type === 'APPROVE_TOP_RATING'
        ? {
            result: {
              level: 'outstanding' as const,
              decidedAt: event.meta.at,
              decisionNumber: event.payload.decisionNumber ?? null,
              adjustedFrom: null,
              reason: null,
              onAppeal: false,
            },
            decidedBy: 'upper' as const,
            upperId: event.meta.actor.unitId,
            pendingTop: null,
          }
        : {},
    ),
    rejectTopRating: assign(({ event }) =>
      event.type === 'REJECT_TOP_RATING'
        ? {
            result: {
              level: event.payload.level,
              decidedAt: event.meta.at,
              decisionNumber: null,
              adjustedFrom: 'outstanding' as const,
              reason: event.payload.reason,
              onAppeal: false,
            },
            decidedBy: 'upper' as const,
            upperId: event.meta.actor.unitId,
            pendingTop: null,
          }
        : {},
    ),
    /** v2: the published result goes to the branch's record and to its open award nominations. */
    linkResult: enqueueActions(({ context, enqueue }) => {
      if (!context.result) return;
      const data = {
        level: context.result.level,
        decidedBy: context.decidedBy ?? 'base',
        decisionNumber: context.result.decisionNumber,
        baseId: context.baseId,
        onAppeal: context.result.onAppeal,
      };
      enqueue({
        type: 'emitLink',
        params: {
          kind: 'branchReview.result',
          key: String(context.year),
          to: { unit: 'branch' },
          data,
          deliver: [{ workflowId: 'award-nomination', event: 'REVIEW_RESULT_RECORDED' }],
        },
      });
      // The base's consolidated result, one fact per branch, in the base's own record.
      enqueue({
        type: 'emitLink',
        params: {
          kind: 'branchReview.branchResult',
          key: `${context.year}:${context.branchId}`,
          to: { unit: 'base' },
          data: { ...data, branchId: context.branchId, year: context.year },
        },
      });
    }),
    fileAppeal: assign(({ context, event }) =>
      event.type === 'APPEAL'
        ? {
            appeals: [
              ...context.appeals,
              {
                grounds: event.payload.grounds,
                filedAt: event.meta.at,
                outcome: null,
                decision: null,
                decidedAt: null,
              },
            ],
          }
        : {},
    ),
    upholdResult: assign(({ context, event }) =>
      event.type === 'UPHOLD_RESULT'
        ? {
            appeals: context.appeals.map((appeal, i) =>
              i === context.appeals.length - 1
                ? {
                    ...appeal,
                    outcome: 'upheld' as const,
                    decision: event.payload.comment,
                    decidedAt: event.meta.at,
                  }
                : appeal,
            ),
          }
        : {},
    ),
    amendResult: assign(({ context, event }) =>
      event.type === 'AMEND_RESULT'
        ? {
            result: {
              level: event.payload.level,
              decidedAt: event.meta.at,
              decisionNumber: null,
              adjustedFrom: context.result!.level,
              reason: event.payload.reason,
              onAppeal: true,
            },
            appeals: context.appeals.map((appeal, i) =>
              i === context.appeals.length - 1
                ? {
                    ...appeal,
                    outcome: 'amended' as const,
                    decision: event.payload.reason,
                    decidedAt: event.meta.at,
                  }
                : appeal,
            ),
          }
        : {},
    ),
    announceResult: enqueueActions(({ context, enqueue }) => {
      enqueue({
        type: 'notify',
        params: {
          message: 'branchReview.resultPublished',
          to: branchSecretary,
          data: { level: context.result!.level },
        },
      });
    }),
  },
  guards: {
    ...branchReviewGuards,
    meetingCoversWatchedMonth: and(['evidenceDatedInReviewYear', 'meetingInWatchedMonth']),
    /** v2: "3 có" is a gate only where the policy makes it one. */
    threeHavesGateOpen: ({ context }) =>
      !(context.policy as { threeHavesGate?: boolean }).threeHavesGate ||
      threeHaves(context).met ||
      context.draft?.proposedLevel === 'notCompleted',
    /** v2: the decided level within the top-rating quota, as the server counted the round. */
    decisionWithinCountedQuota: ({ context, event }) =>
      event.type === 'DECIDE_LEVEL' &&
      withinCountedQuota(context.policy, event.payload.level, roundCountOf(event.meta.facts)),
    amendmentWithinCountedQuota: ({ context, event }) =>
      event.type === 'AMEND_RESULT' &&
      event.payload.level !== context.result?.level &&
      withinCountedQuota(context.policy, event.payload.level, roundCountOf(event.meta.facts)),
    /** v2: a top rating the level above must approve first. */
    topRatingNeedsUpperApproval: ({ context, event }) =>
      event.type === 'DECIDE_LEVEL' &&
      event.payload.level === 'outstanding' &&
      (context.policy as { upperApprovesTopRating?: boolean }).upperApprovesTopRating === true,
    adjustmentWithinQuota: and(['changesProposedLevel', 'levelWithinQuota']),
    amendmentWithinQuota: and(['changesPublishedLevel', 'levelWithinQuota']),
  },
});

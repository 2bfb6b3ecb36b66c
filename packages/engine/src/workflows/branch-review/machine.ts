import { and } from 'xstate';
import { localDate } from '../../calendar/calendar.ts';
import { initialContext, initialContextV2 } from './context.ts';
import {
  baseStanding,
  branchReviewSetup,
  branchSecretary,
  reviewTimer,
  upperSecretaries,
  upperStanding,
} from './setup.ts';
import { timerNames } from './timers.ts';

/**
 * The branch review of one residential branch for one year: the year-round evidence log and
 * self-assessment, then — v1 — appraisal by the base and decision by the level above, or — v2 —
 * decision by the base's standing committee (the level above approving only top ratings where the
 * policy says so); publication and appeal.
 */
const branchReviewChart = (version: 1 | 2) =>
  branchReviewSetup.createMachine({
    id: 'branchReview',
    context: ({ input }) =>
      (version === 1 ? initialContext : initialContextV2)(input, localDate(input.startedAt).slice(0, 7)),
    initial: 'yearRound',
    states: {
      // The year's evidence log; the branch drafts its self-assessment while it keeps logging.
      yearRound: {
        entry: 'armYearRoundTimers',
        exit: 'cancelYearRoundTimers',
        initial: 'evidenceLog',
        on: {
          RECORD_CADRE: { guard: 'cadreNotDatedInFuture', actions: 'recordCadre' },
          LOG_MEETING: [
            {
              guard: 'meetingCoversWatchedMonth',
              actions: ['recordMeeting', 'watchNextMonth', 'armMonthEndReminder'],
            },
            { guard: 'evidenceDatedInReviewYear', actions: 'recordMeeting' },
          ],
          LOG_JOINT_MEETING: [
            {
              guard: 'meetingCoversWatchedMonth',
              actions: ['recordJointMeeting', 'watchNextMonth', 'armMonthEndReminder'],
            },
            { guard: 'evidenceDatedInReviewYear', actions: 'recordJointMeeting' },
          ],
          LOG_BRIEFING: { guard: 'evidenceDatedInReviewYear', actions: 'recordBriefing' },
          LOG_YOUTH_PROJECT: { guard: 'evidenceDatedInReviewYear', actions: 'recordYouthProject' },
          SAVE_DRAFT: { target: '.drafting', actions: 'saveDraft' },
          MONTH_END_CHECK: { actions: ['remindNoMeeting', 'watchNextMonth', 'armMonthEndReminder'] },
          SUBMISSION_REMINDER: { actions: 'remindSubmission' },
          SUBMISSION_OVERDUE: {
            actions: [
              'escalateSubmission',
              {
                type: 'notify',
                params: {
                  message: 'branchReview.submissionOverdue',
                  to: { role: 'baseSecretary', of: 'branch', at: 'levelAbove' },
                },
              },
            ],
          },
        },
        states: {
          evidenceLog: {},
          drafting: {
            on: {
              SUBMIT:
                version === 1
                  ? [
                      { guard: 'threeHavesEvidenced', target: '#branchReview.baseReview', actions: 'submit' },
                      {
                        guard: 'selfRatedNotCompleted',
                        target: '#branchReview.baseReview',
                        actions: 'submit',
                      },
                    ]
                  : { guard: 'threeHavesGateOpen', target: '#branchReview.baseReview', actions: 'submit' },
            },
          },
        },
      },
      // Thẩm định: the base standing committee appraises and proposes, with its meeting record.
      baseReview: {
        entry: {
          type: 'scheduleTimer',
          params: ({ context }) => reviewTimer(timerNames.baseReview, context.policy.reviewWorkingDays),
        },
        exit: { type: 'cancelTimer', params: { name: timerNames.baseReview } },
        on: {
          RETURN_TO_BRANCH: {
            target: 'yearRound.drafting',
            actions: [
              'recordReturnToBranch',
              { type: 'notify', params: { message: 'branchReview.returnedToBranch', to: branchSecretary } },
            ],
          },
          ...(version === 1
            ? {
                PROPOSE_LEVEL: {
                  guard: 'meetingRecordDatedSinceSubmission',
                  target: 'upperReview',
                  actions: 'recordProposal',
                },
              }
            : {
                DECIDE_LEVEL: [
                  {
                    guard: and([
                      'meetingRecordDatedSinceSubmission',
                      'decisionWithinCountedQuota',
                      'topRatingNeedsUpperApproval',
                    ]),
                    target: 'upperApproval',
                    actions: 'holdTopRating',
                  },
                  {
                    guard: and(['meetingRecordDatedSinceSubmission', 'decisionWithinCountedQuota']),
                    target: 'published',
                    actions: 'decideLevel',
                  },
                ],
              }),
          REVIEW_OVERDUE: {
            actions: [
              'markBaseReviewLate',
              { type: 'notify', params: { message: 'branchReview.baseReviewOverdue', to: upperStanding } },
            ],
          },
        },
      },
      ...(version === 1
        ? {
            // Xét duyệt: the level directly above the base decides.
            upperReview: {
              entry: {
                type: 'scheduleTimer',
                params: ({ context }) =>
                  reviewTimer(timerNames.upperReview, context.policy.reviewWorkingDays),
              },
              exit: { type: 'cancelTimer', params: { name: timerNames.upperReview } },
              on: {
                APPROVE: { guard: 'proposalWithinQuota', target: 'published', actions: 'approveProposal' },
                ADJUST_LEVEL: { guard: 'adjustmentWithinQuota', target: 'published', actions: 'adjustLevel' },
                RETURN_TO_BASE: {
                  target: 'baseReview',
                  actions: [
                    'recordReturnToBase',
                    { type: 'notify', params: { message: 'branchReview.returnedToBase', to: baseStanding } },
                  ],
                },
                REVIEW_OVERDUE: {
                  actions: [
                    'markUpperReviewLate',
                    {
                      type: 'notify',
                      params: { message: 'branchReview.upperReviewOverdue', to: upperSecretaries },
                    },
                  ],
                },
              },
            },
          }
        : {
            // v2: the level above approves a top rating the base decided, or publishes a lower one.
            upperApproval: {
              entry: {
                type: 'scheduleTimer',
                params: ({ context }) =>
                  reviewTimer(timerNames.upperReview, context.policy.reviewWorkingDays),
              },
              exit: { type: 'cancelTimer', params: { name: timerNames.upperReview } },
              on: {
                APPROVE_TOP_RATING: { target: 'published', actions: 'approveTopRating' },
                REJECT_TOP_RATING: { target: 'published', actions: 'rejectTopRating' },
                REVIEW_OVERDUE: {
                  actions: [
                    'markUpperReviewLate',
                    {
                      type: 'notify',
                      params: { message: 'branchReview.upperReviewOverdue', to: upperSecretaries },
                    },
                  ],
                },
              },
            },
          }),
      published: {
        entry: [
          'announceResult',
          ...(version === 2 ? ['linkResult' as const] : []),
          {
            type: 'scheduleTimer',
            params: ({ context }) => ({
              name: timerNames.appealWindow,
              kind: 'deadline' as const,
              due: { workingDays: context.policy.appealWorkingDays },
              event: { type: 'APPEAL_WINDOW_CLOSED' },
            }),
          },
        ],
        exit: { type: 'cancelTimer', params: { name: timerNames.appealWindow } },
        on: {
          APPEAL: { guard: 'appealsLeft', target: 'appeal', actions: 'fileAppeal' },
          APPEAL_WINDOW_CLOSED: 'closed',
        },
      },
      appeal: {
        entry: {
          type: 'scheduleTimer',
          params: ({ context }) =>
            reviewTimer(timerNames.appealDecision, context.policy.appealDecisionWorkingDays),
        },
        exit: { type: 'cancelTimer', params: { name: timerNames.appealDecision } },
        on: {
          UPHOLD_RESULT: { target: 'published', actions: 'upholdResult' },
          AMEND_RESULT: {
            guard: version === 1 ? 'amendmentWithinQuota' : 'amendmentWithinCountedQuota',
            target: 'published',
            actions: 'amendResult',
          },
          REVIEW_OVERDUE: {
            actions: [
              'markAppealLate',
              { type: 'notify', params: { message: 'branchReview.appealOverdue', to: upperSecretaries } },
            ],
          },
        },
      },
      closed: { type: 'final' },
    },
  });

export const branchReviewMachine = branchReviewChart(1);
export const branchReviewMachineV2 = branchReviewChart(2);

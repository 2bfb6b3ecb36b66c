import { and, setup } from 'xstate';
import { effectActions } from '../../../effects.ts';
import type { MachineInput } from '../../../runtime.ts';
import { fieldVisitActions } from '../actions.ts';
import { activeTrip, initialContext, type FieldVisitEvent } from '../context.ts';
import { fieldVisitGuards } from '../guards.ts';
import {
  notices,
  planEscalationTimer,
  planReminderTimer,
  quarterStartTimer,
  reportDueTimer,
  yearEndTimer,
} from '../requests.ts';
import type { FieldVisitInput } from '../schema.ts';
import {
  creditLink,
  fieldVisitActionsV2,
  fieldVisitGuardsV2,
  yearResultLink,
  type FieldVisitContextV2,
  type FieldVisitEventV2Only,
} from './rules.ts';
import type { FieldVisitPolicyV2 } from './schema.ts';

/*
 * v2 of the chart (issue 11). As in v1, one trip is active at a time (see ../machine.ts for why),
 * but the cadre may take any planned trip of the quarter next (CHOOSE_NEXT_TRIP), an unplanned trip
 * is registered after the fact and approved at the year level, "đi trước" is owed only for the
 * contents the policy names, and each credited trip and the year's result go to the cadre's record.
 */
const ID = '#fieldVisit';
const TRIP = `${ID}.year.quarter.trip`;

/** After a trip ends (reviewed, declined or cancelled): the next trip, next quarter, or the year's result. */
const afterTrip = <A>(closing: readonly A[]) => [
  {
    guard: 'anotherTripThisQuarter' as const,
    target: `${TRIP}.scheduled`,
    // Re-entered even from `scheduled` itself, so the next trip's host is notified.
    reenter: true,
    actions: [...closing, 'activateNextTrip' as const],
  },
  {
    guard: 'anotherQuarterThisYear' as const,
    target: `${ID}.year.awaitingQuarter`,
    actions: [...closing, 'advanceQuarter' as const],
  },
  { guard: 'quotaMetAfterTrip' as const, target: `${ID}.compliant`, actions: [...closing] },
  { target: `${ID}.shortfall`, actions: [...closing] },
];

/** Credited days and quality of the trip just reviewed, for the cadre's year-end review. */
const emitCredit = {
  type: 'emitLink' as const,
  params: ({ context }: { context: FieldVisitContextV2 }) =>
    creditLink(context, activeTrip(context as never)!),
};
const emitYearResult = (outcome: 'compliant' | 'shortfall' | 'exempted') => ({
  type: 'emitLink' as const,
  params: ({ context }: { context: FieldVisitContextV2 }) => yearResultLink(context, outcome),
});

const notify = (params: (typeof notices)[keyof typeof notices]) => ({ type: 'notify' as const, params });

// v1's actions and guards are typed for v1's events; v2's events only add to them.
const sharedActions = fieldVisitActions as unknown as Record<keyof typeof fieldVisitActions, never>;
const sharedGuards = fieldVisitGuards as unknown as Record<keyof typeof fieldVisitGuards, () => boolean>;

export const fieldVisitMachineV2 = setup({
  types: {
    context: {} as FieldVisitContextV2,
    events: {} as FieldVisitEvent | FieldVisitEventV2Only,
    input: {} as MachineInput<FieldVisitInput, FieldVisitPolicyV2>,
  },
  actions: {
    ...effectActions,
    ...sharedActions,
    ...(fieldVisitActionsV2 as unknown as Record<keyof typeof fieldVisitActionsV2, never>),
  },
  guards: {
    ...sharedGuards,
    ...(fieldVisitGuardsV2 as unknown as Record<keyof typeof fieldVisitGuardsV2, () => boolean>),
  },
}).createMachine({
  id: 'fieldVisit',
  context: initialContext as never,
  initial: 'year',
  states: {
    year: {
      entry: { type: 'scheduleTimer', params: yearEndTimer },
      exit: { type: 'cancelTimer', params: { name: 'yearEnd' } },
      on: {
        // The year closes with whatever was credited: trips still open count for nothing.
        YEAR_ENDED: [
          { guard: 'quotaMet', target: 'compliant', actions: 'closeOpenTrips' },
          { target: 'shortfall', actions: 'closeOpenTrips' },
        ],
        REQUEST_EXEMPTION: { guard: 'noExemptionPending', actions: 'recordExemptionRequest' },
        GRANT_EXEMPTION: {
          guard: 'exemptionPeriodQualifies',
          target: 'exempted',
          actions: ['recordExemption', 'closeOpenTrips'],
        },
        REFUSE_EXEMPTION: { actions: 'recordExemptionRefusal' },
        // "Đi công tác đột xuất": registered after the fact, credited once the head approves it.
        REGISTER_UNPLANNED_TRIP: { guard: 'unplannedTripDone', actions: 'recordUnplannedTrip' },
        APPROVE_UNPLANNED_TRIP: {
          guard: 'unplannedTripPending',
          actions: [
            'approveUnplannedTrip',
            {
              type: 'emitLink',
              params: ({ context, event }) =>
                creditLink(
                  context,
                  context.trips[(event as { payload: { tripId: string } }).payload.tripId]!,
                ),
            },
          ],
        },
        REFUSE_UNPLANNED_TRIP: { guard: 'unplannedTripPending', actions: 'refuseUnplannedTrip' },
      },
      initial: 'quarter',
      states: {
        awaitingQuarter: {
          entry: { type: 'scheduleTimer', params: quarterStartTimer },
          exit: { type: 'cancelTimer', params: { name: 'quarterStart' } },
          on: { QUARTER_OPENED: { target: 'quarter', actions: notify(notices.planningOpen) } },
        },
        quarter: {
          initial: 'planning',
          states: {
            planning: {
              entry: [
                { type: 'scheduleTimer', params: planReminderTimer },
                { type: 'scheduleTimer', params: planEscalationTimer },
              ],
              exit: [
                { type: 'cancelTimer', params: { name: 'planReminder' } },
                { type: 'cancelTimer', params: { name: 'planEscalation' } },
              ],
              on: {
                SUBMIT_PLAN: { guard: 'planFitsQuarter', target: 'headReview', actions: 'recordPlan' },
                PLAN_REMINDER: { actions: notify(notices.planReminder) },
                PLAN_OVERDUE: { actions: ['markPlanLate', notify(notices.planOverdue)] },
              },
            },
            headReview: {
              on: {
                APPROVE_PLAN: { target: 'standingApproval', actions: 'recordPlanApproval' },
                RETURN_PLAN: { target: 'planning', actions: 'recordPlanReturn' },
              },
            },
            standingApproval: {
              on: {
                ISSUE_TRAVEL_ORDER: {
                  guard: 'travelOrderDatedSincePlan',
                  target: 'trip',
                  actions: ['issueTravelOrder', 'signTravelOrder'],
                },
                RETURN_PLAN: { target: 'planning', actions: 'recordPlanReturn' },
              },
            },
            trip: {
              initial: 'scheduled',
              states: {
                scheduled: {
                  entry: notify(notices.confirmVisit),
                  on: {
                    // Any planned trip of the quarter may come next, not only the earliest.
                    CHOOSE_NEXT_TRIP: {
                      guard: 'choosesPlannedTrip',
                      target: `${TRIP}.scheduled`,
                      reenter: true,
                      actions: 'chooseTrip',
                    },
                    HOST_CONFIRM: { target: 'hostConfirmed', actions: 'recordHostConfirmation' },
                    HOST_DECLINE: afterTrip(['closeUndoneTrip' as const, notify(notices.hostDeclined)]),
                    CANCEL_TRIP: afterTrip(['closeUndoneTrip' as const]),
                  },
                },
                hostConfirmed: {
                  on: {
                    // A survey or a meeting needs no "đi trước": the cadre goes straight on site.
                    START_VISIT: {
                      guard: and(['preparationNotRequired', 'arrivalWithoutPreparation']),
                      target: 'onSite',
                      actions: 'recordArrival',
                    },
                    LOG_PREPARATION: {
                      guard: 'preparationBetweenOrderAndActivity',
                      target: 'preparing',
                      actions: 'recordPreparation',
                    },
                    CANCEL_TRIP: afterTrip(['closeUndoneTrip' as const]),
                  },
                },
                // "Đi trước": the unit prepares its activity with the cadre's help; more visits may follow.
                preparing: {
                  on: {
                    LOG_PREPARATION: {
                      guard: 'preparationBetweenOrderAndActivity',
                      actions: 'recordPreparation',
                    },
                    START_VISIT: {
                      guard: 'arrivalAfterPreparation',
                      target: 'onSite',
                      actions: 'recordArrival',
                    },
                    CANCEL_TRIP: afterTrip(['closeUndoneTrip' as const]),
                  },
                },
                onSite: {
                  on: {
                    END_VISIT: {
                      guard: 'lastDayAfterArrival',
                      target: 'reporting',
                      actions: 'recordLastDay',
                    },
                  },
                },
                // "Về sau": evaluate with the host, then report by the deadline.
                reporting: {
                  entry: { type: 'scheduleTimer', params: reportDueTimer },
                  exit: { type: 'cancelTimer', params: { name: 'reportDue' } },
                  on: {
                    SUBMIT_REPORT: {
                      guard: 'evaluationAfterActivity',
                      target: 'reportReview',
                      actions: 'recordReport',
                    },
                    REPORT_OVERDUE: [
                      {
                        guard: 'reportNeverSubmitted',
                        actions: [
                          'markReportLate',
                          notify(notices.reportOverdueToCadre),
                          notify(notices.reportOverdueToHead),
                        ],
                      },
                      // A returned report past the deadline: remind; the first version was on time.
                      { actions: notify(notices.revisedReportDue) },
                    ],
                  },
                },
                reportReview: {
                  on: {
                    ACCEPT_REPORT: afterTrip(['creditTrip' as const, emitCredit]),
                    RETURN_REPORT: { target: 'reporting', actions: 'recordReportReturn' },
                  },
                },
              },
            },
          },
        },
      },
    },
    compliant: { type: 'final', entry: emitYearResult('compliant') },
    shortfall: { type: 'final', entry: emitYearResult('shortfall') },
    exempted: { type: 'final', entry: emitYearResult('exempted') },
  },
});

import { setup } from 'xstate';
import { effectActions } from '../../effects.ts';
import type { MachineInput } from '../../runtime.ts';
import { fieldVisitActions } from './actions.ts';
import { initialContext, type FieldVisitContext, type FieldVisitEvent } from './context.ts';
import { fieldVisitGuards } from './guards.ts';
import {
  notices,
  planEscalationTimer,
  planReminderTimer,
  quarterStartTimer,
  reportDueTimer,
  yearEndTimer,
} from './requests.ts';
import type { FieldVisitInput, FieldVisitPolicy } from './schema.ts';

/*
 * Why one active trip at a time, not a state per trip: the engine checks a host's permission
 * against `units(context)`, which names one host unit, and never against the event's payload; with
 * several trips open at once, the host of one trip could act on another. XState cannot grow a
 * parallel region per trip from data either, so per-trip states would be untestable by the graph
 * explorer. Trips of one cadre follow each other anyway (one person is at one unit at a time): the
 * chart runs the quarter's trips in date order, `trip.*` is the phase of `activeTripId`, and every
 * trip's record (past ones included) lives in `context.trips`, keyed by id ("Q2-1").
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

const notify = (params: (typeof notices)[keyof typeof notices]) => ({ type: 'notify' as const, params });

export const fieldVisitMachine = setup({
  types: {
    context: {} as FieldVisitContext,
    events: {} as FieldVisitEvent,
    input: {} as MachineInput<FieldVisitInput, FieldVisitPolicy>,
  },
  actions: { ...effectActions, ...fieldVisitActions },
  guards: fieldVisitGuards,
}).createMachine({
  id: 'fieldVisit',
  context: initialContext,
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
                  actions: 'issueTravelOrder',
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
                    HOST_CONFIRM: { target: 'hostConfirmed', actions: 'recordHostConfirmation' },
                    HOST_DECLINE: afterTrip(['closeUndoneTrip' as const, notify(notices.hostDeclined)]),
                    CANCEL_TRIP: afterTrip(['closeUndoneTrip' as const]),
                  },
                },
                hostConfirmed: {
                  on: {
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
                    ACCEPT_REPORT: afterTrip(['creditTrip' as const]),
                    RETURN_REPORT: { target: 'reporting', actions: 'recordReportReturn' },
                  },
                },
              },
            },
          },
        },
      },
    },
    compliant: { type: 'final' },
    shortfall: { type: 'final' },
    exempted: { type: 'final' },
  },
});

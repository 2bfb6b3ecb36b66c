import { effectActions, type MachineInput, type WorkflowEvent } from '@doanflow/engine';
import { assign, setup } from 'xstate';
import type {
  RegistrationInput,
  RegistrationPayload,
  RegistrationPolicy,
  registrationEvents,
} from './schema.ts';

type Events = {
  [K in keyof typeof registrationEvents]: WorkflowEvent<K, RegistrationPayload<K>>;
}[keyof typeof registrationEvents];

export interface RegistrationContext {
  policy: RegistrationPolicy;
  course: Pick<
    RegistrationInput,
    'courseId' | 'courseTitle' | 'organiserId' | 'seats' | 'registrationDeadline' | 'startsOn'
  >;
  participantId: string;
  branchId: string;
  position: RegistrationInput['position'];
  note: string | null;
  seatNumber: number | null;
  certificateNumber: string | null;
  lastReason: string | null;
}

/** 23:59:59 in Vietnam (UTC+7) on a date: registration stays open the whole deadline day. */
const endOfDayInVietnam = (date: string) => `${date}T16:59:59.000Z`;
/** A date some days earlier, at 08:00 in Vietnam (pure arithmetic: no clock is read). */
const morningDaysBefore = (date: string, days: number) =>
  new Date(Date.parse(`${date}T01:00:00.000Z`) - days * 86_400_000).toISOString();

export const registrationMachine = setup({
  types: {
    context: {} as RegistrationContext,
    events: {} as Events,
    input: {} as MachineInput<RegistrationInput, RegistrationPolicy>,
  },
  actions: {
    ...effectActions,
    recordReason: assign({
      lastReason: ({ event }) => ('reason' in event.payload ? event.payload.reason : null),
    }),
  },
  guards: {
    /** The secretariat seats someone only on a seat the course has. */
    seatExists: ({ context, event }) =>
      event.type === 'CONFIRM_SEAT' && event.payload.seatNumber <= context.course.seats,
  },
}).createMachine({
  id: 'trainingRegistration',
  context: ({ input }) => ({
    policy: input.policy,
    course: {
      courseId: input.data.courseId,
      courseTitle: input.data.courseTitle,
      organiserId: input.data.organiserId,
      seats: input.data.seats,
      registrationDeadline: input.data.registrationDeadline,
      startsOn: input.data.startsOn,
    },
    participantId: input.data.participantId,
    branchId: input.data.branchId,
    position: input.data.position,
    note: input.data.note ?? null,
    seatNumber: null,
    certificateNumber: null,
    lastReason: null,
  }),
  initial: 'registration',
  states: {
    // The deadline timers live as long as the registration is undecided; leaving cancels them.
    registration: {
      initial: 'baseEndorsement',
      entry: [
        {
          type: 'scheduleTimer',
          params: ({ context }) => ({
            name: 'registrationDeadline',
            kind: 'deadline' as const,
            due: { at: endOfDayInVietnam(context.course.registrationDeadline) },
            event: { type: 'REGISTRATION_CLOSED' },
          }),
        },
        {
          type: 'scheduleTimer',
          params: ({ context }) => ({
            name: 'deadlineReminder',
            kind: 'reminder' as const,
            due: {
              at: morningDaysBefore(context.course.registrationDeadline, context.policy.reminderDaysBefore),
            },
            event: { type: 'REGISTRATION_REMINDER' },
          }),
        },
      ],
      exit: [
        { type: 'cancelTimer', params: { name: 'registrationDeadline' } },
        { type: 'cancelTimer', params: { name: 'deadlineReminder' } },
      ],
      on: {
        WITHDRAW: 'withdrawn',
        REGISTRATION_CLOSED: 'lapsed',
      },
      states: {
        baseEndorsement: {
          on: {
            ENDORSE: 'secretariatConfirmation',
            DECLINE: { target: '#trainingRegistration.declined', actions: 'recordReason' },
            REGISTRATION_REMINDER: {
              actions: {
                type: 'notify',
                params: {
                  message: 'training.endorsementDue',
                  to: { role: 'baseStanding', of: 'branch', at: 'levelAbove' as const },
                },
              },
            },
          },
        },
        secretariatConfirmation: {
          on: {
            CONFIRM_SEAT: {
              guard: 'seatExists',
              target: '#trainingRegistration.confirmed',
              actions: assign({
                seatNumber: ({ event }) => event.payload.seatNumber,
              }),
            },
            WAITLIST: 'waitlisted',
            REFUSE: { target: '#trainingRegistration.declined', actions: 'recordReason' },
          },
        },
        waitlisted: {
          on: {
            CONFIRM_SEAT: {
              guard: 'seatExists',
              target: '#trainingRegistration.confirmed',
              actions: assign({ seatNumber: ({ event }) => event.payload.seatNumber }),
            },
            REFUSE: { target: '#trainingRegistration.declined', actions: 'recordReason' },
          },
        },
      },
    },
    confirmed: {
      on: {
        RECORD_ATTENDANCE: 'attended',
        MARK_ABSENT: { target: 'absent', actions: 'recordReason' },
        WITHDRAW: 'withdrawn',
      },
    },
    attended: {
      on: {
        CERTIFY: {
          target: 'certified',
          actions: assign({ certificateNumber: ({ event }) => event.payload.certificateNumber }),
        },
      },
    },
    certified: { type: 'final' },
    absent: { type: 'final' },
    declined: { type: 'final' },
    withdrawn: { type: 'final' },
    lapsed: { type: 'final' },
  },
});

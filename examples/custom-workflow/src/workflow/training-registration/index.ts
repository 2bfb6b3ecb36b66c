import { defineWorkflow, toneOf, type EventSpec } from '@doanflow/engine';
import {
  registrationDescription,
  registrationEventLabels,
  registrationStateLabels,
  registrationTitle,
} from './labels.ts';
import { registrationMachine } from './machine.ts';
import { registrationPermissions, registrationStart } from './permissions.ts';
import { registrationEvents, registrationInput, registrationPolicy } from './schema.ts';

/** Decisions fall under the conflict-of-interest rule: nobody endorses or seats themself. */
const decisions = new Set(['ENDORSE', 'DECLINE', 'CONFIRM_SEAT', 'WAITLIST', 'REFUSE', 'CERTIFY']);
/** Portals ask for confirmation before these. */
const irreversible = new Set(['DECLINE', 'REFUSE', 'MARK_ABSENT', 'CERTIFY', 'WITHDRAW']);
/** Their buttons' colour: moving the registration on, or ending it against the applicant. */
const positive = new Set(['ENDORSE', 'CONFIRM_SEAT', 'RECORD_ATTENDANCE', 'CERTIFY']);
const destructive = new Set(['DECLINE', 'REFUSE', 'WITHDRAW']);
/** Delivered by durable timers only. */
const timers = new Set(['REGISTRATION_REMINDER', 'REGISTRATION_CLOSED']);

const events: Record<string, EventSpec> = Object.fromEntries(
  Object.entries(registrationEvents).map(([type, payload]) => [
    type,
    {
      payload,
      label: registrationEventLabels[type]!,
      decision: decisions.has(type),
      irreversible: irreversible.has(type),
      timer: timers.has(type),
      optional: type === 'WITHDRAW',
      tone: toneOf(type, positive, destructive),
    },
  ]),
);

export const trainingRegistration = defineWorkflow({
  id: 'training-registration',
  version: 1,
  title: registrationTitle,
  description: registrationDescription,
  machine: registrationMachine,
  input: registrationInput,
  policy: registrationPolicy,
  events,
  states: registrationStateLabels,
  permissions: registrationPermissions,
  start: registrationStart,
  units: (context) => ({ branch: context.branchId, organiser: context.course.organiserId }),
  subject: (context) => ({ personId: context.participantId }),
  summary: (context) => ({
    courseId: context.course.courseId,
    courseTitle: context.course.courseTitle,
    registrationDeadline: context.course.registrationDeadline,
    startsOn: context.course.startsOn,
    participantId: context.participantId,
    branchId: context.branchId,
    position: context.position,
    seatNumber: context.seatNumber,
    certificateNumber: context.certificateNumber,
  }),
});

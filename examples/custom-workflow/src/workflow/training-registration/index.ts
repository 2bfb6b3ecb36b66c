import { defineWorkflow, eventTable } from '@doanflow/engine';
import {
  registrationDescription,
  registrationEventLabels,
  registrationRoles,
  registrationStateLabels,
  registrationTitle,
} from './labels.ts';
import { registrationMachine } from './machine.ts';
import { registrationPermissions, registrationStart } from './permissions.ts';
import { registrationEvents, registrationInput, registrationPolicy } from './schema.ts';

/**
 * How each event behaves: decisions fall under the conflict-of-interest rule (nobody endorses or
 * seats themself), irreversible ones are confirmed first, timers are delivered by the server only,
 * optional ones are buttons and never inbox tasks, and the tone colours the button.
 */
const events = eventTable(registrationEvents, registrationEventLabels, {
  decisions: ['ENDORSE', 'DECLINE', 'CONFIRM_SEAT', 'WAITLIST', 'REFUSE', 'CERTIFY'],
  irreversible: ['DECLINE', 'REFUSE', 'MARK_ABSENT', 'CERTIFY', 'WITHDRAW'],
  timers: ['REGISTRATION_REMINDER', 'REGISTRATION_CLOSED'],
  optional: ['WITHDRAW'],
  positive: ['ENDORSE', 'CONFIRM_SEAT', 'RECORD_ATTENDANCE', 'CERTIFY'],
  destructive: ['DECLINE', 'REFUSE', 'WITHDRAW'],
});

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
  roles: registrationRoles,
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

import { labelled } from '@doanflow/engine';
import { z } from 'zod';

export const positions = ['secretary', 'deputySecretary'] as const;

const date = z.iso.date();

/** What the branch secretary fills in to register for a course (a course is one of the organiser's). */
export const registrationInput = z
  .object({
    courseId: labelled(z.string().trim().min(1).max(50), { vi: 'Mã lớp', en: 'Course code' }),
    courseTitle: labelled(z.string().trim().min(1).max(300), { vi: 'Tên lớp tập huấn', en: 'Course' }),
    /** The unit running the course (its secretariat keeps the roster). */
    organiserId: labelled(z.string().min(1), { vi: 'Đơn vị tổ chức', en: 'Organising unit' }),
    seats: labelled(z.number().int().min(1).max(1000), { vi: 'Số chỗ của lớp', en: 'Seats' }),
    registrationDeadline: labelled(date, { vi: 'Hạn đăng ký', en: 'Registration deadline' }),
    startsOn: labelled(date, { vi: 'Ngày khai giảng', en: 'Course starts' }),
    participantId: labelled(z.string().min(1), { vi: 'Học viên', en: 'Participant' }),
    branchId: labelled(z.string().min(1), { vi: 'Chi đoàn', en: 'Branch' }),
    position: labelled(
      z.enum(positions),
      { vi: 'Chức vụ', en: 'Position' },
      {
        secretary: { vi: 'Bí thư chi đoàn', en: 'Branch secretary' },
        deputySecretary: { vi: 'Phó Bí thư chi đoàn', en: 'Deputy branch secretary' },
      },
    ),
    note: labelled(z.string().trim().max(1000).optional(), { vi: 'Ghi chú', en: 'Note' }),
  })
  .refine((input) => input.registrationDeadline < input.startsOn, {
    message: 'registration closes before the course starts',
    path: ['registrationDeadline'],
  });

/** Deployment parameters, with defaults (DOMAIN.md: policy is data, never a constant in a machine). */
export const registrationPolicy = z.object({
  /** Days before the deadline when the base standing committee is reminded of an open endorsement. */
  reminderDaysBefore: z.number().int().min(0).max(30).default(2),
});

const empty = z.object({}).strict();
const reason = z.object({
  reason: labelled(z.string().trim().min(1).max(2000), { vi: 'Lý do', en: 'Reason' }),
});

export const registrationEvents = {
  ENDORSE: empty,
  DECLINE: reason,
  CONFIRM_SEAT: z.object({
    seatNumber: labelled(z.number().int().min(1), { vi: 'Số thứ tự chỗ', en: 'Seat number' }),
  }),
  WAITLIST: empty,
  REFUSE: reason,
  RECORD_ATTENDANCE: empty,
  MARK_ABSENT: reason,
  CERTIFY: z.object({
    certificateNumber: labelled(z.string().trim().min(1).max(50), {
      vi: 'Số giấy chứng nhận',
      en: 'Certificate number',
    }),
  }),
  WITHDRAW: empty,
  REGISTRATION_REMINDER: empty,
  REGISTRATION_CLOSED: empty,
};

export type RegistrationInput = z.infer<typeof registrationInput>;
export type RegistrationPolicy = z.infer<typeof registrationPolicy>;
export type RegistrationPayload<K extends keyof typeof registrationEvents> = z.infer<
  (typeof registrationEvents)[K]
>;

import type { Label } from '@doanflow/engine';

export const registrationTitle: Label = {
  vi: 'Đăng ký lớp tập huấn Bí thư chi đoàn',
  en: 'Training course registration',
};

export const registrationDescription: Label = {
  vi: 'Bí thư, Phó Bí thư chi đoàn đăng ký lớp tập huấn nghiệp vụ; Đoàn cơ sở giới thiệu, đơn vị tổ chức xếp chỗ, điểm danh và cấp giấy chứng nhận.',
  en: 'Branch secretaries and deputies register for a training course; the base endorses, the organiser seats, records attendance and certifies.',
};

export const registrationStateLabels: Record<string, Label> = {
  registration: { vi: 'Đang đăng ký', en: 'Registration open' },
  'registration.baseEndorsement': { vi: 'Đoàn cơ sở giới thiệu', en: 'Base endorsement' },
  'registration.secretariatConfirmation': { vi: 'Đơn vị tổ chức xếp chỗ', en: 'Seat confirmation' },
  'registration.waitlisted': { vi: 'Danh sách chờ', en: 'Waiting list' },
  confirmed: { vi: 'Đã có chỗ, chờ khai giảng', en: 'Seat confirmed' },
  attended: { vi: 'Đã tham dự', en: 'Attended' },
  certified: { vi: 'Đã cấp giấy chứng nhận', en: 'Certified' },
  absent: { vi: 'Vắng mặt', en: 'Absent' },
  declined: { vi: 'Không được giới thiệu / không nhận', en: 'Declined' },
  withdrawn: { vi: 'Đã rút đăng ký', en: 'Withdrawn' },
  lapsed: { vi: 'Hết hạn đăng ký', en: 'Registration closed' },
};

export const registrationEventLabels: Record<string, Label> = {
  ENDORSE: { vi: 'Giới thiệu đi học', en: 'Endorse' },
  DECLINE: { vi: 'Không giới thiệu', en: 'Decline' },
  CONFIRM_SEAT: { vi: 'Xếp chỗ', en: 'Confirm seat' },
  WAITLIST: { vi: 'Đưa vào danh sách chờ', en: 'Put on waiting list' },
  REFUSE: { vi: 'Không tiếp nhận', en: 'Refuse' },
  RECORD_ATTENDANCE: { vi: 'Ghi nhận tham dự', en: 'Record attendance' },
  MARK_ABSENT: { vi: 'Ghi nhận vắng mặt', en: 'Mark absent' },
  CERTIFY: { vi: 'Cấp giấy chứng nhận', en: 'Certify' },
  WITHDRAW: { vi: 'Rút đăng ký', en: 'Withdraw' },
  REGISTRATION_REMINDER: { vi: 'Nhắc hạn đăng ký', en: 'Deadline reminder' },
  REGISTRATION_CLOSED: { vi: 'Hết hạn đăng ký', en: 'Registration closed' },
};

/**
 * Roles of this workflow that the Union's list does not have, with their words: registered with the
 * definition (`roles`), so the inbox and the panels say "Cán bộ phụ trách lớp", not `courseOfficer`.
 */
export const registrationRoles: Record<string, Label> = {
  courseOfficer: { vi: 'Cán bộ phụ trách lớp', en: 'Course officer' },
};

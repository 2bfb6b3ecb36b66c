/**
 * A registration of Trần Thị Bình (Bí thư Chi đoàn thôn 2, Đoàn xã Trà Đốc) for a course the
 * city union runs (demo directory, packages/engine/src/demo/directory.ts).
 */
export const registration = (overrides: Record<string, unknown> = {}) => ({
  courseId: 'TH-2026-02',
  courseTitle: 'Lớp tập huấn kỹ năng, nghiệp vụ công tác Đoàn cho Bí thư, Phó Bí thư chi đoàn',
  organiserId: 'dn',
  seats: 60,
  registrationDeadline: '2026-03-20',
  startsOn: '2026-04-06',
  participantId: 'p-binh',
  branchId: 'cd-thon2',
  position: 'secretary',
  ...overrides,
});

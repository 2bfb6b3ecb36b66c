/**
 * A valid payload for every person-sent event of every Union workflow, dated relative to `today`
 * so the time-dependent guards often pass. Timer events carry an empty payload (only the system may
 * send them). The authorization test checks this table covers every event the registry declares.
 */

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

type Sample = (today: string) => Record<string, unknown>;

const reason = () => ({ reason: 'Lý do chính đáng' });
const comment = () => ({ comment: 'Đề nghị bổ sung' });
const empty = () => ({});

export const samplePayloads: Record<string, Record<string, Sample>> = {
  'member-transfer': {
    SUBMIT: empty,
    WITHDRAW: empty,
    CONFIRM: (today) => ({
      duesPaidThrough: today.slice(0, 7),
      memberBookComment: 'Hoàn thành tốt nhiệm vụ',
    }),
    REJECT: reason,
    ISSUE_REFERRAL: (today) => ({ referralNumber: '7/GGT-ĐTN', issuedOn: today }),
    RETURN_TO_BRANCH: reason,
    REISSUE: (today) => ({ referralNumber: '8/GGT-ĐTN', issuedOn: today }),
    CANCEL: reason,
    PRESENT_REFERRAL: empty,
    ACCEPT: empty,
    RETURN_TO_SOURCE: reason,
    ASSIGN_BRANCH: () => ({ branchId: 'cd-kdc-tayan' }),
    ACKNOWLEDGE: empty,
    YEAR_END_COMMENT: () => ({ comment: 'Tham gia sinh hoạt đầy đủ', recommendTopRating: false }),
    REFERRAL_EXPIRED: empty,
    RESPONSE_OVERDUE: empty,
    ACKNOWLEDGEMENT_DUE: empty,
    YEAR_END_REMINDER: empty,
    // v2 (issue 11): the end of a temporary stay and the comment's way home.
    STAY_ENDS: empty,
    EXTEND_STAY: (today) => ({ until: addDays(today, 90), reason: 'Tiếp tục công trình thanh niên' }),
    RETURN_HOME: () => ({ comment: 'Hoàn thành tốt nhiệm vụ trong thời gian sinh hoạt' }),
    RECORD_COMMENT: () => ({ note: 'Tính vào xếp loại đoàn viên cuối năm' }),
  },
  'branch-review': {
    RECORD_CADRE: (today) => ({ name: 'Trần Thị Bình', position: 'secretary', since: today }),
    LOG_MEETING: (today) => ({ heldOn: today, topic: 'Sinh hoạt định kỳ', attendees: 12 }),
    LOG_JOINT_MEETING: (today) => ({
      heldOn: today,
      location: 'Nhà văn hóa thôn 2',
      branchCount: 3,
      hostedByThisBranch: true,
      topic: 'Sinh hoạt liên kết',
    }),
    LOG_BRIEFING: (today) => ({ heldOn: today, notes: 'Giao ban 6 tháng' }),
    LOG_YOUTH_PROJECT: (today) => ({
      name: 'Tuyến đường thanh niên',
      kind: 'project',
      startedOn: today,
      description: 'Thắp sáng đường quê',
    }),
    SAVE_DRAFT: () => ({ proposedLevel: 'notCompleted', selfAssessment: 'Chưa đạt "3 có"' }),
    SUBMIT: empty,
    RETURN_TO_BRANCH: comment,
    PROPOSE_LEVEL: (today) => ({
      level: 'completed',
      meetingRecordNumber: 'BB-01',
      meetingDate: today,
      appraisal: 'Hoàn thành nhiệm vụ',
    }),
    APPROVE: () => ({ decisionNumber: '12-QĐ/TĐTN' }),
    ADJUST_LEVEL: () => ({ level: 'good', reason: 'Có thành tích nổi bật' }),
    RETURN_TO_BASE: comment,
    APPEAL: () => ({ grounds: 'Chưa tính công trình thanh niên' }),
    UPHOLD_RESULT: comment,
    AMEND_RESULT: () => ({ level: 'good', reason: 'Chấp nhận khiếu nại' }),
    MONTH_END_CHECK: empty,
    SUBMISSION_REMINDER: () => ({ daysBefore: 7 }),
    SUBMISSION_OVERDUE: empty,
    REVIEW_OVERDUE: empty,
    APPEAL_WINDOW_CLOSED: empty,
  },
  'award-campaign': {
    SEND_TO_COUNCIL: () => ({ dossiersReceived: 2 }),
    SIGN_DECISION: (today) => ({ decisionNumber: '215-QĐ/TĐTN', signedOn: today, awardedCount: 1 }),
    CANCEL: reason,
    DEADLINE_PASSED: empty,
    REVIEW_OVERDUE: empty,
  },
  'award-nomination': {
    // The files come as attachments: without one, an allowed officer hears MISSING_DOCUMENTS.
    ADD_DOCUMENT: empty,
    REMOVE_DOCUMENT: () => ({ kind: 'requestLetter' }),
    RECORD_RATING: (today) => ({
      year: Number(today.slice(0, 4)) - 1,
      rating: 'excellent',
      disciplined: false,
    }),
    SUBMIT: empty,
    WITHDRAW: reason,
    ACCEPT_DOSSIER: empty,
    RETURN_INCOMPLETE: () => ({ reason: 'Thiếu biên bản', missing: ['meetingRecord'] }),
    CAST_VOTE: () => ({ vote: 'yes' }),
    CLOSE_VOTE: empty,
    SIGN_DECISION: (today) => ({ decisionNumber: '216-QĐ/TĐTN', signedOn: today, certificateNumber: 'S-17' }),
    DECLINE_TO_SIGN: reason,
    SUBMISSION_DEADLINE: empty,
    DEADLINE_REMINDER: empty,
    CHECK_OVERDUE: empty,
  },
  'field-visit': {
    SUBMIT_PLAN: (today) => ({
      items: [
        {
          hostUnitId: 'tradoc',
          from: addDays(today, 20),
          to: addDays(today, 22),
          content: 'branchMeeting',
          purpose: 'Dự sinh hoạt chi đoàn',
        },
      ],
    }),
    APPROVE_PLAN: empty,
    RETURN_PLAN: comment,
    ISSUE_TRAVEL_ORDER: (today) => ({ orderNumber: '15-QĐ/TĐTN', issuedOn: today }),
    HOST_CONFIRM: empty,
    HOST_DECLINE: reason,
    CANCEL_TRIP: reason,
    LOG_PREPARATION: (today) => ({ visitedOn: today, notes: 'Thống nhất nội dung' }),
    START_VISIT: (today) => ({ arrivedOn: today }),
    END_VISIT: (today) => ({ lastDay: today }),
    SUBMIT_REPORT: (today) => ({ evaluatedWithHostOn: today, results: 'Tốt', lessons: 'Chuẩn bị sớm' }),
    ACCEPT_REPORT: () => ({ quality: 'good' }),
    RETURN_REPORT: comment,
    REQUEST_EXEMPTION: (today) => ({
      ground: 'sickLeave',
      from: today,
      to: addDays(today, 60),
      details: 'Nghỉ ốm dài ngày',
    }),
    GRANT_EXEMPTION: () => ({ decisionNumber: '20-QĐ/TĐTN' }),
    REFUSE_EXEMPTION: reason,
    QUARTER_OPENED: empty,
    PLAN_REMINDER: empty,
    PLAN_OVERDUE: empty,
    REPORT_OVERDUE: empty,
    YEAR_ENDED: empty,
    // v2 (issue 11): the next trip chosen, unplanned trips registered after the fact.
    CHOOSE_NEXT_TRIP: () => ({ tripId: 'Q1-2' }),
    REGISTER_UNPLANNED_TRIP: (today) => ({
      hostUnitId: 'tradoc',
      from: addDays(today, -3),
      to: addDays(today, -2),
      content: 'memberSituation',
      purpose: 'Nắm tình hình đoàn viên sau mưa lũ',
      results: 'Hỗ trợ đoàn viên khắc phục hậu quả',
    }),
    APPROVE_UNPLANNED_TRIP: () => ({ tripId: 'U-1', quality: 'good' }),
    REFUSE_UNPLANNED_TRIP: () => ({ tripId: 'U-1', reason: 'Không có quyết định cử đi' }),
  },
  'year-end-review': {
    SUBMIT_SELF_ASSESSMENT: () => ({ rating: 'good', summary: 'Hoàn thành nhiệm vụ được giao' }),
    // "completed" is within any cap the record sets, so the rule alone decides.
    DECIDE: () => ({ rating: 'completed', reasons: 'Theo biên bản họp' }),
    RETURN: comment,
  },
};

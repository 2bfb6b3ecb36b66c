import { imageTypes, MiB, scanTypes, writtenTypes, type DocumentsSpec } from '../../documents.ts';
import type { BranchReviewContext } from './context.ts';

const decidedWithRecord = { accepts: ['meetingRecord'] };
const evidence = { accepts: ['branchMinutes', 'activityPhoto'] };

/**
 * The review's papers. The base standing committee appraises in a meeting: its proposal carries
 * the signed biên bản of that meeting, scanned; the level above may attach its own. The branch may
 * back its log and self-assessment with minutes, photos and its written report.
 */
export const branchReviewDocuments: DocumentsSpec<BranchReviewContext> = {
  kinds: {
    meetingRecord: {
      label: {
        vi: 'Biên bản họp Ban Thường vụ (bản chụp có chữ ký)',
        en: 'Standing committee meeting record (signed scan)',
      },
      accepts: scanTypes,
      maxBytes: 20 * MiB,
    },
    branchMinutes: {
      label: { vi: 'Biên bản sinh hoạt chi đoàn', en: 'Branch meeting minutes' },
      accepts: writtenTypes,
      maxBytes: 20 * MiB,
    },
    activityPhoto: {
      label: { vi: 'Ảnh hoạt động', en: 'Photo of the activity' },
      accepts: imageTypes,
      maxBytes: 10 * MiB,
    },
    selfAssessmentReport: {
      label: { vi: 'Báo cáo tự đánh giá, xếp loại của chi đoàn', en: "The branch's self-assessment report" },
      accepts: writtenTypes,
      maxBytes: 20 * MiB,
    },
    appealLetter: {
      label: { vi: 'Văn bản kiến nghị', en: 'Appeal letter' },
      accepts: writtenTypes,
      maxBytes: 20 * MiB,
    },
  },
  events: {
    LOG_MEETING: evidence,
    LOG_JOINT_MEETING: evidence,
    LOG_BRIEFING: { accepts: ['activityPhoto'] },
    LOG_YOUTH_PROJECT: { accepts: ['activityPhoto'] },
    SAVE_DRAFT: { accepts: ['selfAssessmentReport'] },
    SUBMIT: { accepts: ['selfAssessmentReport'] },
    // The base's decision rests on its meeting: no proposal without the record of it.
    PROPOSE_LEVEL: { accepts: ['meetingRecord'], requires: ['meetingRecord'] },
    APPROVE: decidedWithRecord,
    ADJUST_LEVEL: decidedWithRecord,
    APPEAL: { accepts: ['appealLetter'] },
    UPHOLD_RESULT: decidedWithRecord,
    AMEND_RESULT: decidedWithRecord,
  },
};

/** Version 2: the base committee's decision rests on its meeting: no decision without its biên bản. */
const {
  PROPOSE_LEVEL: _propose,
  APPROVE: _approve,
  ADJUST_LEVEL: _adjust,
  ...sharedEvents
} = branchReviewDocuments.events!;
export const branchReviewDocumentsV2: DocumentsSpec<BranchReviewContext> = {
  ...branchReviewDocuments,
  events: {
    ...sharedEvents,
    DECIDE_LEVEL: { accepts: ['meetingRecord'], requires: ['meetingRecord'] },
    APPROVE_TOP_RATING: decidedWithRecord,
    REJECT_TOP_RATING: decidedWithRecord,
  },
};

import type { Label } from '../../define-workflow.ts';

/** What the award round's reminders and escalations say. */
export const campaignNotices: Readonly<Record<string, Label>> = {
  'award.councilReviewOverdue': {
    vi: 'Hội đồng Thi đua – Khen thưởng quá hạn xét các hồ sơ đề nghị',
    en: 'The awards council is late reviewing the nominations',
  },
};

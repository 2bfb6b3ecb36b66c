import type { Label } from '../../define-workflow.ts';

/** What the award round's and the nominations' reminders and escalations say. */
export const awardNotices: Readonly<Record<string, Label>> = {
  'award.councilReviewOverdue': {
    vi: 'Hội đồng Thi đua – Khen thưởng quá hạn xét các hồ sơ đề nghị',
    en: 'The awards council is late reviewing the nominations',
  },
  'award.deadlineSoon': {
    vi: 'Sắp hết hạn gửi hồ sơ đề nghị khen thưởng (hạn {deadline})',
    en: 'The award nominations close soon (due {deadline})',
  },
  'award.dossierCheckOverdue': {
    vi: 'Quá hạn kiểm tra hồ sơ đề nghị khen thưởng',
    en: 'The nomination dossier check is overdue',
  },
};

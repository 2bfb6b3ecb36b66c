import type { Label } from '../../define-workflow.ts';

/** What a nomination's reminders and escalations say. */
export const nominationNotices: Readonly<Record<string, Label>> = {
  'award.deadlineSoon': {
    vi: 'Sắp hết hạn gửi hồ sơ đề nghị khen thưởng (hạn {deadline})',
    en: 'The award nominations close soon (due {deadline})',
  },
  'award.dossierCheckOverdue': {
    vi: 'Quá hạn kiểm tra hồ sơ đề nghị khen thưởng',
    en: 'The nomination dossier check is overdue',
  },
};

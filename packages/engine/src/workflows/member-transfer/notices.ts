import type { Label } from '../../define-workflow.ts';

/** What its reminders and escalations say. */
export const memberTransferNotices: Readonly<Record<string, Label>> = {
  'transfer.residenceRegistered': {
    vi: 'Đoàn viên của chi đoàn đăng ký sinh hoạt tại nơi cư trú',
    en: 'A member of the branch registered to take part where they live',
  },
  'transfer.responseOverdue': {
    vi: 'Đoàn cơ sở nơi đến quá hạn trả lời đề nghị chuyển sinh hoạt đoàn',
    en: 'The receiving base is late answering a transfer request',
  },
  'transfer.yearEndCommentDue': {
    vi: 'Đến hạn nhận xét cuối năm đối với đoàn viên sinh hoạt tạm thời tại chi đoàn',
    en: 'The year-end comment on a member taking part in the branch is due',
  },
};

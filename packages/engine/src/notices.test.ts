import { describe, expect, it } from 'vitest';
import { defineWorkflow } from './define-workflow.ts';
import { noticeWords } from './notices.ts';
import { fieldVisit, memberTransfer } from './workflows/index.ts';

describe('noticeWords', () => {
  it('fills {names} from the data, leaves unknown ones visible, and gives no words for an unknown message', () => {
    const words = noticeWords(
      fieldVisit,
      'fieldVisit.planOverdue',
      { cadreId: 'p-quy', quarter: 2 },
      (name, value, locale) => (name === 'cadreId' ? `Nguyễn Văn Quy (${locale})` : String(value)),
    );
    expect(words).toEqual({
      vi: 'Đồng chí Nguyễn Văn Quy (vi) quá hạn đăng ký kế hoạch đi cơ sở quý 2',
      en: 'Nguyễn Văn Quy (en) is late registering the field-visit plan for quarter 2',
    });
    expect(noticeWords(memberTransfer, 'constructor', {})).toBeNull();
    expect(noticeWords(memberTransfer, 'transfer.nothing', {})).toBeNull();
  });

  it('refuses a notice without words in both languages', () => {
    expect(() =>
      defineWorkflow({
        ...memberTransfer,
        notices: { 'transfer.responseOverdue': { vi: 'Quá hạn', en: ' ' } },
      }),
    ).toThrow(/notice "transfer.responseOverdue" needs vi and en words/);
  });
});

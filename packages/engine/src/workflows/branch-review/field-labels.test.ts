import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkDefinitionLabels } from '../../testing/labels.ts';
import { branchReview } from './index.ts';
import { branchReviewEvents } from './schema.ts';

describe('branch review: field labels', () => {
  it('labels every field of the input and of every event payload, in Vietnamese and English', () => {
    const { fields, problems } = checkDefinitionLabels(branchReview);
    expect(problems).toEqual([]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'branch-review input.branchId',
        'branch-review event RECORD_CADRE.position',
        'branch-review event APPROVE.topRatingQuota.grantedThisYear',
      ]),
    );
  });

  it('names the four classification levels of guidance 25-HD/TWĐTN-BTC', () => {
    const level = z.toJSONSchema(branchReviewEvents.PROPOSE_LEVEL, { io: 'input' }).properties?.['level'];
    expect(level).toMatchObject({
      'x-label': { vi: 'Mức xếp loại đề nghị' },
      'x-enumLabels': {
        outstanding: { vi: 'Hoàn thành xuất sắc nhiệm vụ' },
        good: { vi: 'Hoàn thành tốt nhiệm vụ' },
        completed: { vi: 'Hoàn thành nhiệm vụ' },
        notCompleted: { vi: 'Không hoàn thành nhiệm vụ' },
      },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkDefinitionLabels } from '../../testing/labels.ts';
import { awardCampaign } from '../award-campaign/index.ts';
import { awardNomination } from './index.ts';
import { nominationEvents } from './schema.ts';

describe('award nomination: field labels', () => {
  it.each([awardCampaign, awardNomination])(
    '$id labels every field of the input and of every event payload, in Vietnamese and English',
    (definition) => {
      const { fields, problems } = checkDefinitionLabels(definition);
      expect(problems).toEqual([]);
      expect(fields.length).toBeGreaterThan(0);
    },
  );

  it('reaches the award forms, the quotas and the nominee of each kind', () => {
    expect(checkDefinitionLabels(awardCampaign).fields).toEqual(
      expect.arrayContaining([
        'award-campaign input.awardForms[].nomineeKind',
        'award-campaign input.quotas',
      ]),
    );
    expect(checkDefinitionLabels(awardNomination).fields).toEqual(
      expect.arrayContaining([
        'award-nomination input.awardForm.minimumRating',
        'award-nomination input.nominee|0.unitId',
        'award-nomination input.nominee|1.personId',
      ]),
    );
  });

  it('names the dossier documents in the words of regulation 109-QĐ/TWĐTN-VP', () => {
    const missing = z.toJSONSchema(nominationEvents.RETURN_INCOMPLETE, { io: 'input' }).properties?.[
      'missing'
    ];
    expect(missing).toMatchObject({
      'x-label': { vi: 'Tài liệu còn thiếu' },
      items: { 'x-enumLabels': { meetingRecord: { vi: 'Biên bản họp xét đề nghị' } } },
    });
  });
});

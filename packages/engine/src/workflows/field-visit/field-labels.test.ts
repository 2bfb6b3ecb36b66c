import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkDefinitionLabels } from '../../testing/labels.ts';
import { fieldVisit } from './index.ts';
import { fieldVisitEvents } from './schema.ts';

describe('field visit: field labels', () => {
  it('labels every field of the input and of every event payload, in Vietnamese and English', () => {
    const { fields, problems } = checkDefinitionLabels(fieldVisit);
    expect(problems).toEqual([]);
    expect(fields).toEqual(
      expect.arrayContaining(['field-visit input.cadreId', 'field-visit event SUBMIT_PLAN.items[].content']),
    );
  });

  it('names what a cadre goes to a grassroots unit for, as seed 003 does', () => {
    const items = z.toJSONSchema(fieldVisitEvents.SUBMIT_PLAN, { io: 'input' }).properties?.['items'];
    expect(items).toMatchObject({
      items: {
        properties: {
          content: {
            'x-label': { vi: 'Nội dung đi cơ sở' },
            'x-enumLabels': {
              thematicSurvey: { vi: 'Khảo sát chuyên đề' },
              branchMeeting: { vi: 'Dự sinh hoạt chi đoàn' },
              inspectionTeam: { vi: 'Tham gia đoàn kiểm tra' },
            },
          },
        },
      },
    });
  });
});

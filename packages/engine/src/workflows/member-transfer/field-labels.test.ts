import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkDefinitionLabels } from '../../testing/labels.ts';
import { memberTransfer } from './index.ts';
import { transferEvents, transferInput } from './schema.ts';

describe('member transfer: field labels', () => {
  it('labels every field of the input and of every event payload, in Vietnamese and English', () => {
    const { fields, problems } = checkDefinitionLabels(memberTransfer);
    expect(problems).toEqual([]);
    expect(fields).toEqual(
      expect.arrayContaining(['member-transfer input.kind', 'member-transfer event CONFIRM.duesPaidThrough']),
    );
  });

  it('speaks of the transfer as guidance 16-HD/TWĐTN-BTC does', () => {
    const input = z.toJSONSchema(transferInput, { io: 'input' }).properties;
    expect(input?.['memberId']).toMatchObject({ 'x-label': { vi: 'Đoàn viên', en: 'Member' } });
    expect(input?.['kind']).toMatchObject({
      'x-label': { vi: 'Hình thức chuyển', en: 'Kind of transfer' },
      'x-enumLabels': {
        permanent: { vi: 'Chuyển sinh hoạt chính thức' },
        temporary: { vi: 'Chuyển sinh hoạt tạm thời' },
        residence: { vi: 'Sinh hoạt nơi cư trú' },
      },
    });
    expect(input?.['memberIsCadre']).toMatchObject({
      default: false,
      'x-label': { en: 'The member is a union cadre' },
    });
    expect(
      z.toJSONSchema(transferEvents.ISSUE_REFERRAL, { io: 'input' }).properties?.['referralNumber'],
    ).toMatchObject({ 'x-label': { vi: 'Số giấy giới thiệu' } });
  });
});

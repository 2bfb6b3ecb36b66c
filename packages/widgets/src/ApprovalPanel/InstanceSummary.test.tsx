import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DefinitionView } from '@doanflow/client';
import { fakeServer } from '../testing/fake-server.ts';
import { transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { ApprovalPanel } from './ApprovalPanel.tsx';

const labelled = (vi: string, en: string, extra: object = {}) => ({
  type: 'string',
  title: en,
  'x-label': { vi, en },
  ...extra,
});

/** A definition whose payloads label nested fields, as the engine's labelled() publishes them. */
const definition: DefinitionView = {
  ...transferDefinition,
  input: {
    type: 'object',
    properties: {
      memberId: labelled('Đoàn viên', 'Member'),
      kind: labelled('Hình thức chuyển', 'Kind of transfer', {
        enum: ['permanent'],
        'x-enumLabels': { permanent: { vi: 'Chuyển sinh hoạt chính thức', en: 'Permanent transfer' } },
      }),
      destinationBaseId: labelled('Đoàn cơ sở nơi đến', 'Destination base'),
      memberIsCadre: { type: 'boolean', 'x-label': { vi: 'Đoàn viên là cán bộ đoàn', en: 'Cadre' } },
      documents: {
        type: 'array',
        'x-label': { vi: 'Tài liệu', en: 'Documents' },
        items: {
          type: 'object',
          properties: {
            name: labelled('Tên tài liệu', 'Name'),
            receivedOn: labelled('Ngày nhận', 'Received on', { format: 'date' }),
          },
        },
      },
    },
  },
  events: [
    ...transferDefinition.events,
    {
      ...transferDefinition.events[0]!,
      type: 'CONFIRM',
      payload: {
        type: 'object',
        properties: {
          duesPaidThrough: labelled('Đã đóng đoàn phí đến tháng', 'Dues paid through', {
            pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
          }),
        },
      },
    },
    {
      ...transferDefinition.events[0]!,
      type: 'ISSUE_REFERRAL',
      payload: {
        type: 'object',
        properties: {
          referral: {
            type: 'object',
            'x-label': { vi: 'Giấy giới thiệu', en: 'Referral' },
            properties: {
              referralNumber: labelled('Số giấy giới thiệu', 'Referral number'),
              issuedOn: labelled('Ngày cấp', 'Issued on', { format: 'date' }),
            },
          },
        },
      },
    },
  ],
};

// The workflow's words for its summary's own fields (the engine's summaryLabels, as published).
definition.summary = {
  type: 'object',
  properties: {
    updatedAt: labelled('Cập nhật lúc', 'Updated at'),
    outcome: labelled('Kết quả', 'Outcome'),
    votedBy: labelled('Đã biểu quyết', 'Voted by'),
    quotas: labelled('Chỉ tiêu', 'Quotas'),
    missingDocuments: labelled('Tài liệu còn thiếu', 'Documents missing', {
      'x-enumLabels': { meetingRecord: { vi: 'Biên bản họp', en: 'Meeting record' } },
    }),
  },
};

const summary = {
  memberId: 'p-an',
  kind: 'permanent',
  destinationBaseId: 'hoachau',
  memberIsCadre: false,
  duesPaidThrough: '2026-10',
  referral: { referralNumber: '12/GGT-ĐTN', issuedOn: '2026-11-20' },
  documents: [
    { name: 'Biên bản họp chi đoàn', receivedOn: '2026-11-02' },
    { name: 'Đơn xin chuyển', receivedOn: '2026-11-03' },
  ],
  campaignId: '0f9a2d1e-3b4c-4d5e-8f60-718293a4b5c6',
  updatedAt: '2026-11-18T02:30:00.000Z',
  outcome: { vi: 'Được khen thưởng', en: 'Awarded' },
  votedBy: ['p-an', 'p-binh'],
  quotas: { hoachau: 3 },
  missingDocuments: ['meetingRecord'],
};

describe('the request details in words', () => {
  it('shows nested values, dates, months, choices and names — never JSON, ids or timestamps', async () => {
    const server = fakeServer({
      'GET /instances/inst-1': {
        body: {
          ...transferInstance,
          summary,
          names: { 'p-an': 'Nguyễn Văn An', 'p-binh': 'Trần Thị Bình', hoachau: 'Đoàn phường Hòa Châu' },
        },
      },
      'GET /definitions/member-transfer': { body: definition },
    });
    const { container } = renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const details = await screen.findByRole('region', { name: 'Thông tin hồ sơ' });
    const rows = () =>
      [...details.querySelectorAll(':scope > dl > div')].map((row) => [
        row.querySelector('dt')?.textContent,
        row.querySelector('dd')?.textContent,
      ]);
    expect(rows()).toEqual([
      ['Đoàn viên', 'Nguyễn Văn An'],
      ['Hình thức chuyển', 'Chuyển sinh hoạt chính thức'],
      ['Đoàn cơ sở nơi đến', 'Đoàn phường Hòa Châu'],
      ['Đoàn viên là cán bộ đoàn', 'Không'],
      ['Đã đóng đoàn phí đến tháng', 'tháng 10 năm 2026'],
      ['Giấy giới thiệu', expect.stringMatching(/^Số giấy giới thiệu12\/GGT-ĐTNNgày cấp20 thg 11, 2026$/)],
      ['Tài liệu', expect.stringContaining('Biên bản họp chi đoànNgày nhận2 thg 11, 2026')],
      ['Cập nhật lúc', '09:30 18/11/2026'],
      ['Kết quả', 'Được khen thưởng'],
      ['Đã biểu quyết', 'Nguyễn Văn An, Trần Thị Bình'],
      // Keyed by a unit: the unit's name is the label.
      ['Chỉ tiêu', 'Đoàn phường Hòa Châu3'],
      ['Tài liệu còn thiếu', 'Biên bản họp'],
    ]);
    const text = details.textContent ?? '';
    expect(text).not.toMatch(/[{}"]|\d{4}-\d{2}|[0-9a-f]{8}-[0-9a-f]{4}|p-an|hoachau|meetingRecord/);
    // Groups are nested lists a screen reader can walk, not one run of text.
    expect(details.querySelectorAll('dd dl')).toHaveLength(4);
    expect(details.querySelectorAll('dd ul > li')).toHaveLength(2);
    await expectNoAxeViolations(container);
  });
});

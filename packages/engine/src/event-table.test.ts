import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { eventTable } from './event-table.ts';

const payloads = { APPROVE: z.strictObject({}), CANCEL: z.strictObject({}), DUE: z.strictObject({}) };
const labels = {
  APPROVE: { vi: 'Duyệt', en: 'Approve' },
  CANCEL: { vi: 'Hủy', en: 'Cancel' },
  DUE: { vi: 'Đến hạn', en: 'Due' },
};

describe('eventTable', () => {
  it('gives each event its payload, label, traits and tone; omitted events are left out', () => {
    const events = eventTable(
      payloads,
      labels,
      { decisions: ['APPROVE'], timers: ['DUE'], positive: ['APPROVE'], destructive: ['CANCEL'] },
      ['DUE'],
    );
    expect(Object.keys(events)).toEqual(['APPROVE', 'CANCEL']);
    expect(events['APPROVE']).toMatchObject({ label: labels.APPROVE, decision: true, tone: 'positive' });
    expect(events['CANCEL']).toMatchObject({ tone: 'destructive' });
    expect(events['CANCEL']!.decision).toBeUndefined();
  });

  it('throws on a trait naming an event that has no payload (a typo), and on a missing label', () => {
    expect(() => eventTable(payloads, labels, { decisions: ['APPROVED'] })).toThrow(
      /decisions names unknown events: APPROVED/,
    );
    const { DUE: _due, ...fewer } = labels;
    expect(() => eventTable(payloads, fewer, {})).toThrow(/event DUE has no label/);
  });
});

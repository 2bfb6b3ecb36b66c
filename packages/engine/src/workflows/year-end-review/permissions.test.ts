import { describe, expect, it } from 'vitest';
import { InstanceDriver } from '../../testing/harness.ts';
import { yearEndReview } from './index.ts';

const at = '2026-12-20T02:00:00.000Z';
const people = [
  'p-an',
  'p-binh',
  'p-cuong',
  'p-hieu',
  'p-khanh',
  'p-phuong',
  'p-nga',
  'p-ha',
  'p-tuan',
  'p-yen',
  'p-quy',
];

/** Who may do what, at each step, for a member and for a cadre (demo directory). */
const matrix = (as: 'member' | 'cadre') => {
  const [personId, starter] = as === 'member' ? ['p-an', 'p-binh'] : ['p-quy', 'p-ha'];
  const d = new InstanceDriver(yearEndReview, { now: at }).start(
    starter,
    { personId, year: 2026, as },
    undefined,
    {
      record: [],
    },
  );
  const who = () =>
    Object.fromEntries(
      people.map((p) => [p, d.allowed(p)] as const).filter(([, events]) => events.length > 0),
    );
  const selfAssessment = who();
  d.send(personId, 'SUBMIT_SELF_ASSESSMENT', { rating: 'good', summary: 'x' });
  return { selfAssessment, decision: who() };
};

describe('year-end review: permission matrix', () => {
  it('đoàn viên: tự kiểm điểm; Bí thư, Phó Bí thư đoàn cơ sở ký công nhận; ủy viên BTV chỉ trả lại', () => {
    expect(matrix('member')).toEqual({
      selfAssessment: { 'p-an': ['SUBMIT_SELF_ASSESSMENT'] },
      decision: {
        'p-hieu': ['DECIDE', 'RETURN'],
        'p-khanh': ['DECIDE', 'RETURN'],
        'p-phuong': ['RETURN'],
      },
    });
  });

  it('cán bộ: tự kiểm điểm; Thường trực nơi công tác quyết định; không ai tự xếp loại mình', () => {
    expect(matrix('cadre')).toEqual({
      selfAssessment: { 'p-quy': ['SUBMIT_SELF_ASSESSMENT'] },
      decision: { 'p-ha': ['DECIDE', 'RETURN'] },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime.ts';
import { InstanceDriver, refusal } from '../../testing/harness.ts';
import { awardDirectory, goodBranchSecretary, outstandingBranch } from '../award-nomination/fixture.ts';
import { awardCampaign } from './index.ts';

/** The round closes Friday 17/4/2026 at 17:00, just before the 30/4 – 1/5 holidays. */
const deadline = '2026-04-17T10:00:00.000Z';
const round = {
  awardingUnitId: 'dn',
  name: 'Xét khen thưởng chào mừng 95 năm Ngày thành lập Đoàn',
  awardForms: [outstandingBranch, goodBranchSecretary],
  quotas: { tradoc: 2, tramy: 2, hoachau: 1 },
  deadline: '2026-04-17T17:00:00+07:00',
};
const decision = { decisionNumber: '150-QĐ/TĐTN', signedOn: '2026-05-08', awardedCount: 4 };

const campaign = (now = '2026-03-27T02:00:00.000Z') =>
  new InstanceDriver(awardCampaign, { now, directory: awardDirectory });

function campaignIn(state: 'open' | 'closed' | 'councilReview' | 'decisionSigned'): InstanceDriver {
  const d = campaign().start('p-yen', round);
  if (state === 'open') return d;
  d.fire('nominationDeadline');
  if (state === 'closed') return d;
  d.clock.set('2026-04-20T02:00:00.000Z');
  d.send('p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 5 });
  if (state === 'councilReview') return d;
  d.clock.set('2026-05-08T02:00:00.000Z');
  return d.send('p-ha', 'SIGN_DECISION', decision);
}

describe('đợt xét khen thưởng', () => {
  it('Văn phòng mở đợt, hết hạn thì đóng, trình Hội đồng, Thường trực ký quyết định (KT.)', () => {
    const d = campaign().start('p-yen', round);
    expect(d.state).toBe('open');
    expect(d.context).toMatchObject({ deadline, quotas: { tradoc: 2, tramy: 2, hoachau: 1 } });
    expect(d.last.effects).toEqual([
      {
        type: 'timer.schedule',
        timer: expect.objectContaining({ name: 'nominationDeadline', kind: 'deadline', due: deadline }),
      },
    ]);
    // Nobody closes a round by hand: only the deadline does; the standing secretary may cancel it.
    expect(d.allowed('p-yen')).toEqual([]);
    expect(d.allowed('p-ha')).toEqual(['CANCEL']);

    d.fire('nominationDeadline');
    expect(d.state).toBe('closed');
    expect(d.last.entry.actor.role).toBe('system');
    expect(d.allowed('p-yen')).toEqual(['SEND_TO_COUNCIL']);

    d.clock.set('2026-04-20T02:00:00.000Z');
    d.send('p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 5 });
    expect(d.state).toBe('councilReview');
    // Ten working days from Monday 20/4 skip 27/4 (Giỗ Tổ), 30/4 and 1/5: Thursday 7/5.
    expect(d.snapshot.timers).toEqual([
      expect.objectContaining({ name: 'councilReview', kind: 'escalation', due: '2026-05-07T02:00:00.000Z' }),
    ]);
    expect(d.last.tasks).toEqual([
      expect.objectContaining({
        role: 'standingSecretary',
        unitId: 'dn',
        events: ['SIGN_DECISION', 'CANCEL'],
        due: '2026-05-07T02:00:00.000Z',
      }),
    ]);

    d.fire('councilReview');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'award.councilReviewOverdue',
        to: { role: 'councilChair', unitId: 'dn', at: 'own' },
        data: {},
      },
    ]);
    expect(d.context['reviewOverdue']).toBe(true);

    d.clock.set('2026-05-08T02:00:00.000Z');
    d.send('p-long', 'SIGN_DECISION', decision, { acting: 'KT' });
    expect(d.state).toBe('decisionSigned');
    expect(d.context['decision']).toEqual({
      number: '150-QĐ/TĐTN',
      signedOn: '2026-05-08',
      awardedCount: 4,
      signedBy: 'p-long',
      acting: 'KT',
    });
    expect(replay(awardCampaign, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('Bí thư Thành đoàn ký TM. Ban Thường vụ; quyết định không ghi ngày trước hạn hay trong tương lai', () => {
    const d = campaignIn('councilReview');
    d.clock.set('2026-05-08T02:00:00.000Z');
    expect(d.refuse('p-ha', 'SIGN_DECISION', { ...decision, signedOn: '2026-04-16' }).reason).toBe('guard');
    expect(d.refuse('p-ha', 'SIGN_DECISION', { ...decision, signedOn: '2026-05-09' }).reason).toBe('guard');
    d.send('p-ha', 'SIGN_DECISION', decision);
    expect(d.last.entry.actor).toEqual({
      personId: 'p-ha',
      role: 'standingSecretary',
      unitId: 'dn',
      acting: 'TM',
    });
    expect(d.last.effects).toEqual([
      expect.objectContaining({ type: 'timer.cancel', name: 'councilReview' }),
      { type: 'instance.finished', state: 'decisionSigned' },
      expect.objectContaining({ type: 'document.issue' }),
    ]);
  });

  it('hủy đợt khi đang nhận hồ sơ thì hủy luôn hẹn giờ hạn nộp', () => {
    const d = campaignIn('open').send('p-ha', 'CANCEL', { reason: 'Gộp vào đợt tổng kết năm' });
    expect(d.state).toBe('cancelled');
    expect(d.context['cancelReason']).toBe('Gộp vào đợt tổng kết năm');
    expect(d.last.effects).toEqual([
      expect.objectContaining({ type: 'timer.cancel', name: 'nominationDeadline' }),
      { type: 'instance.finished', state: 'cancelled' },
    ]);
    expect(d.snapshot.timers).toEqual([]);
  });
});

describe('quyền trong đợt xét khen thưởng', () => {
  it('chỉ Văn phòng của cấp khen thưởng mở đợt', () => {
    expect(refusal(() => campaign().start('p-tuan', round))).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: 'role',
    });
    expect(refusal(() => campaign().start('p-xuan', round))).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: 'unit',
    });
  });

  it.each([
    ['SEND_TO_COUNCIL', 'closed', { dossiersReceived: 5 }, 'p-tuan', 'p-xuan', 'open'],
    ['SIGN_DECISION', 'councilReview', decision, 'p-yen', 'p-xuan', 'closed'],
    ['CANCEL', 'open', { reason: 'Hủy' }, 'p-yen', 'p-xuan', 'decisionSigned'],
  ] as const)(
    '%s: wrong role, wrong unit, wrong state',
    (event, state, payload, wrongRole, wrongUnit, other) => {
      expect(campaignIn(state).refuse(wrongRole, event, payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'role',
      });
      expect(campaignIn(state).refuse(wrongUnit, event, payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: 'unit',
      });
      // CANCEL applies in every live state: after the decision the round is finished.
      expect(campaignIn(other).refuse('p-ha', event, payload)).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        reason: other === 'decisionSigned' ? 'finished' : 'state',
      });
    },
  );

  it('the round concerns no nominee, so its own officers have no conflict of interest in it', () => {
    // p-long belongs to Chi đoàn thôn 2, which may be nominated in this round: he may still sign it.
    expect(awardCampaign.subject({} as never)).toEqual({});
    expect(campaignIn('councilReview').allowed('p-long')).toEqual(['SIGN_DECISION', 'CANCEL']);
  });

  it.each([
    ['DEADLINE_PASSED', 'open'],
    ['REVIEW_OVERDUE', 'councilReview'],
  ] as const)('refuses the timer event %s sent by a person', (event, state) => {
    expect(campaignIn(state).refuse('p-ha', event).reason).toBe('timer_only');
  });

  it.each([
    ['SEND_TO_COUNCIL', 'closed', { dossiersReceived: -1 }, [['dossiersReceived']]],
    [
      'SIGN_DECISION',
      'councilReview',
      { ...decision, signedOn: '8/5/2026', awardedCount: 1.5 },
      [['signedOn'], ['awardedCount']],
    ],
    ['CANCEL', 'open', {}, [['reason']]],
  ] as const)('refuses a bad %s payload with the zod issues', (event, state, payload, paths) => {
    const error = campaignIn(state).refuse('p-ha', event, payload);
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect((error.details['issues'] as { path: string[] }[]).map((issue) => issue.path)).toEqual(paths);
  });

  it.each([
    [{ ...round, quotas: {} }, ['quotas']],
    [{ ...round, awardForms: [outstandingBranch, outstandingBranch] }, ['awardForms']],
    [{ ...round, deadline: '2026-04-17 17:00' }, ['deadline']],
    [{ ...round, awardForms: [] }, ['awardForms']],
  ])('refuses a round that is not valid (%#)', (input, path) => {
    const error = refusal(() => campaign().start('p-yen', input));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.details['issues']).toEqual([expect.objectContaining({ path })]);
  });
});

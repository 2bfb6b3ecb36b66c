import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime.ts';
import { InstanceDriver, testAttachment } from '../../testing/harness.ts';
import { awardDirectory, outstandingBranch } from './fixture.ts';
import { awardNominationV2 } from './index.ts';

/** Bỏ phiếu kín: the history records who voted (người, thời điểm), not how; the server counts the box. */
const inCouncil = (secretBallot: boolean | undefined) => {
  const d = new InstanceDriver(awardNominationV2, {
    now: '2026-02-11T02:00:00Z',
    directory: awardDirectory,
  }).start(
    'p-hieu',
    {
      campaignId: 'dot-1',
      nominatingUnitId: 'tradoc',
      awardFormId: outstandingBranch.id,
      nominee: { kind: 'branch', unitId: 'cd-thon2' },
    },
    undefined,
    {
      campaign: {
        awardingUnitId: 'dn',
        deadline: '2026-03-10T10:00:00.000Z',
        quota: 2,
        awardForm: outstandingBranch,
        councilSize: 6,
        ...(secretBallot === undefined ? {} : { secretBallot }),
      },
      rating: { year: 2025, rating: 'excellent', disciplined: false },
    },
  );
  for (const kind of ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport']) {
    d.send('p-hieu', 'ADD_DOCUMENT', {}, { attachments: [testAttachment(kind)] });
  }
  d.send('p-hieu', 'SUBMIT', {}, { facts: { submittedInUnit: 0 } });
  d.send('p-yen', 'ACCEPT_DOSSIER');
  return d;
};

describe('v2: Hội đồng Thi đua – Khen thưởng bỏ phiếu kín khi đợt khen thưởng quy định', () => {
  it('ghi nhận ai đã bỏ phiếu, không ghi phiếu; kết quả theo số phiếu máy chủ đếm khi kết thúc biểu quyết', () => {
    const d = inCouncil(true);
    for (const voter of ['p-ha', 'p-tuan', 'p-nga', 'p-yen']) d.send(voter, 'CAST_VOTE', {});
    expect(d.history.filter((entry) => entry.type === 'CAST_VOTE').map((entry) => entry.payload)).toEqual([
      {},
      {},
      {},
      {},
    ]);
    expect(d.context.ballots['p-ha']).toEqual({ at: expect.any(String), role: expect.any(String) });
    expect(awardNominationV2.summary!(d.context as never)['votedBy']).toEqual([
      'p-ha',
      'p-nga',
      'p-tuan',
      'p-yen',
    ]);
    // Một người chỉ bỏ một phiếu; a secret vote never carries its choice to the engine.
    expect(d.refuse('p-ha', 'CAST_VOTE', {}).code).toBe('EVENT_NOT_ALLOWED');
    expect(d.refuse('p-ha', 'CAST_VOTE', { vote: 'yes' }).code).toBe('EVENT_NOT_ALLOWED');
    // The server's count must cover each recorded voter once, or the vote stays open.
    expect(
      d.refuse('p-ha', 'CLOSE_VOTE', {}, { facts: { ballotBox: { yes: 3, no: 0, abstain: 0 } } }).code,
    ).toBe('EVENT_NOT_ALLOWED');
    expect(d.refuse('p-ha', 'CLOSE_VOTE').code).toBe('EVENT_NOT_ALLOWED');
    d.send('p-ha', 'CLOSE_VOTE', {}, { facts: { ballotBox: { yes: 3, no: 1, abstain: 0 } } });
    expect(d.state).toBe('awaitingSignature');
    expect(d.context.outcome).toMatchObject({ present: 4, yes: 3, no: 1, abstain: 0, approved: true });
    expect(d.last.entry.facts).toEqual({ ballotBox: { yes: 3, no: 1, abstain: 0 } });
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({ kind: 'award.recommendation', data: expect.objectContaining({ yes: 3 }) }),
    );
    // Replay needs no query: the count is in the history.
    expect(replay(awardNominationV2, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('bỏ phiếu kín: không đủ đa số thì không đề nghị khen thưởng', () => {
    const d = inCouncil(true);
    for (const voter of ['p-ha', 'p-tuan', 'p-nga', 'p-yen']) d.send(voter, 'CAST_VOTE', {});
    d.send('p-ha', 'CLOSE_VOTE', {}, { facts: { ballotBox: { yes: 2, no: 1, abstain: 1 } } });
    expect(d.state).toBe('notRecommended');
    expect(d.context.outcome).toMatchObject({ present: 4, yes: 2, approved: false });
  });

  it('biểu quyết công khai (mặc định) giữ phiếu của từng người như trước', () => {
    for (const policy of [false, undefined]) {
      const d = inCouncil(policy);
      expect(d.refuse('p-ha', 'CAST_VOTE', {}).code).toBe('EVENT_NOT_ALLOWED');
      d.send('p-ha', 'CAST_VOTE', { vote: 'yes' });
      expect(d.context.ballots['p-ha']).toMatchObject({ vote: 'yes' });
      expect(d.last.entry.payload).toEqual({ vote: 'yes' });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime.ts';
import { refusal, testAttachment, type InstanceDriver } from '../../testing/harness.ts';
import {
  completeDossier,
  deadline,
  documents,
  excellent2025,
  nominationDriver,
  nominationIn,
  thon2Nomination,
} from './fixture.ts';
import { awardNomination } from './index.ts';

const whoActs = (d: InstanceDriver) => d.last.tasks.map((t) => `${t.role}@${t.unitId ?? t.personId}`).sort();
const summary = (d: InstanceDriver) => awardNomination.summary!(d.context as never);
const timerEffects = (d: InstanceDriver) =>
  d.last.effects
    .filter((e) => e.type === 'timer.schedule' || e.type === 'timer.cancel')
    .map((e) =>
      e.type === 'timer.schedule' ? `schedule ${e.timer.name} ${e.timer.due}` : `cancel ${e.name}`,
    );
const signed = { decisionNumber: '215-QĐ/TĐTN', signedOn: '2026-03-20', certificateNumber: 'GK-2026-031' };

describe('đề nghị khen thưởng "Chi đoàn khu dân cư xuất sắc tiêu biểu"', () => {
  it('Đoàn xã Trà Đốc đề nghị Chi đoàn thôn 2: hồ sơ đủ, Văn phòng tiếp nhận, Hội đồng đồng ý, Thường trực ký TM.', () => {
    const d = nominationDriver().start('p-hieu', thon2Nomination);
    expect(d.state).toBe('preparing');
    // Dossiers close Tuesday 10/3 at 17:00; the reminder comes 3 working days earlier, over the weekend.
    expect(timerEffects(d)).toEqual([
      `schedule submissionDeadline ${deadline}`,
      'schedule deadlineReminder 2026-03-05T10:00:00.000Z',
    ]);
    expect(d.snapshot.timers.find((t) => t.name === 'submissionDeadline')?.kind).toBe('deadline');
    expect(whoActs(d)).toEqual(['baseSecretary@tradoc', 'baseStanding@tradoc']);
    expect(d.last.tasks.map((t) => t.due)).toEqual([deadline, deadline]);

    // An incomplete dossier cannot be sent; the checklist says what is missing.
    d.send('p-hieu', 'ADD_DOCUMENT', {}, { attachments: [documents.requestLetter] });
    expect(d.refuse('p-hieu', 'SUBMIT')).toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
      reason: 'guard',
      details: { guards: ['deadlinePassed', 'readyToSubmit'] },
    });
    expect(summary(d)).toMatchObject({
      missingDocuments: ['meetingRecord', 'nomineeList', 'achievementReport'],
      ineligibleBecause: ['noRating'],
      quotaLeft: 2,
    });

    // The deputy secretary files the rest ("KT."), the secretary sends it on Friday before Tết.
    completeDossier(d, 'p-khanh');
    expect(d.last.entry.actor).toMatchObject({ personId: 'p-khanh', acting: 'KT' });
    expect(summary(d)).toMatchObject({ missingDocuments: [], ineligibleBecause: [] });
    const { id, name, sha256 } = documents.meetingRecord;
    expect(d.context['documents']['meetingRecord']).toEqual({
      id,
      name,
      sha256,
      addedAt: d.last.entry.at,
      addedBy: 'p-khanh',
    });
    d.clock.set('2026-02-13T02:00:00.000Z');
    d.send('p-hieu', 'SUBMIT');
    expect(d.state).toBe('secretariatCheck');
    // Five working days for the check: Tết (16–20/2) and two weekends push it to Friday 27/2.
    expect(timerEffects(d)).toEqual([
      'cancel submissionDeadline',
      'cancel deadlineReminder',
      'schedule dossierCheck 2026-02-27T02:00:00.000Z',
    ]);
    // The secretariat must act by then; the nominating unit may still withdraw.
    expect(d.last.tasks).toEqual([
      expect.objectContaining({ role: 'baseSecretary', unitId: 'tradoc', events: ['WITHDRAW'] }),
      expect.objectContaining({ role: 'baseStanding', unitId: 'tradoc', events: ['WITHDRAW'] }),
      expect.objectContaining({
        role: 'secretariat',
        unitId: 'dn',
        events: ['ACCEPT_DOSSIER', 'RETURN_INCOMPLETE'],
        due: '2026-02-27T02:00:00.000Z',
      }),
    ]);

    d.clock.set('2026-02-24T03:00:00.000Z');
    d.send('p-yen', 'ACCEPT_DOSSIER', {}, { comment: 'Hồ sơ đầy đủ, đúng hạn' });
    expect(d.state).toBe('councilVoting');
    expect(timerEffects(d)).toEqual(['cancel dossierCheck']);
    expect(whoActs(d)).toEqual([
      'baseSecretary@tradoc',
      'baseStanding@tradoc',
      'councilChair@dn',
      'councilMember@dn',
    ]);

    // p-long lives in thôn 2 and takes part in its branch: he may not vote on it.
    expect(d.allowed('p-long')).toEqual([]);
    expect(d.refuse('p-long', 'CAST_VOTE', { vote: 'yes' }).reason).toBe('conflict_of_interest');
    d.send('p-ha', 'CAST_VOTE', { vote: 'yes' })
      .send('p-tuan', 'CAST_VOTE', { vote: 'yes' })
      .send('p-yen', 'CAST_VOTE', { vote: 'yes' })
      .send('p-nga', 'CAST_VOTE', { vote: 'no' });
    // One ballot each: the permission's condition refuses a second one (the machine guards it too).
    expect(d.refuse('p-tuan', 'CAST_VOTE', { vote: 'no' })).toMatchObject({ reason: 'guard' });
    expect(d.context['ballots']['p-ha']).toMatchObject({ vote: 'yes', role: 'councilChair' });
    // Ballots are a record by person: in canonical form (what the server stores and reads back too)
    // its keys come in code-unit order, not voting order.
    expect(summary(d)['votedBy']).toEqual(['p-ha', 'p-nga', 'p-tuan', 'p-yen']);
    // The nominating unit can no longer take the dossier back.
    expect(d.allowed('p-hieu')).toEqual([]);

    d.send('p-ha', 'CLOSE_VOTE');
    expect(d.state).toBe('awaitingSignature');
    expect(d.context['outcome']).toEqual({
      councilSize: 6,
      present: 4,
      yes: 3,
      no: 1,
      abstain: 0,
      quorumMet: true,
      approved: true,
    });
    expect(whoActs(d)).toEqual(['standingSecretary@dn', 'upperStanding@dn']);
    expect(d.allowed('p-long')).toEqual([]); // deputy secretary, but conflicted here

    d.clock.set('2026-03-20T03:00:00.000Z');
    d.send('p-ha', 'SIGN_DECISION', signed);
    expect(d.state).toBe('awarded');
    expect(d.snapshot.status).toBe('done');
    expect(d.context['decision']).toEqual({
      number: '215-QĐ/TĐTN',
      signedOn: '2026-03-20',
      certificateNumber: 'GK-2026-031',
      signedBy: 'p-ha',
      acting: 'TM',
    });
    expect(d.last.effects).toEqual([{ type: 'instance.finished', state: 'awarded' }]);
    expect(d.last.tasks).toEqual([]);
    expect(replay(awardNomination, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('thiếu tài liệu, không đủ điều kiện hay hết chỉ tiêu thì không gửi được', () => {
    const used = nominationDriver().start('p-hieu', { ...thon2Nomination, alreadySubmitted: 2 });
    completeDossier(used, 'p-hieu');
    expect(used.refuse('p-hieu', 'SUBMIT').reason).toBe('guard');
    expect(summary(used)).toMatchObject({ missingDocuments: [], ineligibleBecause: [], quotaLeft: 0 });

    const d = completeDossier(nominationDriver().start('p-hieu', thon2Nomination), 'p-hieu');
    d.send('p-hieu', 'RECORD_RATING', { year: 2025, rating: 'good', disciplined: false });
    expect(summary(d)['ineligibleBecause']).toEqual(['ratingTooLow']);
    d.send('p-hieu', 'RECORD_RATING', { year: 2023, rating: 'excellent', disciplined: true });
    expect(summary(d)['ineligibleBecause']).toEqual(['ratingOutdated', 'disciplined']);
    expect(d.refuse('p-hieu', 'SUBMIT').reason).toBe('guard');
    d.send('p-hieu', 'RECORD_RATING', excellent2025).send('p-hieu', 'REMOVE_DOCUMENT', {
      kind: 'achievementReport',
    });
    expect(summary(d)['missingDocuments']).toEqual(['achievementReport']);
    expect(d.refuse('p-hieu', 'SUBMIT').reason).toBe('guard');
  });

  it('hình thức khen thưởng và chính sách quyết định mức xếp loại tối thiểu', () => {
    const lenient = nominationDriver().start(
      'p-hieu',
      { ...thon2Nomination, awardForm: { ...thon2Nomination.awardForm, minimumRating: 'good' } },
      { minimumRating: 'excellent' },
    );
    completeDossier(lenient, 'p-hieu').send('p-hieu', 'RECORD_RATING', {
      year: 2025,
      rating: 'good',
      disciplined: false,
    });
    lenient.send('p-hieu', 'SUBMIT');
    expect(lenient.state).toBe('secretariatCheck');

    const byPolicy = nominationDriver().start('p-hieu', thon2Nomination, { minimumRating: 'good' });
    completeDossier(byPolicy, 'p-hieu').send('p-hieu', 'RECORD_RATING', {
      year: 2025,
      rating: 'good',
      disciplined: false,
    });
    byPolicy.send('p-hieu', 'SUBMIT');
    expect(byPolicy.state).toBe('secretariatCheck');
    expect(byPolicy.history[0]!.policy).toMatchObject({ minimumRating: 'good' });
  });
});

describe('hạn nộp hồ sơ là hạn cứng', () => {
  it('nhắc trước hạn, rồi hết hạn mà chưa gửi thì không tiếp nhận', () => {
    const d = nominationDriver().start('p-hieu', thon2Nomination);
    d.fire('deadlineReminder');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'award.deadlineSoon',
        to: { role: 'baseStanding', unitId: 'tradoc', at: 'own' },
        data: { deadline, campaignId: 'dot-26-3-2026' },
      },
    ]);
    expect(d.state).toBe('preparing');
    d.fire('submissionDeadline');
    expect(d.state).toBe('rejectedLate');
    expect(d.last.entry).toMatchObject({ type: 'SUBMISSION_DEADLINE', actor: { role: 'system' } });
    expect(d.snapshot.timers).toEqual([]);
    expect(d.last.effects).toEqual([{ type: 'instance.finished', state: 'rejectedLate' }]);
    expect(replay(awardNomination, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('gửi sau giờ hạn (trước khi hẹn giờ kịp báo) cũng bị từ chối, dù hồ sơ đủ', () => {
    const d = completeDossier(nominationDriver().start('p-hieu', thon2Nomination), 'p-hieu');
    d.clock.set('2026-03-10T10:05:00.000Z');
    d.send('p-hieu', 'SUBMIT');
    expect(d.state).toBe('rejectedLate');
    expect(timerEffects(d)).toEqual(['cancel submissionDeadline', 'cancel deadlineReminder']);
  });

  it('trả hồ sơ thiếu trước hạn thì bổ sung và gửi lại; trả sau hạn thì không tiếp nhận', () => {
    const d = nominationIn('secretariatCheck');
    d.clock.set('2026-03-02T02:00:00.000Z');
    d.send('p-yen', 'RETURN_INCOMPLETE', { reason: 'Biên bản chưa có chữ ký', missing: ['meetingRecord'] });
    expect(d.state).toBe('preparing');
    expect(d.context['lastReturn']).toEqual({
      reason: 'Biên bản chưa có chữ ký',
      missing: ['meetingRecord'],
      at: '2026-03-02T02:00:00.000Z',
    });
    // Back in preparation, the same hard deadline applies again.
    expect(timerEffects(d)).toEqual([
      'cancel dossierCheck',
      `schedule submissionDeadline ${deadline}`,
      'schedule deadlineReminder 2026-03-05T10:00:00.000Z',
    ]);
    d.send(
      'p-hieu',
      'ADD_DOCUMENT',
      {},
      { attachments: [testAttachment('meetingRecord', 'Biên bản họp (bản có chữ ký).pdf')] },
    );
    d.send('p-hieu', 'SUBMIT');
    expect(d.state).toBe('secretariatCheck');

    d.clock.set('2026-03-11T02:00:00.000Z');
    d.send('p-yen', 'RETURN_INCOMPLETE', { reason: 'Thiếu báo cáo thành tích có xác nhận' });
    expect(d.state).toBe('rejectedLate');
    expect(d.context['returnCount']).toBe(2);
    expect(replay(awardNomination, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });
});

describe('Văn phòng, Hội đồng và Thường trực', () => {
  it('Văn phòng quá 5 ngày làm việc chưa kiểm tra thì báo Thường trực', () => {
    const d = nominationIn('secretariatCheck');
    d.fire('dossierCheck');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'award.dossierCheckOverdue',
        to: { role: 'standingSecretary', unitId: 'dn', at: 'own' },
        data: {},
      },
    ]);
    expect(d.context['checkOverdue']).toBe(true);
    expect(d.state).toBe('secretariatCheck');
    d.send('p-yen', 'ACCEPT_DOSSIER');
    expect(d.state).toBe('councilVoting');
  });

  it('không đủ 2/3 thành viên có mặt thì không được đề nghị', () => {
    const d = nominationIn('councilVoting');
    for (const member of ['p-ha', 'p-tuan', 'p-yen']) d.send(member, 'CAST_VOTE', { vote: 'yes' });
    d.send('p-ha', 'CLOSE_VOTE');
    expect(d.state).toBe('notRecommended');
    expect(d.context['outcome']).toMatchObject({ present: 3, yes: 3, quorumMet: false, approved: false });
  });

  it('đủ người nhưng không quá nửa số có mặt đồng ý thì không được đề nghị', () => {
    const d = nominationIn('councilVoting');
    d.send('p-ha', 'CAST_VOTE', { vote: 'yes' })
      .send('p-tuan', 'CAST_VOTE', { vote: 'yes' })
      .send('p-yen', 'CAST_VOTE', { vote: 'no' })
      .send('p-oanh', 'CAST_VOTE', { vote: 'abstain' });
    d.send('p-ha', 'CLOSE_VOTE');
    expect(d.state).toBe('notRecommended');
    expect(d.context['outcome']).toMatchObject({ present: 4, yes: 2, no: 1, abstain: 1, approved: false });
  });
});

describe('đề nghị khen thưởng cá nhân "Bí thư chi đoàn giỏi"', () => {
  const thaoNomination = {
    ...thon2Nomination,
    nominatingUnitId: 'tramy',
    awardForm: { id: 'bi-thu-gioi', name: 'Bí thư chi đoàn giỏi', nomineeKind: 'person' },
    nominee: { kind: 'person', personId: 'p-thao' },
  };

  it('Đoàn xã Trà My đề nghị chị Lý Thị Thảo; Phó Bí thư Thành đoàn ký thay (KT.)', () => {
    const d = nominationDriver().start('p-minh', thaoNomination);
    completeDossier(d, 'p-minh').send('p-minh', 'SUBMIT').send('p-oanh', 'ACCEPT_DOSSIER');
    for (const member of ['p-ha', 'p-long', 'p-tuan', 'p-nga']) d.send(member, 'CAST_VOTE', { vote: 'yes' });
    d.send('p-long', 'CLOSE_VOTE');
    expect(d.last.entry.actor).toMatchObject({ role: 'councilChair', acting: 'KT' });
    expect(d.state).toBe('awaitingSignature');
    d.clock.set('2026-03-20T03:00:00.000Z');
    d.send('p-long', 'SIGN_DECISION', signed, { acting: 'KT' });
    expect(d.last.entry.actor).toEqual({
      personId: 'p-long',
      role: 'standingSecretary',
      unitId: 'dn',
      acting: 'KT',
    });
    expect(d.context['decision']).toMatchObject({ signedBy: 'p-long', acting: 'KT' });
    expect(replay(awardNomination, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('một hình thức dành cho tập thể không nhận đề cử cá nhân', () => {
    const error = refusal(() =>
      nominationDriver().start('p-minh', { ...thaoNomination, awardForm: thon2Nomination.awardForm }),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(error.details['issues']).toEqual([expect.objectContaining({ path: ['nominee', 'kind'] })]);
  });
});

describe('rút hồ sơ và không ký', () => {
  it('đơn vị rút hồ sơ trước khi Hội đồng bỏ phiếu', () => {
    const d = nominationIn('councilVoting');
    expect(d.allowed('p-hieu')).toEqual(['WITHDRAW']);
    d.send('p-hieu', 'WITHDRAW', { reason: 'Chi đoàn đề nghị hình thức khác' });
    expect(d.state).toBe('withdrawn');
    expect(d.context['closingReason']).toBe('Chi đoàn đề nghị hình thức khác');
  });

  it('sau phiếu đầu tiên thì không rút được nữa', () => {
    const d = nominationIn('councilVoting').send('p-tuan', 'CAST_VOTE', { vote: 'abstain' });
    expect(d.allowed('p-hieu')).toEqual([]);
    expect(d.refuse('p-hieu', 'WITHDRAW', { reason: 'Rút' }).code).toBe('EVENT_NOT_ALLOWED');
  });

  it('Thường trực không ký thì hồ sơ không được khen thưởng', () => {
    const d = nominationIn('awaitingSignature');
    d.send('p-tuan', 'DECLINE_TO_SIGN', { reason: 'Chưa có mô hình nổi bật so với các chi đoàn khác' });
    expect(d.state).toBe('notRecommended');
    expect(d.last.entry.actor).toMatchObject({ role: 'upperStanding', acting: 'TM' });
    expect(d.context['closingReason']).toBe('Chưa có mô hình nổi bật so với các chi đoàn khác');
  });

  it('quyết định không được ghi ngày trong tương lai, cũng không trước ngày nộp hồ sơ', () => {
    const d = nominationIn('awaitingSignature'); // submitted on 11/2
    d.clock.set('2026-03-20T03:00:00.000Z');
    expect(d.refuse('p-ha', 'SIGN_DECISION', { ...signed, signedOn: '2026-02-10' }).reason).toBe('guard');
    expect(d.refuse('p-ha', 'SIGN_DECISION', { ...signed, signedOn: '2026-03-21' }).reason).toBe('guard');
    d.send('p-ha', 'SIGN_DECISION', signed);
    expect(d.state).toBe('awarded');
  });
});

import { describe, expect, it } from 'vitest';
import { demoDirectoryData } from '../../demo/directory.ts';
import { OrgDirectory } from '../../directory.ts';
import { replay } from '../../runtime.ts';
import { InstanceDriver } from '../../testing/harness.ts';
import { memberTransfer } from './index.ts';

// Nguyễn Văn An (Chi đoàn thôn 2, Đoàn xã Trà Đốc) moves to phường Hòa Châu.
const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' };
const monday = '2026-03-02T02:00:00.000Z';

const drive = (input: object = request, now = monday) =>
  new InstanceDriver(memberTransfer, { now }).start('p-an', input);
const whoActs = (d: InstanceDriver) => d.last.tasks.map((t) => `${t.role}@${t.unitId ?? t.personId}`).sort();

describe('chuyển sinh hoạt đoàn chính thức', () => {
  it('đi hết quy trình: chi đoàn xác nhận, cơ sở giới thiệu (KT.), nơi đến tiếp nhận (TM.), phân chi đoàn', () => {
    const d = drive();
    expect(d.state).toBe('requested');
    d.send('p-an', 'SUBMIT');
    // Withdrawing stays possible (a button) but is nobody's to-do.
    expect(whoActs(d)).toEqual(['branchSecretary@cd-thon2']);
    expect(d.allowed('p-an')).toEqual(['WITHDRAW']);

    d.send('p-binh', 'CONFIRM', confirm, { comment: 'Đã thu đoàn phí đến tháng 2' });
    expect(d.state).toBe('sourceBase');
    expect(d.context).toMatchObject({
      duesPaidThrough: '2026-02',
      memberBookComment: 'Hoàn thành tốt nhiệm vụ',
    });
    expect(whoActs(d)).toContain('baseSecretary@tradoc');

    // Phó bí thư ký thay (KT.) the referral.
    d.send(
      'p-khanh',
      'ISSUE_REFERRAL',
      { referralNumber: '12/GGT', issuedOn: '2026-03-02' },
      { acting: 'KT' },
    );
    expect(d.last.entry.actor).toEqual({
      personId: 'p-khanh',
      role: 'baseSecretary',
      unitId: 'tradoc',
      acting: 'KT',
    });
    expect(d.context['sourceBaseId']).toBe('tradoc');
    expect(d.snapshot.timers).toEqual([
      expect.objectContaining({ name: 'referralValidity', kind: 'expiry', due: '2026-04-01T02:00:00.000Z' }),
    ]);

    d.send('p-an', 'PRESENT_REFERRAL');
    expect(d.state).toBe('destinationBase');
    // 5 working days from Monday 2 March: Monday 9 March; the task carries that due time.
    expect(d.last.tasks).toEqual([
      expect.objectContaining({ role: 'baseStanding', unitId: 'hoachau', due: '2026-03-09T02:00:00.000Z' }),
    ]);

    d.send('p-nga', 'ACCEPT', {}, { comment: 'Đồng ý tiếp nhận' });
    expect(d.last.entry.actor.acting).toBe('TM');
    expect(d.last.effects).toEqual([
      expect.objectContaining({ type: 'timer.cancel', name: 'destinationResponse' }),
    ]);
    d.send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
    expect(whoActs(d)).toEqual(['branchSecretary@cd-kdc-tayan']);
    d.send('p-vy', 'ACKNOWLEDGE');
    expect(d.state).toBe('completed');
    expect(d.snapshot.status).toBe('done');
    expect(replay(memberTransfer, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('trong cùng một đoàn cơ sở thì phân chi đoàn ngay, không qua bước chuyển', () => {
    const d = drive({ ...request, destinationBaseId: 'tradoc' });
    d.send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '3/GGT', issuedOn: '2026-03-02' });
    expect(d.state).toBe('branchAssignment');
    expect(d.snapshot.timers).toEqual([]);
    d.send('p-hieu', 'ASSIGN_BRANCH', { branchId: 'cd-thon5' });
    d.fire('acknowledgement'); // nobody acknowledged within 7 days
    expect(d.state).toBe('completed');
    expect(d.last.entry).toMatchObject({ type: 'ACKNOWLEDGEMENT_DUE', actor: { role: 'system' } });
  });

  it('giấy giới thiệu hết hạn sau 30 ngày thì cấp lại, hoặc hủy', () => {
    const d = drive();
    d.send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '4/GGT', issuedOn: '2026-03-02' });
    d.fire('referralValidity');
    expect(d.state).toBe('referralExpired');
    expect(d.allowed('p-hieu')).toEqual(['REISSUE', 'CANCEL']);
    expect(d.allowed('p-an')).toEqual(['CANCEL']);
    d.send('p-hieu', 'REISSUE', { referralNumber: '9/GGT', issuedOn: '2026-04-01' });
    expect(d.context).toMatchObject({ referral: { number: '9/GGT' }, referralsIssued: 2 });
    expect(d.snapshot.timers[0]).toMatchObject({ name: 'referralValidity', due: '2026-05-01T02:00:00.000Z' });
    d.fire('referralValidity').send('p-an', 'CANCEL', { reason: 'Không chuyển nữa' });
    expect(d.state).toBe('cancelled');
  });

  it('nơi đến chậm trả lời quá 5 ngày làm việc thì cấp trên trực tiếp được xử lý thay', () => {
    const d = drive({ ...request }, '2026-04-24T02:00:00.000Z'); // Friday before 27/4, 30/4 and 1/5
    d.send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', { ...confirm, duesPaidThrough: '2026-03' });
    d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '5/GGT', issuedOn: '2026-04-24' }).send(
      'p-an',
      'PRESENT_REFERRAL',
    );
    // Working days after Friday 24/4: 28, 29 April, 4, 5, 6 May (27/4, 30/4, 1/5 are holidays).
    expect(d.snapshot.timers[0]).toMatchObject({
      name: 'destinationResponse',
      due: '2026-05-06T02:00:00.000Z',
    });
    expect(d.allowed('p-ha')).toEqual([]);
    d.fire('destinationResponse');
    expect(d.last.effects).toEqual([
      {
        type: 'notify',
        message: 'transfer.responseOverdue',
        to: { role: 'upperStanding', unitId: 'hoachau', at: 'levelAbove' },
        data: {},
      },
    ]);
    expect(d.allowed('p-ha')).toEqual(['ACCEPT', 'RETURN_TO_SOURCE']);
    d.send('p-ha', 'RETURN_TO_SOURCE', { reason: 'Sai địa chỉ cư trú' });
    expect(d.state).toBe('sourceBase');
    expect(d.context).toMatchObject({ lastReturnReason: 'Sai địa chỉ cư trú', escalated: true });
  });

  it('đoàn viên là cán bộ thì giấy giới thiệu phải do bí thư hoặc phó bí thư ký', () => {
    const directory = new OrgDirectory({
      ...demoDirectoryData,
      people: [...demoDirectoryData.people, { id: 'p-tho', name: 'Lâm Văn Thọ', memberOf: null }],
      bindings: [
        ...demoDirectoryData.bindings,
        { personId: 'p-tho', role: 'baseStanding', unitId: 'tradoc', validFrom: '2000-01-01' },
      ],
    });
    const d = new InstanceDriver(memberTransfer, { now: monday, directory });
    d.start('p-an', { ...request, memberIsCadre: true })
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', confirm);
    expect(d.allowed('p-tho')).toEqual(['RETURN_TO_BRANCH']);
    expect(d.refuse('p-tho', 'ISSUE_REFERRAL', { referralNumber: '6', issuedOn: '2026-03-02' }).reason).toBe(
      'guard',
    );
    const ordinary = new InstanceDriver(memberTransfer, { now: monday, directory });
    ordinary.start('p-an', request).send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    ordinary.send('p-tho', 'ISSUE_REFERRAL', { referralNumber: '6', issuedOn: '2026-03-02' });
    expect(ordinary.last.entry.actor).toMatchObject({ role: 'baseStanding', acting: 'TM' });
  });

  it('chi đoàn không chấp thuận thì kết thúc, có lý do', () => {
    const d = drive()
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'REJECT', { reason: 'Chưa hoàn thành nghĩa vụ đoàn phí' });
    expect(d.state).toBe('rejected');
    expect(d.context['lastReturnReason']).toBe('Chưa hoàn thành nghĩa vụ đoàn phí');
  });
});

describe('sinh hoạt nơi cư trú và chuyển tạm thời', () => {
  const residence = {
    ...request,
    kind: 'residence',
    destinationBaseId: 'hoachau',
    residenceSince: '2025-08-01',
  };

  it('cần đăng ký cư trú đủ 6 tháng; nhận xét cuối năm gửi về nơi sinh hoạt chính', () => {
    const early = drive({ ...residence, residenceSince: '2025-12-15' });
    expect(early.refuse('p-an', 'SUBMIT')).toMatchObject({
      reason: 'guard',
      details: { guards: ['residenceLongEnough'] },
    });

    const d = drive(residence).send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    expect(d.state).toBe('destinationBase'); // the file does not move: no referral
    d.send('p-nga', 'ACCEPT')
      .send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' })
      .send('p-vy', 'ACKNOWLEDGE');
    expect(d.state).toBe('participating');
    expect(d.snapshot.timers[0]).toMatchObject({
      name: 'yearEndComment',
      kind: 'reminder',
      due: '2026-12-01T01:00:00.000Z',
    });
    d.fire('yearEndComment');
    expect(d.last.effects).toEqual([
      expect.objectContaining({
        type: 'notify',
        to: { role: 'branchSecretary', unitId: 'cd-kdc-tayan', at: 'own' },
      }),
    ]);
    d.send('p-vy', 'YEAR_END_COMMENT', { comment: 'Tích cực tham gia', recommendTopRating: true });
    expect(d.context['yearEndComment']).toEqual({ comment: 'Tích cực tham gia', recommendTopRating: true });
    expect(d.state).toBe('completed');
    expect(replay(memberTransfer, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });

  it('chuyển tạm thời nhắc nhận xét vào ngày kết thúc nếu sớm hơn cuối năm', () => {
    const d = drive({ ...request, kind: 'temporary', until: '2026-08-31' })
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', confirm);
    d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '7', issuedOn: '2026-03-02' }).send(
      'p-nga',
      'PRESENT_REFERRAL',
    );
    d.send('p-nga', 'ACCEPT')
      .send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' })
      .send('p-vy', 'ACKNOWLEDGE');
    expect(d.snapshot.timers[0]).toMatchObject({ name: 'yearEndComment', due: '2026-08-31T01:00:00.000Z' });
  });
});

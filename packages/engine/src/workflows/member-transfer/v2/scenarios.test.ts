import { describe, expect, it } from 'vitest';
import { OrgDirectory } from '../../../directory.ts';
import { demoDirectoryData } from '../../../demo/directory.ts';
import { replay } from '../../../runtime.ts';
import { InstanceDriver } from '../../../testing/harness.ts';
import { memberTransfer } from '../index.ts';
import { memberTransferV2 } from './index.ts';

// Nguyễn Văn An (Chi đoàn thôn 2, Đoàn xã Trà Đốc) chuyển sinh hoạt về phường Hòa Châu.
const request = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' };
// Only the date: the number is the register's, drawn when the server issues the document.
const referral = { issuedOn: '2026-03-02' };
const monday = '2026-03-02T02:00:00.000Z';

const drive = (input: object = request, policy?: Record<string, unknown>) =>
  new InstanceDriver(memberTransferV2, { now: monday }).start('p-an', input, policy);
const whoActs = (d: InstanceDriver) => d.last.tasks.map((t) => `${t.role}@${t.unitId ?? t.personId}`).sort();

describe('v2 — chi đoàn nhận xét, đoàn cơ sở quyết định và ký', () => {
  it('chi đoàn nơi đi chỉ nhận xét và xác nhận đoàn phí, không có quyền không chấp thuận', () => {
    const d = drive().send('p-an', 'SUBMIT');
    expect(d.allowed('p-binh')).toEqual(['CONFIRM']);
    expect(d.refuse('p-binh', 'REJECT', { reason: 'Không đồng ý' }).reason).toBe('state');
    d.send('p-binh', 'CONFIRM', { ...confirm, concerns: 'Đang giữ chức Phó Bí thư chi đoàn' });
    expect(d.context).toMatchObject({
      concerns: 'Đang giữ chức Phó Bí thư chi đoàn',
      duesPaidThrough: '2026-02',
    });
    expect(d.state).toBe('sourceBase');
  });

  it('đoàn cơ sở nơi đi không chấp thuận, nêu lý do, do Bí thư ký "TM. BAN THƯỜNG VỤ"', () => {
    const d = drive().send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    d.send('p-hieu', 'REJECT', { reason: 'Đoàn viên đang trong thời gian xem xét kỷ luật' });
    expect(d.state).toBe('rejected');
    expect(d.last.entry.actor).toMatchObject({
      acting: 'TM',
      signature: { heading: 'TM. BAN THƯỜNG VỤ', title: 'BÍ THƯ', name: 'Đặng Minh Hiếu' },
    });
    expect(d.context['lastReturnReason']).toBe('Đoàn viên đang trong thời gian xem xét kỷ luật');
  });

  it('giấy giới thiệu: Phó Bí thư ký "KT. BÍ THƯ"; chữ ký ghi trên giấy giới thiệu', () => {
    const d = drive().send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    d.send('p-khanh', 'ISSUE_REFERRAL', referral);
    expect(d.context['referral']).toEqual({
      issuedOn: '2026-03-02',
      signature: {
        heading: 'KT. BÍ THƯ',
        title: 'PHÓ BÍ THƯ',
        office: 'deputySecretary',
        name: 'Bùi Ngọc Khánh',
      },
    });
  });

  it('số giấy giới thiệu là số của sổ đăng ký: v2 chỉ hỏi ngày cấp, v1 vẫn hỏi số do cán bộ nhập', () => {
    const d = drive().send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    // A number a v1-era client still types is dropped, not kept beside the register's.
    d.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '99/GGT', issuedOn: '2026-03-02' });
    expect(d.state).toBe('inTransit');
    expect(d.context['referral']).not.toHaveProperty('number');
    expect(JSON.stringify(d.snapshot)).not.toContain('99/GGT');
    const issue = d.last.effects.find((effect) => effect.type === 'document.issue');
    expect(issue).toMatchObject({ document: { kind: 'transfer-referral', type: 'GGT' } });

    const v1 = new InstanceDriver(memberTransfer, { now: monday })
      .start('p-an', request)
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', confirm);
    expect(v1.refuse('p-hieu', 'ISSUE_REFERRAL', referral).code).toBe('INVALID_PAYLOAD');
    v1.send('p-hieu', 'ISSUE_REFERRAL', { referralNumber: '12/GGT', issuedOn: '2026-03-02' });
    expect(v1.context['referral']).toEqual({ number: '12/GGT', issuedOn: '2026-03-02' });
  });

  it('Phó Bí thư ký "TM. BAN THƯỜNG VỤ" khi quy định cho phép; không thì không', () => {
    const refused = drive().send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    expect(refused.refuse('p-khanh', 'ISSUE_REFERRAL', referral, { acting: 'TM' }).reason).toBe(
      'acting_form',
    );
    const d = drive(request, { signing: { deputyMaySignForCommittee: true } })
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', confirm);
    d.send('p-khanh', 'ISSUE_REFERRAL', referral, { acting: 'TM' });
    expect(d.context['referral'].signature).toMatchObject({
      heading: 'TM. BAN THƯỜNG VỤ',
      title: 'PHÓ BÍ THƯ',
    });
  });

  it('ủy viên Ban Thường vụ không ký giấy giới thiệu', () => {
    const d = drive(request, { signing: { deputyMaySignForCommittee: true } })
      .send('p-an', 'SUBMIT')
      .send('p-binh', 'CONFIRM', confirm);
    expect(d.refuse('p-phuong', 'ISSUE_REFERRAL', referral).reason).toBe('role');
    // The standing committee member may send the request back, as the committee ("TM."), not sign papers.
    d.send('p-phuong', 'RETURN_TO_BRANCH', { reason: 'Thiếu nhận xét' });
    expect(d.last.entry.actor).toMatchObject({ role: 'baseStanding', acting: 'TM' });
    expect(d.last.entry.actor.signature).toBeUndefined();
  });

  it('"là cán bộ đoàn" do danh bạ xác định, không do người đề nghị khai', () => {
    const d = drive({ ...request, memberIsCadre: false });
    // Nguyễn Văn An is the branch's deputy secretary: a cadre, whatever the request says.
    expect(d.context['memberIsCadre']).toBe(true);
    expect(d.history[0]!.payload).toMatchObject({ memberIsCadre: true });
    expect(replay(memberTransferV2, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
    const lan = new InstanceDriver(memberTransferV2, { now: monday }).start('p-lan', {
      ...request,
      memberId: 'p-lan',
      sourceBranchId: 'cd-kdc-tayan',
      destinationBaseId: 'tradoc',
      memberIsCadre: true,
    });
    expect(lan.context['memberIsCadre']).toBe(false);
  });
});

describe('v2 — sinh hoạt nơi cư trú: không giấy giới thiệu, không chuyển đoàn phí', () => {
  const residence = { ...request, kind: 'residence', residenceSince: '2025-06-01' };

  it('đi thẳng tới đoàn cơ sở nơi cư trú; chi đoàn gốc được báo; nhận xét cuối năm về chi đoàn gốc thành việc cần làm', () => {
    const d = drive(residence).send('p-an', 'SUBMIT');
    expect(d.state).toBe('destinationBase');
    expect(d.last.effects).toContainEqual(
      expect.objectContaining({ type: 'notify', message: 'transfer.residenceRegistered' }),
    );
    expect(d.context).toMatchObject({ referral: null, duesPaidThrough: null });
    d.send('p-nga', 'ACCEPT').send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
    d.send('p-vy', 'ACKNOWLEDGE');
    expect(d.state).toBe('participating');
    expect(d.snapshot.timers.map((t) => [t.name, t.due])).toEqual([
      ['yearEndComment', '2026-12-01T01:00:00.000Z'],
    ]);
    d.fire('yearEndComment');
    d.send('p-vy', 'YEAR_END_COMMENT', { comment: 'Tích cực tham gia', recommendTopRating: true });
    expect(d.state).toBe('commentAtHome');
    // The comment is a task at the home branch (Chi đoàn thôn 2), not at the residence.
    expect(whoActs(d)).toEqual(['branchSecretary@cd-thon2']);
    d.send('p-binh', 'RECORD_COMMENT', { note: 'Tính vào xếp loại năm 2026' });
    expect(d.state).toBe('completed');
    // Recorded at home, the comment is a fact of the member's record for the classification.
    expect(d.last.effects.filter((e) => e.type === 'link')).toEqual([
      {
        type: 'link',
        kind: 'member.hostComment',
        key: `2026:yearEnd:${d.snapshot.instanceId}`,
        to: { personId: 'p-an' },
        data: {
          occasion: 'yearEnd',
          comment: 'Tích cực tham gia',
          recommendTopRating: true,
          year: 2026,
          by: 'cd-kdc-tayan',
          recordedOn: '2026-12-01',
          homeBranchId: 'cd-thon2',
          hostBranchId: 'cd-kdc-tayan',
          kind: 'residence',
          note: 'Tính vào xếp loại năm 2026',
        },
        deliver: [],
      },
    ]);
    expect(d.context['homeComments']).toEqual([
      {
        occasion: 'yearEnd',
        comment: 'Tích cực tham gia',
        recommendTopRating: true,
        year: 2026,
        by: 'cd-kdc-tayan',
        recordedOn: '2026-12-01',
      },
    ]);
  });

  it('nơi cư trú trả lại thì đề nghị về lại đoàn viên, không qua cơ sở nơi đi', () => {
    const d = drive(residence).send('p-an', 'SUBMIT');
    d.send('p-nga', 'RETURN_TO_SOURCE', { reason: 'Chưa đăng ký tạm trú tại phường' });
    expect(d.state).toBe('requested');
  });

  it('chưa đủ 6 tháng cư trú thì chưa gửi được', () => {
    const d = drive({ ...residence, residenceSince: '2026-01-10' });
    expect(d.refuse('p-an', 'SUBMIT').reason).toBe('guard');
  });
});

describe('v2 — sinh hoạt tạm thời kết thúc đúng ngày: trở về hoặc gia hạn', () => {
  const temporary = { ...request, kind: 'temporary', until: '2026-06-30' };
  const hosted = () => {
    const d = drive(temporary).send('p-an', 'SUBMIT').send('p-binh', 'CONFIRM', confirm);
    d.send('p-hieu', 'ISSUE_REFERRAL', referral).send('p-an', 'PRESENT_REFERRAL');
    d.send('p-nga', 'ACCEPT').send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
    return d.send('p-vy', 'ACKNOWLEDGE');
  };

  it('đến ngày kết thúc: Ban Thường vụ nơi đến gia hạn, hẹn lại ngày mới', () => {
    const d = hosted();
    expect(d.snapshot.timers.map((t) => t.name).sort()).toEqual(['stayEnds', 'yearEndComment']);
    d.fire('stayEnds');
    expect(d.state).toBe('stayEnding');
    expect(whoActs(d)).toEqual(['baseStanding@hoachau', 'branchSecretary@cd-kdc-tayan']);
    expect(d.refuse('p-nga', 'EXTEND_STAY', { until: '2026-06-01', reason: 'Sai ngày' }).reason).toBe(
      'guard',
    );
    d.send('p-nga', 'EXTEND_STAY', { until: '2026-09-30', reason: 'Công trình kéo dài' });
    expect(d.state).toBe('participating');
    expect(d.snapshot.timers.find((t) => t.name === 'stayEnds')?.due).toBe('2026-09-30T01:00:00.000Z');
  });

  it('đến ngày kết thúc: chi đoàn nơi đến nhận xét, đoàn viên trở về; nhận xét về chi đoàn gốc', () => {
    const d = hosted().fire('stayEnds');
    d.send('p-vy', 'RETURN_HOME', { comment: 'Hoàn thành tốt nhiệm vụ trong thời gian sinh hoạt' });
    expect(d.state).toBe('commentAtHome');
    d.send('p-binh', 'RECORD_COMMENT', {});
    expect(d.state).toBe('completed');
    expect(d.context['homeComments'][0]).toMatchObject({ occasion: 'stayEnd', by: 'cd-kdc-tayan' });
  });

  it('nhận xét cuối năm khi còn thời hạn: chi đoàn gốc ghi nhận rồi tiếp tục sinh hoạt tạm thời', () => {
    const d = drive({ ...temporary, until: '2027-03-31' }).send('p-an', 'SUBMIT');
    d.send('p-binh', 'CONFIRM', confirm).send('p-hieu', 'ISSUE_REFERRAL', referral);
    d.send('p-an', 'PRESENT_REFERRAL').send('p-nga', 'ACCEPT');
    d.send('p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' }).send('p-vy', 'ACKNOWLEDGE');
    d.fire('yearEndComment').send('p-vy', 'YEAR_END_COMMENT', { comment: 'Tốt', recommendTopRating: false });
    d.send('p-binh', 'RECORD_COMMENT', {});
    expect(d.state).toBe('participating');
    expect(d.snapshot.timers.find((t) => t.name === 'yearEndComment')?.due).toBe('2027-12-01T01:00:00.000Z');
    expect(replay(memberTransferV2, d.snapshot.instanceId, d.history)).toEqual(d.snapshot);
  });
});

describe('phiên bản: hồ sơ đang chạy trên v1 giữ quy tắc v1', () => {
  it('v1 vẫn cho chi đoàn không chấp thuận; v2 thì không', () => {
    const v1 = new InstanceDriver(memberTransfer, { now: monday })
      .start('p-an', request)
      .send('p-an', 'SUBMIT');
    v1.send('p-binh', 'REJECT', { reason: 'Chưa đóng đoàn phí' });
    expect(v1.state).toBe('rejected');
    expect(v1.snapshot.version).toBe(1);
    expect(drive().snapshot.version).toBe(2);
  });

  it('một danh bạ cũ (không ghi chức danh) vẫn dùng được với v2', () => {
    const old = new OrgDirectory(JSON.parse(JSON.stringify(demoDirectoryData)));
    const d = new InstanceDriver(memberTransferV2, { now: monday, directory: old }).start('p-an', request);
    expect(d.state).toBe('requested');
  });
});

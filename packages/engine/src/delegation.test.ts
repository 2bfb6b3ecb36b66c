import { describe, expect, it } from 'vitest';
import { demoDirectoryData } from './demo/directory.ts';
import { checkDelegation, delegatedBindings, delegationPolicySchema, type Delegation } from './delegation.ts';
import { OrgDirectory } from './directory.ts';
import { isWorkflowError } from './errors.ts';
import { InstanceDriver } from './testing/harness.ts';
import { memberTransferV2 } from './workflows/member-transfer/v2/index.ts';

const directory = new OrgDirectory(demoDirectoryData);
const policy = delegationPolicySchema.parse(undefined);
const today = '2026-03-02';
const monday = '2026-03-02T02:00:00.000Z';

// Ngô Thị Lan (Chi đoàn Tây An, Đoàn phường Hòa Châu) chuyển sinh hoạt về xã Trà Đốc.
const request = {
  memberId: 'p-lan',
  kind: 'permanent',
  sourceBranchId: 'cd-kdc-tayan',
  destinationBaseId: 'tradoc',
  reason: 'Chuyển nơi làm việc',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' };
const referral = { referralNumber: '7/GGT', issuedOn: '2026-03-02' };

// Đỗ Thị Nga, Bí thư Đoàn phường Hòa Châu, nghỉ phép: ủy quyền cho Phó Bí thư Lê Thị Uyên.
const leave: Delegation = {
  id: 'dl-1',
  holderId: 'p-nga',
  delegateId: 'p-uyen',
  role: 'baseSecretary',
  unitId: 'hoachau',
  from: '2026-03-02',
  until: '2026-03-06',
};

const atSourceBase = (delegations: Delegation[] = []) => {
  const d = new InstanceDriver(memberTransferV2, { now: monday }).start('p-lan', request);
  d.delegations = delegations;
  return d.send('p-lan', 'SUBMIT').send('p-vy', 'CONFIRM', confirm);
};

const codeOf = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    if (isWorkflowError(error)) return error.code;
    throw error;
  }
  return 'accepted';
};
const check = (overrides: Partial<typeof leave>, existing: Delegation[] = []) =>
  codeOf(() => checkDelegation({ ...leave, ...overrides }, { directory, policy, today, existing }));

describe('ủy quyền: kiểm tra khi lập', () => {
  it('Bí thư ủy quyền cho Phó Bí thư cùng đơn vị: được', () => {
    expect(check({})).toBe('accepted');
  });

  it('mỗi lỗi có mã riêng', () => {
    expect(check({ delegateId: 'p-nga' })).toBe('SELF_DELEGATION');
    expect(check({ delegateId: 'p-nobody' })).toBe('DELEGATE_NOT_IN_DIRECTORY');
    expect(check({ from: '2026-03-01' })).toBe('DELEGATION_PERIOD_INVALID');
    expect(check({ until: '2026-03-01' })).toBe('DELEGATION_PERIOD_INVALID');
    expect(check({ until: '2026-12-31' })).toBe('DELEGATION_PERIOD_INVALID');
    // Not the holder of the role: a deputy cannot hand over what is not theirs.
    expect(check({ holderId: 'p-uyen', delegateId: 'p-nga' })).toBe('NOT_ROLE_HOLDER');
    // An ordinary member of another unit's committee is not allowed by the default policy.
    expect(check({ delegateId: 'p-phuong' })).toBe('DELEGATION_NOT_ALLOWED');
    // Another deputy, but of another unit.
    expect(check({ delegateId: 'p-khanh' })).toBe('DELEGATION_NOT_ALLOWED');
    expect(check({ from: '2026-03-05', until: '2026-03-10' }, [leave])).toBe('DELEGATION_OVERLAPS');
    expect(check({ from: '2026-03-07', until: '2026-03-10' }, [leave])).toBe('accepted');
    expect(check({}, [{ ...leave, revokedAt: '2026-03-02T03:00:00Z' }])).toBe('accepted');
  });

  it('quy định của tổ chức có thể cho phép cặp chức danh khác', () => {
    const wider = delegationPolicySchema.parse({
      allowed: [{ holder: 'secretary', delegate: 'standingMember' }],
    });
    const ok = codeOf(() =>
      checkDelegation(
        { ...leave, unitId: 'tradoc', holderId: 'p-hieu', delegateId: 'p-phuong' },
        { directory, policy: wider, today, existing: [] },
      ),
    );
    expect(ok).toBe('accepted');
  });
});

describe('ủy quyền: người được ủy quyền quyết định thay, ký "KT."', () => {
  it('không có ủy quyền, Phó Bí thư không ký giấy giới thiệu thay Bí thư', () => {
    const d = atSourceBase();
    expect(d.allowed('p-uyen')).not.toContain('ISSUE_REFERRAL');
    expect(d.refuse('p-uyen', 'ISSUE_REFERRAL', referral).reason).toBe('role');
  });

  it('trong thời gian ủy quyền: ký "KT. BÍ THƯ / PHÓ BÍ THƯ", lịch sử ghi thay mặt ai', () => {
    const d = atSourceBase([leave]);
    expect(d.allowed('p-uyen')).toEqual(expect.arrayContaining(['ISSUE_REFERRAL', 'REJECT']));
    d.send('p-uyen', 'ISSUE_REFERRAL', referral);
    expect(d.last.entry.actor).toEqual({
      personId: 'p-uyen',
      role: 'baseSecretary',
      unitId: 'hoachau',
      acting: 'KT',
      signature: {
        heading: 'KT. BÍ THƯ',
        title: 'PHÓ BÍ THƯ',
        office: 'deputySecretary',
        name: 'Lê Thị Uyên',
      },
      onBehalfOf: 'p-nga',
    });
    expect(d.context['referral'].signature.heading).toBe('KT. BÍ THƯ');
  });

  it('người ủy quyền vẫn tự quyết định được, không ghi thay mặt', () => {
    const d = atSourceBase([leave]);
    d.send('p-nga', 'ISSUE_REFERRAL', referral);
    expect(d.last.entry.actor.onBehalfOf).toBeUndefined();
    expect(d.last.entry.actor.signature?.heading).toBe('TM. BAN THƯỜNG VỤ');
  });

  it('hết hạn, bị thu hồi, chưa đến ngày: mất quyền ngay', () => {
    for (const gone of [
      { ...leave, until: '2026-03-01', from: '2026-02-20' },
      { ...leave, revokedAt: '2026-03-02T01:00:00Z' },
      { ...leave, from: '2026-03-03' },
      // Another person named as delegate gains nothing for Uyên.
      { ...leave, delegateId: 'p-phuong' },
    ]) {
      const d = atSourceBase([gone]);
      expect(d.allowed('p-uyen')).not.toContain('ISSUE_REFERRAL');
      expect(d.refuse('p-uyen', 'ISSUE_REFERRAL', referral).reason).toBe('role');
    }
  });

  it('chỉ được phần vai trò đã ủy quyền, tại đơn vị đó; không ai khác được thêm quyền', () => {
    const d = atSourceBase([leave]);
    const lent = delegatedBindings(directory, [leave], 'p-uyen', today);
    expect(lent.map((b) => `${b.role}@${b.unitId}`)).toEqual(['baseSecretary@hoachau']);
    expect(delegatedBindings(directory, [leave], 'p-phuong', today)).toEqual([]);
    expect(d.allowed('p-phuong')).toEqual([]);
  });

  it('người ủy quyền không còn giữ chức thì ủy quyền không còn tác dụng', () => {
    const moved = new OrgDirectory({
      ...demoDirectoryData,
      bindings: demoDirectoryData.bindings.map((b) =>
        b.personId === 'p-nga' && b.role === 'baseSecretary' ? { ...b, validTo: '2026-03-01' } : b,
      ),
    });
    expect(delegatedBindings(moved, [leave], 'p-uyen', today)).toEqual([]);
  });

  it('không quyết định thay cho người ủy quyền về việc của chính họ', () => {
    // Mai Tường Vy, Bí thư chi đoàn Tây An, chuyển sinh hoạt: her delegate may not confirm it for her.
    const own = {
      ...leave,
      holderId: 'p-vy',
      delegateId: 'p-lan',
      role: 'branchSecretary',
      unitId: 'cd-kdc-tayan',
    };
    const d = new InstanceDriver(memberTransferV2, { now: monday }).start('p-vy', {
      ...request,
      memberId: 'p-vy',
    });
    d.delegations = [own];
    d.send('p-vy', 'SUBMIT');
    expect(d.refuse('p-lan', 'CONFIRM', confirm).reason).toBe('conflict_of_interest');
    expect(d.allowed('p-lan')).toEqual([]);
  });
});

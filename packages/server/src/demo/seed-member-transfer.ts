import { demoPdf } from './demo-files.ts';
import type { DemoSeed } from './seed-context.ts';

const confirm = {
  duesPaidThrough: '',
  memberBookComment: 'Hoàn thành tốt nhiệm vụ, tích cực tham gia hoạt động',
};

/**
 * Six transfers: one waiting for Chi đoàn thôn 2 (p-binh), three in transit (one referral signed
 * "TM." by a Phó Bí thư, one "KT." by a Phó Bí thư the Bí thư on leave delegated to), one whose
 * receiving base let its deadline pass (escalated to the city), one withdrawn.
 */
export const memberTransferSeed: DemoSeed = {
  workflowId: 'member-transfer',
  async run(seed) {
    const duesMonth = (instant: Date) => seed.localDate(instant).slice(0, 7);

    seed.daysAgo(3);
    const an = await seed.start('an:start', 'p-an', {
      memberId: 'p-an',
      kind: 'permanent',
      sourceBranchId: 'cd-thon2',
      destinationBaseId: 'hoachau',
      reason: 'Chuyển nơi làm việc về phường Hòa Châu',
    });
    await seed.send('an:submit', an.id, 'p-an', 'SUBMIT');

    seed.daysAgo(6);
    const dung = await seed.start('dung:start', 'p-dung', {
      memberId: 'p-dung',
      kind: 'permanent',
      sourceBranchId: 'cd-tdp1',
      destinationBaseId: 'hoachau',
      reason: 'Theo gia đình chuyển về Hòa Châu',
    });
    await seed.send('dung:submit', dung.id, 'p-dung', 'SUBMIT');
    const dungConfirmed = seed.daysAgo(5);
    const page = await seed.upload(dung.id, 'p-giang', [
      {
        kind: 'memberBookPage',
        name: 'Sổ đoàn viên - trang nhận xét.pdf',
        bytes: demoPdf({
          issuer: 'Chi đoàn tổ dân phố 1',
          title: 'Sổ đoàn viên - nhận xét của chi đoàn',
          lines: [
            'Đoàn viên tích cực tham gia sinh hoạt, hoàn thành tốt nhiệm vụ.',
            'Đã đóng đoàn phí đầy đủ.',
          ],
          signer: 'BÍ THƯ CHI ĐOÀN',
        }),
      },
    ]);
    await seed.send(
      'dung:confirm',
      dung.id,
      'p-giang',
      'CONFIRM',
      { ...confirm, duesPaidThrough: duesMonth(dungConfirmed) },
      { attachments: page },
    );
    const issued = seed.daysAgo(4);
    await seed.send('dung:referral', dung.id, 'p-minh', 'ISSUE_REFERRAL', {
      issuedOn: seed.localDate(issued),
    });

    seed.daysAgo(20);
    const lan = await seed.start('lan:start', 'p-lan', {
      memberId: 'p-lan',
      kind: 'permanent',
      sourceBranchId: 'cd-kdc-tayan',
      destinationBaseId: 'tradoc',
      reason: 'Nhận công tác tại UBND xã Trà Đốc',
    });
    await seed.send('lan:submit', lan.id, 'p-lan', 'SUBMIT');
    const lanConfirmed = seed.daysAgo(19);
    await seed.send('lan:confirm', lan.id, 'p-vy', 'CONFIRM', {
      ...confirm,
      duesPaidThrough: duesMonth(lanConfirmed),
    });
    const lanIssued = seed.daysAgo(18);
    await seed.send('lan:referral', lan.id, 'p-nga', 'ISSUE_REFERRAL', {
      issuedOn: seed.localDate(lanIssued),
    });
    // Presented 16 days ago: Trà Đốc had 5 working days to answer, so the city is told.
    seed.daysAgo(16);
    await seed.send('lan:present', lan.id, 'p-lan', 'PRESENT_REFERRAL');

    // Trần Thị Bình goes to Hòa Châu for a while: her deputy confirms ("KT."), and Trà Đốc's Phó Bí
    // thư signs the referral "TM. BAN THƯỜNG VỤ" (the demo province allows it).
    const binhStarted = seed.daysAgo(7);
    const binh = await seed.start('binh:start', 'p-binh', {
      memberId: 'p-binh',
      kind: 'temporary',
      sourceBranchId: 'cd-thon2',
      destinationBaseId: 'hoachau',
      reason: 'Tham gia dự án thanh niên tình nguyện tại phường Hòa Châu',
      until: seed.localDate(new Date(binhStarted.getTime() + 180 * 86_400_000)),
    });
    await seed.send('binh:submit', binh.id, 'p-binh', 'SUBMIT');
    const binhConfirmed = seed.daysAgo(6);
    await seed.send(
      'binh:confirm',
      binh.id,
      'p-an',
      'CONFIRM',
      { ...confirm, duesPaidThrough: duesMonth(binhConfirmed) },
      { acting: 'KT' },
    );
    const binhIssued = seed.daysAgo(5);
    await seed.send(
      'binh:referral',
      binh.id,
      'p-khanh',
      'ISSUE_REFERRAL',
      { issuedOn: seed.localDate(binhIssued) },
      { acting: 'TM' },
    );

    // Đỗ Thị Nga, Bí thư Đoàn phường Hòa Châu, goes on leave for two weeks and delegates her role to
    // her Phó Bí thư Lê Thị Uyên (ủy quyền), who signs Đoàn Minh Tiến's referral "KT. BÍ THƯ".
    const leaveStarts = seed.daysAgo(3);
    await seed.delegate('p-nga', {
      delegateId: 'p-uyen',
      role: 'baseSecretary',
      unitId: 'hoachau',
      from: seed.localDate(leaveStarts),
      until: seed.localDate(new Date(leaveStarts.getTime() + 13 * 86_400_000)),
      reason: 'Nghỉ phép',
    });
    const tien = await seed.start('tien:start', 'p-tien', {
      memberId: 'p-tien',
      kind: 'permanent',
      sourceBranchId: 'cd-kdc-tayan',
      destinationBaseId: 'tradoc',
      reason: 'Về quê lập nghiệp tại xã Trà Đốc',
    });
    await seed.send('tien:submit', tien.id, 'p-tien', 'SUBMIT');
    const tienConfirmed = seed.daysAgo(2);
    await seed.send('tien:confirm', tien.id, 'p-vy', 'CONFIRM', {
      ...confirm,
      duesPaidThrough: duesMonth(tienConfirmed),
    });
    const tienIssued = seed.daysAgo(1);
    await seed.send('tien:referral', tien.id, 'p-uyen', 'ISSUE_REFERRAL', {
      referralNumber: '48/GGT-ĐTN',
      issuedOn: seed.localDate(tienIssued),
    });

    seed.daysAgo(10);
    const cuong = await seed.start('cuong:start', 'p-cuong', {
      memberId: 'p-cuong',
      kind: 'permanent',
      sourceBranchId: 'cd-thon5',
      destinationBaseId: 'hoachau',
      reason: 'Dự định chuyển công tác',
    });
    await seed.send('cuong:submit', cuong.id, 'p-cuong', 'SUBMIT');
    seed.daysAgo(8);
    await seed.send('cuong:withdraw', cuong.id, 'p-cuong', 'WITHDRAW', {}, { comment: 'Không chuyển nữa' });
  },
};

import type { DemoSeed } from './seed-context.ts';

const DAY_MS = 86_400_000;

/**
 * This year's year-end reviews, each showing the person's record of the year as the server read it:
 * - Nguyễn Thị Phương (Chi đoàn thôn 5) takes part at her residence in Hòa Châu; the residence branch
 *   recommends her for the top rating, her home branch records the comment, and Trà Đốc's Bí thư
 *   recognises her "Hoàn thành xuất sắc nhiệm vụ" — the timeline shows the comment the decision read;
 * - Nguyễn Văn An's classification at Chi đoàn thôn 2 and cadre Nguyễn Văn Quy's review at the city
 *   union wait for their self-assessments.
 */
export const yearEndReviewSeed: DemoSeed = {
  workflowId: 'year-end-review',
  async run(seed) {
    const registered = seed.daysAgo(12);
    const stay = await seed.startOf('member-transfer', 'phuong:residence', 'p-phuong', {
      memberId: 'p-phuong',
      kind: 'residence',
      sourceBranchId: 'cd-thon5',
      destinationBaseId: 'hoachau',
      reason: 'Sinh hoạt tại nơi cư trú (phường Hòa Châu)',
      residenceSince: seed.localDate(new Date(registered.getTime() - 400 * DAY_MS)),
    });
    await seed.send('phuong:submit', stay.id, 'p-phuong', 'SUBMIT');
    seed.daysAgo(11);
    await seed.send('phuong:accept', stay.id, 'p-nga', 'ACCEPT');
    await seed.send('phuong:assign', stay.id, 'p-nga', 'ASSIGN_BRANCH', { branchId: 'cd-kdc-tayan' });
    seed.daysAgo(10);
    await seed.send('phuong:acknowledge', stay.id, 'p-vy', 'ACKNOWLEDGE');
    const commented = seed.daysAgo(4);
    await seed.send('phuong:comment', stay.id, 'p-vy', 'YEAR_END_COMMENT', {
      comment: 'Tích cực tham gia sinh hoạt và công trình thanh niên của chi đoàn khu dân cư Tây An',
      recommendTopRating: true,
    });
    seed.daysAgo(3);
    await seed.send('phuong:record', stay.id, 'p-cuong', 'RECORD_COMMENT', {
      note: 'Tính vào xếp loại đoàn viên cuối năm',
    });
    await seed.deliverLinks();

    // The reviews are of the year the comment was written in (on 1–3 January: the year just ended).
    const year = Number(seed.localDate(commented).slice(0, 4));
    seed.daysAgo(2);
    const phuong = await seed.start('phuong:start', 'p-cuong', { personId: 'p-phuong', year, as: 'member' });
    await seed.start('an:start', 'p-binh', { personId: 'p-an', year, as: 'member' });
    seed.daysAgo(1);
    await seed.send('phuong:self', phuong.id, 'p-phuong', 'SUBMIT_SELF_ASSESSMENT', {
      rating: 'outstanding',
      summary: 'Hoàn thành xuất sắc công việc ở chi đoàn và ở nơi cư trú',
    });
    await seed.send('phuong:decide', phuong.id, 'p-hieu', 'DECIDE', {
      rating: 'outstanding',
      reasons: 'Theo biên bản họp Ban Thường vụ; nơi cư trú đề nghị xếp loại xuất sắc',
    });
    seed.daysAgo(2, 10);
    await seed.start('quy:start', 'p-ha', { personId: 'p-quy', year, as: 'cadre' });
  },
};

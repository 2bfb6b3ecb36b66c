import type { DemoSeed } from './seed-context.ts';

/**
 * This year's year-end reviews, opened two days ago: Nguyễn Văn An's classification at Chi đoàn
 * thôn 2, his self-assessment in and waiting for Trà Đốc's standing committee, and cadre Nguyễn Văn
 * Quy's review at the city union, waiting for his self-assessment. Each shows the person's record
 * of the year (host comments, credited field-visit days) as the server read it at the start.
 */
export const yearEndReviewSeed: DemoSeed = {
  workflowId: 'year-end-review',
  async run(seed) {
    const opened = seed.daysAgo(2);
    const year = Number(seed.localDate(opened).slice(0, 4));
    const member = await seed.start('an:start', 'p-binh', { personId: 'p-an', year, as: 'member' });
    seed.daysAgo(1);
    await seed.send('an:self', member.id, 'p-an', 'SUBMIT_SELF_ASSESSMENT', {
      rating: 'good',
      summary: 'Tham gia đầy đủ sinh hoạt chi đoàn, hoàn thành công trình thanh niên được giao',
    });
    seed.daysAgo(2, 10);
    await seed.start('quy:start', 'p-ha', { personId: 'p-quy', year, as: 'cadre' });
  },
};

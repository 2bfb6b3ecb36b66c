import type { DemoSeed } from './seed-context.ts';

const DAY_MS = 86_400_000;

/**
 * This year's field visits of cadre Nguyễn Văn Quy at the city union, opened by his department
 * head 30 days ago: the quarter's plan (a branch meeting at Trà Đốc a week later) approved, and the
 * Bí thư's numbered Quyết định cử cán bộ đi cơ sở issued the same day.
 */
export const fieldVisitSeed: DemoSeed = {
  workflowId: 'field-visit',
  async run(seed) {
    const opened = seed.daysAgo(30);
    const today = seed.localDate(opened);
    const year = Number(today.slice(0, 4));
    const visit = await seed.start('quy:start', 'p-tuan', { cadreId: 'p-quy', unitId: 'dn', year });
    // Within the quarter it opened in: a week on, cut at the quarter's last day.
    const month = Number(today.slice(5, 7));
    const quarterEnd = seed.localDate(new Date(Date.UTC(year, Math.ceil(month / 3) * 3, 0, 2)));
    const day = (days: number) => {
      const date = seed.localDate(new Date(opened.getTime() + days * DAY_MS));
      return date < quarterEnd ? date : quarterEnd;
    };
    await seed.send('quy:plan', visit.id, 'p-quy', 'SUBMIT_PLAN', {
      items: [
        {
          hostUnitId: 'tradoc',
          from: day(7),
          to: day(9),
          content: 'branchMeeting',
          purpose: 'Dự sinh hoạt chi đoàn thôn 2, hướng dẫn mô hình "3 có"',
        },
      ],
    });
    await seed.send('quy:approve', visit.id, 'p-tuan', 'APPROVE_PLAN');
    await seed.send('quy:order', visit.id, 'p-ha', 'ISSUE_TRAVEL_ORDER', {
      orderNumber: '15-QĐ/TĐTN',
      issuedOn: today,
    });
  },
};

import type { DemoSeed } from './seed-context.ts';

/** This year's field visits of cadre Nguyễn Văn Quy at the city union, opened by his department head. */
export const fieldVisitSeed: DemoSeed = {
  workflowId: 'field-visit',
  async run(seed) {
    const year = Number(seed.localDate(seed.daysAgo(30)).slice(0, 4));
    await seed.start('quy:start', 'p-tuan', { cadreId: 'p-quy', unitId: 'dn', year });
  },
};

import { demoPhoto } from './demo-files.ts';
import type { DemoSeed } from './seed-context.ts';

/** This year's review of Chi đoàn thôn 2, opened by Trà Đốc; p-binh is filling in the evidence. */
export const branchReviewSeed: DemoSeed = {
  workflowId: 'branch-review',
  async run(seed) {
    // The review year is the year it was opened in (which is last year in early January).
    const year = Number(seed.localDate(seed.daysAgo(14)).slice(0, 4));
    const review = await seed.start('thon2:start', 'p-hieu', {
      branchId: 'cd-thon2',
      year,
      baseId: 'tradoc',
    });
    const logged = seed.localDate(seed.daysAgo(12));
    await seed.send('thon2:cadre', review.id, 'p-binh', 'RECORD_CADRE', {
      name: 'Trần Thị Bình',
      personId: 'p-binh',
      position: 'secretary',
      since: `${year - 2}-03-26`,
    });
    if (!logged.startsWith(String(year))) return;
    const photos = await seed.upload(review.id, 'p-binh', [
      { kind: 'activityPhoto', name: 'Ra quân tuyến đường thanh niên.png', bytes: demoPhoto(2) },
      { kind: 'activityPhoto', name: 'Trồng hoa đường liên thôn.png', bytes: demoPhoto(5) },
    ]);
    await seed.send(
      'thon2:project',
      review.id,
      'p-binh',
      'LOG_YOUTH_PROJECT',
      {
        name: 'Tuyến đường thanh niên tự quản thôn 2',
        kind: 'project',
        startedOn: logged,
        description: 'Trồng hoa, thắp sáng 800 m đường liên thôn',
      },
      { attachments: photos },
    );
  },
};

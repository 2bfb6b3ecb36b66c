import { demoPdf, demoPhoto } from './demo-files.ts';
import type { DemoSeed, SeedContext } from './seed-context.ts';

/** A branch's self-assessment sent to the base, and the base standing committee's decision on it. */
async function decidedLastYear(
  seed: SeedContext,
  name: string,
  branchId: string,
  secretary: string,
  year: number,
  level: string,
) {
  seed.daysAgo(40);
  const review = await seed.start(`${name}:start`, 'p-hieu', { branchId, year, baseId: 'tradoc' });
  seed.daysAgo(35);
  await seed.send(`${name}:draft`, review.id, secretary, 'SAVE_DRAFT', {
    proposedLevel: level,
    selfAssessment: 'Duy trì sinh hoạt chi đoàn hằng tháng; tham gia giao ban với Đoàn xã đầy đủ.',
  });
  await seed.send(`${name}:submit`, review.id, secretary, 'SUBMIT');
  seed.daysAgo(30);
  const record = await seed.upload(review.id, 'p-hieu', [
    {
      kind: 'meetingRecord',
      name: 'Biên bản họp Ban Thường vụ Đoàn xã Trà Đốc - xếp loại chi đoàn.pdf',
      bytes: demoPdf({
        issuer: 'Đoàn xã Trà Đốc',
        title: 'Biên bản họp Ban Thường vụ',
        lines: ['Nội dung: đánh giá, xếp loại các chi đoàn trực thuộc.', 'Thành phần: 5/5 đồng chí có mặt.'],
        place: 'Trà Đốc, ngày ... tháng ... năm ...',
        signer: 'TM. BAN THƯỜNG VỤ',
      }),
    },
  ]);
  await seed.send(
    `${name}:decide`,
    review.id,
    'p-hieu',
    'DECIDE_LEVEL',
    {
      level,
      meetingRecordNumber: `${year}-BB/ĐTN`,
      meetingDate: seed.localDate(seed.daysAgo(30)),
      appraisal: 'Ban Thường vụ Đoàn xã họp, thống nhất xếp loại chi đoàn.',
      decisionNumber: `${year}-QĐ/ĐTN`,
    },
    { attachments: record },
  );
}

/**
 * Đoàn xã Trà Đốc's standing committee rating its branches for last year (v2: the base decides,
 * with its biên bản; the results go to each branch's record, which the award round reads), and this
 * year's review of Chi đoàn thôn 2, where p-binh is filling in the evidence.
 */
export const branchReviewSeed: DemoSeed = {
  workflowId: 'branch-review',
  async run(seed) {
    const lastYear = Number(seed.localDate(seed.daysAgo(40)).slice(0, 4)) - 1;
    await decidedLastYear(seed, 'thon5-last-year', 'cd-thon5', 'p-cuong', lastYear, 'completed');
    await decidedLastYear(seed, 'thon2-last-year', 'cd-thon2', 'p-binh', lastYear, 'good');
    await seed.deliverLinks();

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

import { demoAwardRound } from './award-round.ts';
import type { DemoSeed } from './seed-context.ts';

/**
 * Two rounds at Thành đoàn Đà Nẵng: one open for dossiers, and last quarter's, closed and with the
 * council, whose review time has run out.
 */
export const awardCampaignSeed: DemoSeed = {
  workflowId: 'award-campaign',
  async run(seed) {
    const round = demoAwardRound(seed.today);
    seed.daysAgo(10);
    await seed.start('open:start', 'p-yen', {
      awardingUnitId: 'dn',
      name: round.name,
      awardForms: [round.branchForm, round.personForm],
      quotas: round.quotas,
      deadline: round.deadline,
    });

    seed.daysAgo(45);
    const earlier = new Date(seed.today.getTime() - 30 * 86_400_000);
    earlier.setUTCHours(10, 0, 0, 0);
    const closed = await seed.start('review:start', 'p-yen', {
      awardingUnitId: 'dn',
      name: 'Đợt xét khen thưởng chuyên đề "Thanh niên tình nguyện"',
      awardForms: [round.personForm],
      quotas: round.quotas,
      deadline: earlier.toISOString(),
    });
    // The deadline passed 30 days ago (its timer closed the round); the office sent it on 28 days ago.
    seed.daysAgo(28);
    await seed.fireDueTimers();
    await seed.send('review:council', closed.id, 'p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 3 });
  },
};

import { demoAwardRound } from './award-round.ts';
import type { DemoSeed, SeedContext } from './seed-context.ts';

const documents = {
  requestLetter: { id: 'demo-doc-1', name: 'Tờ trình đề nghị khen thưởng' },
  meetingRecord: { id: 'demo-doc-2', name: 'Biên bản họp Ban Thường vụ' },
  nomineeList: { id: 'demo-doc-3', name: 'Danh sách đề nghị khen thưởng' },
  achievementReport: { id: 'demo-doc-4', name: 'Báo cáo thành tích' },
};

async function fileDossier(seed: SeedContext, name: string, id: string, officer: string, kinds: string[]) {
  for (const kind of kinds) {
    await seed.send(`${name}:doc-${kind}`, id, officer, 'ADD_DOCUMENT', {
      kind,
      document: documents[kind as keyof typeof documents],
    });
  }
}

/**
 * Three nominations in the open round: one being prepared at Trà Đốc, one waiting for the office's
 * check past its time, one with the council (two of four votes cast).
 */
export const awardNominationSeed: DemoSeed = {
  workflowId: 'award-nomination',
  async run(seed) {
    const round = demoAwardRound(seed.today);
    const campaignId = (await seed.instanceIdOf('award-campaign', 'open:start')) ?? 'demo-award-round';
    const nomination = (nominatingUnitId: string, unitId: string) => ({
      campaignId,
      awardingUnitId: 'dn',
      nominatingUnitId,
      deadline: round.deadline,
      quota: round.quotas[nominatingUnitId as keyof typeof round.quotas],
      alreadySubmitted: 0,
      councilSize: 4,
      awardForm: round.branchForm,
      nominee: { kind: 'branch', unitId },
    });
    // The last yearly classification before the deadline's year (the policy accepts one year old).
    const rating = { year: Number(round.deadline.slice(0, 4)) - 1, rating: 'excellent', disciplined: false };
    const allKinds = Object.keys(documents);

    seed.daysAgo(7);
    const thon2 = await seed.start('thon2:start', 'p-hieu', nomination('tradoc', 'cd-thon2'));
    await fileDossier(seed, 'thon2', thon2.id, 'p-hieu', ['requestLetter', 'meetingRecord']);

    seed.daysAgo(12);
    const tayan = await seed.start('tayan:start', 'p-nga', nomination('hoachau', 'cd-kdc-tayan'));
    await fileDossier(seed, 'tayan', tayan.id, 'p-nga', allKinds);
    await seed.send('tayan:rating', tayan.id, 'p-nga', 'RECORD_RATING', rating);
    // Submitted 9 days ago: the office had 5 working days to check it.
    seed.daysAgo(9);
    await seed.send('tayan:submit', tayan.id, 'p-nga', 'SUBMIT');

    seed.daysAgo(9, 10);
    const tdp1 = await seed.start('tdp1:start', 'p-minh', nomination('tramy', 'cd-tdp1'));
    await fileDossier(seed, 'tdp1', tdp1.id, 'p-minh', allKinds);
    await seed.send('tdp1:rating', tdp1.id, 'p-minh', 'RECORD_RATING', rating);
    await seed.send('tdp1:submit', tdp1.id, 'p-minh', 'SUBMIT');
    seed.daysAgo(6);
    await seed.send('tdp1:accept', tdp1.id, 'p-yen', 'ACCEPT_DOSSIER');
    seed.daysAgo(2);
    await seed.send('tdp1:vote-ha', tdp1.id, 'p-ha', 'CAST_VOTE', { vote: 'yes' });
    await seed.send('tdp1:vote-tuan', tdp1.id, 'p-tuan', 'CAST_VOTE', { vote: 'yes' });
  },
};

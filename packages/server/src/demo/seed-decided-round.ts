import { demoAwardRound } from './award-round.ts';
import { demoPdf } from './demo-files.ts';
import type { SeedContext } from './seed-context.ts';

const DAY_MS = 86_400_000;

/** Trà Đốc's two officers nominated in last quarter's round, and the papers each dossier holds. */
const nominees = [
  { personId: 'p-an', name: 'Nguyễn Văn An', post: 'Phó Bí thư Chi đoàn thôn 2' },
  { personId: 'p-khanh', name: 'Bùi Ngọc Khánh', post: 'Phó Bí thư Đoàn xã Trà Đốc' },
];
const papers = [
  ['requestLetter', 'Tờ trình đề nghị khen thưởng'],
  ['meetingRecord', 'Biên bản họp Ban Thường vụ'],
  ['nomineeList', 'Danh sách cá nhân đề nghị khen thưởng'],
  ['achievementReport', 'Báo cáo thành tích cá nhân'],
] as const;

/**
 * Last quarter's round "Tháng Thanh niên" at Thành đoàn Đà Nẵng (v2), decided: Trà Đốc nominated
 * two officers, the council recommended both, the office sent the round on and the Bí thư signed
 * its one decision, which issued the numbered Quyết định khen thưởng with both names in its list;
 * the decision then reached each nomination (awarded). Part of the nominations' set: the round is
 * started here (startOf), so an interrupted seed removes it with them.
 */
export async function seedDecidedRound(seed: SeedContext): Promise<void> {
  const { personForm } = demoAwardRound(seed.today);
  const deadline = new Date(seed.today.getTime() - 40 * DAY_MS);
  deadline.setUTCHours(10, 0, 0, 0);
  seed.daysAgo(60);
  const round = await seed.startOf('award-campaign', 'decided:start', 'p-yen', {
    awardingUnitId: 'dn',
    name: 'Đợt xét khen thưởng "Tháng Thanh niên"',
    awardForms: [personForm],
    quotas: { tradoc: 2 },
    deadline: deadline.toISOString(),
  });
  const rating = {
    year: Number(deadline.toISOString().slice(0, 4)) - 1,
    rating: 'excellent',
    disciplined: false,
  };
  for (const nominee of nominees) {
    const step = `decided:${nominee.personId}`;
    seed.daysAgo(55);
    const nomination = await seed.start(`${step}:start`, 'p-hieu', {
      campaignId: round.id,
      nominatingUnitId: 'tradoc',
      awardFormId: personForm.id,
      nominee: { kind: 'person', personId: nominee.personId },
    });
    const files = papers.map(([kind, title]) => ({
      kind,
      name: `${title} - ${nominee.name}.pdf`,
      bytes: demoPdf({
        issuer: 'Đoàn xã Trà Đốc',
        title,
        lines: [`Đồng chí ${nominee.name}, ${nominee.post}.`, `Đề nghị tặng danh hiệu "${personForm.name}".`],
        place: 'Trà Đốc, ngày ... tháng ... năm ...',
        signer: 'TM. BAN THƯỜNG VỤ',
      }),
    }));
    const attachments = await seed.upload(nomination.id, 'p-hieu', files);
    await seed.send(`${step}:documents`, nomination.id, 'p-hieu', 'ADD_DOCUMENT', {}, { attachments });
    await seed.send(`${step}:rating`, nomination.id, 'p-hieu', 'RECORD_RATING', rating);
    await seed.send(`${step}:submit`, nomination.id, 'p-hieu', 'SUBMIT');
    seed.daysAgo(52);
    await seed.send(`${step}:accept`, nomination.id, 'p-yen', 'ACCEPT_DOSSIER');
    seed.daysAgo(45);
    for (const voter of ['p-ha', 'p-tuan', 'p-yen', 'p-nga']) {
      await seed.send(`${step}:vote-${voter}`, nomination.id, voter, 'CAST_VOTE', { vote: 'yes' });
    }
    await seed.send(`${step}:close-vote`, nomination.id, 'p-ha', 'CLOSE_VOTE');
  }
  // The recommendations reach the round; its deadline closes it; the office sends it to the council.
  await seed.deliverLinks();
  seed.daysAgo(39);
  await seed.fireDueTimers();
  await seed.send('decided:council', round.id, 'p-yen', 'SEND_TO_COUNCIL', { dossiersReceived: 2 });
  const signed = seed.daysAgo(35);
  await seed.send('decided:decision', round.id, 'p-ha', 'DECIDE_AWARDS', {
    decisionNumber: '215-QĐ/TĐTN',
    signedOn: seed.localDate(signed),
  });
  await seed.deliverLinks();
}

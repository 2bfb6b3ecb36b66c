import { demoAwardRound } from './award-round.ts';
import { demoPdf } from './demo-files.ts';
import type { DemoSeed, SeedContext } from './seed-context.ts';
import { seedDecidedRound } from './seed-decided-round.ts';

/** The papers of a nomination dossier, as the nominating unit prepared them. */
function paper(kind: string, issuer: string, branch: string) {
  const place = 'Đà Nẵng';
  const papers: Record<string, { name: string; title: string; lines: string[] }> = {
    requestLetter: {
      name: `Tờ trình đề nghị khen thưởng - ${branch}.pdf`,
      title: 'Tờ trình đề nghị khen thưởng',
      lines: [
        'Kính gửi: Ban Thường vụ Thành đoàn Đà Nẵng',
        `Ban Thường vụ ${issuer} đề nghị tặng danh hiệu "Chi đoàn khu dân cư xuất sắc tiêu biểu"`,
        `cho ${branch}, đã hoàn thành xuất sắc nhiệm vụ công tác Đoàn và phong trào thanh niên.`,
      ],
    },
    meetingRecord: {
      name: `Biên bản họp Ban Thường vụ - xét đề nghị khen thưởng.pdf`,
      title: 'Biên bản họp Ban Thường vụ',
      lines: [
        'Thời gian: 14 giờ 00; Địa điểm: Văn phòng Đoàn.',
        'Thành phần: 5/5 đồng chí Ủy viên Ban Thường vụ có mặt.',
        `Nội dung: xét đề nghị khen thưởng ${branch}. Kết quả biểu quyết: 5/5 tán thành.`,
      ],
    },
    nomineeList: {
      name: 'Danh sách đề nghị khen thưởng.pdf',
      title: 'Danh sách tập thể đề nghị khen thưởng',
      lines: [`1. ${branch} - Chi đoàn khu dân cư xuất sắc tiêu biểu`],
    },
    achievementReport: {
      name: `Báo cáo thành tích - ${branch}.pdf`,
      title: 'Báo cáo thành tích',
      lines: [
        'I. Đặc điểm tình hình: 42 đoàn viên, sinh hoạt đều đặn hằng tháng.',
        'II. Thành tích: mô hình "3 có"; công trình "Tuyến đường thanh niên tự quản";',
        '    tổ chức 12 buổi sinh hoạt, 3 buổi sinh hoạt liên chi đoàn, 2 buổi giao ban.',
        'III. Đề nghị: Chi đoàn khu dân cư xuất sắc tiêu biểu.',
      ],
    },
  };
  const { name, title, lines } = papers[kind]!;
  return {
    kind,
    name,
    bytes: demoPdf({
      issuer,
      title,
      lines,
      place: `${place}, ngày ... tháng ... năm ...`,
      signer: 'TM. BAN THƯỜNG VỤ',
    }),
  };
}

async function fileDossier(seed: SeedContext, name: string, id: string, officer: string, kinds: string[]) {
  const unit = { 'p-hieu': 'Đoàn xã Trà Đốc', 'p-nga': 'Đoàn phường Hòa Châu', 'p-minh': 'Đoàn xã Trà My' };
  const branch = {
    thon2: 'Chi đoàn thôn 2',
    tayan: 'đồng chí Mai Tường Vy, Bí thư Chi đoàn khu dân cư Tây An',
    tdp1: 'đồng chí Hồ Văn Giang, Bí thư Chi đoàn tổ dân phố 1',
  };
  const issuer = unit[officer as keyof typeof unit];
  const files = kinds.map((kind) => paper(kind, issuer, branch[name as keyof typeof branch]));
  const attachments = await seed.upload(id, officer, files);
  await seed.send(`${name}:documents`, id, officer, 'ADD_DOCUMENT', {}, { attachments });
}

/**
 * Three nominations in the open round (v2: the round's quota, deadline and forms are read from it):
 * Chi đoàn thôn 2 being prepared at Trà Đốc (its rating comes from its branch review's record), a
 * branch secretary nominated by Hòa Châu waiting for the office's check past its time — Hòa Châu's
 * quota reached — and one by Trà My with the council (two of four votes cast). Before them, last
 * quarter's round, decided (seed-decided-round.ts).
 */
export const awardNominationSeed: DemoSeed = {
  workflowId: 'award-nomination',
  async run(seed) {
    await seedDecidedRound(seed);
    const round = demoAwardRound(seed.today);
    const campaignId = (await seed.instanceIdOf('award-campaign', 'open:start')) ?? 'demo-award-round';
    // v2: the nomination names its round, form and nominee; the server reads the rest from the round.
    const nomination = (
      nominatingUnitId: string,
      nominee: { kind: 'branch'; unitId: string } | { kind: 'person'; personId: string },
    ) => ({
      campaignId,
      nominatingUnitId,
      awardFormId: nominee.kind === 'branch' ? round.branchForm.id : round.personForm.id,
      nominee,
    });
    // The last yearly classification before the deadline's year (the policy accepts one year old).
    const rating = { year: Number(round.deadline.slice(0, 4)) - 1, rating: 'excellent', disciplined: false };
    const allKinds = ['requestLetter', 'meetingRecord', 'nomineeList', 'achievementReport'];

    seed.daysAgo(7);
    const thon2 = await seed.start(
      'thon2:start',
      'p-hieu',
      nomination('tradoc', { kind: 'branch', unitId: 'cd-thon2' }),
    );
    await fileDossier(seed, 'thon2', thon2.id, 'p-hieu', ['requestLetter', 'meetingRecord']);

    seed.daysAgo(12);
    const tayan = await seed.start(
      'tayan:start',
      'p-nga',
      nomination('hoachau', { kind: 'person', personId: 'p-vy' }),
    );
    await fileDossier(seed, 'tayan', tayan.id, 'p-nga', allKinds);
    await seed.send('tayan:rating', tayan.id, 'p-nga', 'RECORD_RATING', rating);
    // Submitted 9 days ago: the office had 5 working days to check it. Hòa Châu's quota in the
    // round is 1: with this dossier it is reached (a second one is refused at submission).
    seed.daysAgo(9);
    await seed.send('tayan:submit', tayan.id, 'p-nga', 'SUBMIT');

    seed.daysAgo(9, 10);
    const tdp1 = await seed.start(
      'tdp1:start',
      'p-minh',
      nomination('tramy', { kind: 'person', personId: 'p-giang' }),
    );
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

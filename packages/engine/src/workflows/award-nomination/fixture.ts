/**
 * Test fixture: the demo province with the awards council of Thành đoàn Đà Nẵng filled out, an
 * officer of the central union (the "wrong unit" for everything here), and officers whose branch
 * membership puts them in a conflict of interest on some nominations.
 */
import { demoDirectoryData } from '../../demo/directory.ts';
import { OrgDirectory } from '../../directory.ts';
import type { AttachmentRef } from '../../documents.ts';
import { InstanceDriver, testAttachment } from '../../testing/harness.ts';
import type { DocumentKind } from './schema.ts';
import { awardNomination } from './index.ts';

const always = '2000-01-01';

export const awardDirectory = new OrgDirectory({
  ...demoDirectoryData,
  people: [
    ...demoDirectoryData.people,
    // Phó Bí thư Thành đoàn, Phó Chủ tịch Hội đồng; lives in thôn 2 and takes part in its branch.
    { id: 'p-long', name: 'Lê Hoàng Long', memberOf: 'cd-thon2' },
    // Chuyên viên Văn phòng Thành đoàn, ủy viên Hội đồng; member of the Tây An residential branch.
    { id: 'p-oanh', name: 'Trịnh Kim Oanh', memberOf: 'cd-kdc-tayan' },
    // Ủy viên Ban Thường vụ Đoàn phường Hòa Châu.
    { id: 'p-hoa', name: 'Lương Thị Hoa', memberOf: null },
    // An officer of Trung ương Đoàn: every role here, at the wrong unit.
    { id: 'p-xuan', name: 'Đinh Thanh Xuân', memberOf: null },
  ],
  bindings: [
    ...demoDirectoryData.bindings,
    { personId: 'p-long', role: 'upperStanding', unitId: 'dn', validFrom: always },
    { personId: 'p-long', role: 'standingSecretary', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-long', role: 'councilChair', unitId: 'dn', validFrom: always, deputy: true },
    { personId: 'p-long', role: 'councilMember', unitId: 'dn', validFrom: always },
    { personId: 'p-oanh', role: 'secretariat', unitId: 'dn', validFrom: always },
    { personId: 'p-oanh', role: 'councilMember', unitId: 'dn', validFrom: always },
    { personId: 'p-hoa', role: 'baseStanding', unitId: 'hoachau', validFrom: always },
    ...['secretariat', 'councilMember', 'councilChair', 'standingSecretary', 'upperStanding'].map((role) => ({
      personId: 'p-xuan',
      role,
      unitId: 'tw',
      validFrom: always,
    })),
  ],
});

/** The council of Thành đoàn Đà Nẵng in this fixture: p-ha (chair), p-long, p-tuan, p-yen, p-nga, p-oanh. */
export const councilSize = 6;

export const outstandingBranch = {
  id: 'cd-kdc-xuat-sac',
  name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu',
  nomineeKind: 'branch' as const,
};

export const goodBranchSecretary = {
  id: 'bi-thu-gioi',
  name: 'Bí thư chi đoàn giỏi',
  nomineeKind: 'person' as const,
};

/** The round for the Union's anniversary (26/3): dossiers close Tuesday 10/3/2026 at 17:00. */
export const deadline = '2026-03-10T10:00:00.000Z';
/** Wednesday 11/2/2026, 09:00 in Vietnam, the week before Tết. */
export const openingDay = '2026-02-11T02:00:00.000Z';

/** Đoàn xã Trà Đốc nominates Chi đoàn thôn 2 (where p-long is a member). */
export const thon2Nomination = {
  campaignId: 'dot-26-3-2026',
  awardingUnitId: 'dn',
  nominatingUnitId: 'tradoc',
  deadline,
  quota: 2,
  alreadySubmitted: 0,
  councilSize,
  awardForm: outstandingBranch,
  nominee: { kind: 'branch', unitId: 'cd-thon2' },
};

/** Đoàn phường Hòa Châu nominates Chi đoàn khu dân cư Tây An (where p-oanh is a member). */
export const tayanNomination = {
  ...thon2Nomination,
  nominatingUnitId: 'hoachau',
  nominee: { kind: 'branch', unitId: 'cd-kdc-tayan' },
};

/** Đoàn phường Hòa Châu nominates its own secretary, p-nga, who sits on the council. */
export const ngaNomination = {
  ...thon2Nomination,
  nominatingUnitId: 'hoachau',
  awardForm: { id: 'can-bo-tieu-bieu', name: 'Cán bộ Đoàn tiêu biểu', nomineeKind: 'person' },
  nominee: { kind: 'person', personId: 'p-nga' },
};

/** The dossier's files as the server describes them once uploaded. */
export const documents: Record<DocumentKind, AttachmentRef> = {
  requestLetter: testAttachment('requestLetter', 'Tờ trình số 05-TTr-ĐTN.pdf'),
  meetingRecord: testAttachment('meetingRecord', 'Biên bản họp Ban Thường vụ ngày 10-02-2026.pdf'),
  nomineeList: testAttachment('nomineeList', 'Danh sách đề nghị khen thưởng.pdf'),
  achievementReport: testAttachment('achievementReport', 'Báo cáo thành tích năm 2025.pdf'),
};

export const excellent2025 = { year: 2025, rating: 'excellent', disciplined: false };

export const nominationDriver = (now = openingDay) =>
  new InstanceDriver(awardNomination, { now, directory: awardDirectory });

/** The nominating unit's officer files every document and the nominee's classification. */
export function completeDossier(driver: InstanceDriver, officer: string): InstanceDriver {
  for (const document of Object.values(documents)) {
    driver.send(officer, 'ADD_DOCUMENT', {}, { attachments: [document] });
  }
  return driver.send(officer, 'RECORD_RATING', excellent2025);
}

/** The officers who prepare each fixture nomination, and its start-to-vote path. */
const preparer: Record<string, string> = { tradoc: 'p-hieu', hoachau: 'p-hoa' };

export function nominationIn(
  state: 'preparing' | 'secretariatCheck' | 'councilVoting' | 'awaitingSignature',
  input: { nominatingUnitId: string } = thon2Nomination,
): InstanceDriver {
  const officer = preparer[input.nominatingUnitId]!;
  const driver = nominationDriver().start(officer, input);
  if (state === 'preparing') return driver;
  completeDossier(driver, officer).send(officer, 'SUBMIT');
  if (state === 'secretariatCheck') return driver;
  driver.send('p-yen', 'ACCEPT_DOSSIER');
  if (state === 'councilVoting') return driver;
  // Four of the six (the quorum) vote yes, skipping members in a conflict of interest.
  const voters = ['p-ha', 'p-tuan', 'p-yen', 'p-long', 'p-nga', 'p-oanh'].filter((member) =>
    driver.allowed(member).includes('CAST_VOTE'),
  );
  for (const member of voters.slice(0, 4)) driver.send(member, 'CAST_VOTE', { vote: 'yes' });
  return driver.send('p-ha', 'CLOSE_VOTE');
}

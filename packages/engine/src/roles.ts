import type { Label } from './define-workflow.ts';

/**
 * The words officers read for the roles the Union's workflows use (DOMAIN.md). One table for the server
 * (inbox search, demo logins) and the widgets; a deployment's own roles show by their id.
 */
export const roleLabels: Readonly<Record<string, Label>> = {
  member: { vi: 'Đoàn viên', en: 'Member' },
  branchSecretary: { vi: 'Bí thư chi đoàn', en: 'Branch secretary' },
  branchDeputy: { vi: 'Phó Bí thư chi đoàn', en: 'Branch deputy secretary' },
  branchCommittee: { vi: 'BCH chi đoàn', en: 'Branch committee' },
  baseSecretary: { vi: 'Bí thư Đoàn cơ sở', en: 'Base secretary' },
  baseStanding: { vi: 'BTV Đoàn cơ sở', en: 'Base standing committee' },
  upperStanding: { vi: 'BTV cấp trên trực tiếp', en: 'Standing committee above' },
  secretariat: { vi: 'Văn phòng / Ban Tổ chức', en: 'Secretariat' },
  councilMember: { vi: 'Thành viên Hội đồng TĐKT', en: 'Award council member' },
  councilChair: { vi: 'Chủ tịch Hội đồng TĐKT', en: 'Award council chair' },
  departmentHead: { vi: 'Trưởng ban', en: 'Head of department' },
  standingSecretary: { vi: 'Thường trực', en: 'Standing secretary' },
  cadre: { vi: 'Cán bộ chuyên trách', en: 'Union cadre' },
  host: { vi: 'Đơn vị tiếp đón', en: 'Host unit' },
  system: { vi: 'Hệ thống', en: 'System' },
};

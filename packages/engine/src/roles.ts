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

/**
 * A role's words: the workflow's own roles first (a host's "introducer"), then the Union's. Undefined
 * for a role neither knows; callers show the raw id then.
 */
export function roleLabel(
  role: string,
  workflowRoles?: Readonly<Record<string, Label>> | undefined,
): Label | undefined {
  return (
    (workflowRoles && Object.hasOwn(workflowRoles, role) ? workflowRoles[role] : undefined) ??
    (Object.hasOwn(roleLabels, role) ? roleLabels[role] : undefined)
  );
}

/** What a workflow's rules need of it to check its roles (define-workflow.ts). */
interface RoleUse {
  roles?: Readonly<Record<string, Label>> | undefined;
  permissions: readonly { role: string }[];
  start: readonly { role: string }[];
  documents?: { kinds: Readonly<Record<string, { upload?: readonly { role: string }[] }>> } | undefined;
}

/**
 * Problems with a workflow's roles: a role of its own with a missing Vietnamese or English label,
 * one that redefines a Union role's words, or a role its rules name that has no label anywhere
 * (the inbox would show the raw id).
 */
export function roleProblems(definition: RoleUse): string[] {
  const own = definition.roles ?? {};
  const problems: string[] = [];
  for (const [role, label] of Object.entries(own)) {
    if (Object.hasOwn(roleLabels, role)) problems.push(`role "${role}" is the Union's: its words are fixed`);
    if (!label?.vi?.trim() || !label?.en?.trim())
      problems.push(`role "${role}" needs a Vietnamese and an English label`);
  }
  const named = [
    ...definition.permissions,
    ...definition.start,
    ...Object.values(definition.documents?.kinds ?? {}).flatMap((kind) => kind.upload ?? []),
  ].map((rule) => rule.role);
  for (const role of new Set(named)) {
    if (!roleLabel(role, own)) problems.push(`role "${role}" has no label: declare it in \`roles\``);
  }
  return problems;
}

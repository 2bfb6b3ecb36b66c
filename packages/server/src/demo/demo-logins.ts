import { localDate, roleLabel, type AnyWorkflowDefinition, type OrgDirectory } from '@doanflow/engine';

/** "p-binh — Trần Thị Bình — Bí thư chi đoàn, Chi đoàn thôn 2": who to sign in as, for the banner. */
export function demoLogins(
  directory: OrgDirectory,
  now: Date,
  workflows: readonly AnyWorkflowDefinition[],
): string[] {
  const on = localDate(now);
  // A host's own roles are named by the workflows that register them.
  const ownRoles = Object.assign({}, ...workflows.map((workflow) => workflow.roles ?? {}));
  const roleName = (role: string) => roleLabel(role, ownRoles)?.vi ?? role;
  const unitName = (unitId: string) => directory.resolveUnit(unitId, on)?.name ?? unitId;
  return directory.data.people.map((person) => {
    const roles = directory
      .bindingsOf(person.id, on)
      .map(
        (binding) =>
          `${roleName(binding.role)}${binding.deputy ? ' (cấp phó)' : ''}, ${unitName(binding.unitId)}`,
      );
    const membership = person.memberOf
      ? `Đoàn viên, ${unitName(person.memberOf)}`
      : 'không giữ chức vụ hiện nay';
    return `${person.id} — ${person.name} — ${roles.join('; ') || membership}`;
  });
}

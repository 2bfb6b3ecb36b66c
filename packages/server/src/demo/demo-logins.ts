import { localDate, type OrgDirectory } from '@doanflow/engine';
import { roleNames } from '../runner/role-names.ts';

/** "p-binh — Trần Thị Bình — Bí thư chi đoàn, Chi đoàn thôn 2": who to sign in as, for the banner. */
export function demoLogins(directory: OrgDirectory, now: Date): string[] {
  const on = localDate(now);
  const unitName = (unitId: string) => directory.resolveUnit(unitId, on)?.name ?? unitId;
  return directory.data.people.map((person) => {
    const roles = directory
      .bindingsOf(person.id, on)
      .map(
        (binding) =>
          `${roleNames[binding.role]?.vi ?? binding.role}${binding.deputy ? ' (cấp phó)' : ''}, ${unitName(binding.unitId)}`,
      );
    const membership = person.memberOf
      ? `Đoàn viên, ${unitName(person.memberOf)}`
      : 'không giữ chức vụ hiện nay';
    return `${person.id} — ${person.name} — ${roles.join('; ') || membership}`;
  });
}

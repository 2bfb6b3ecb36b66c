import { localDate, OrgDirectory, vietnamCalendar, type Principal } from '@doanflow/engine';
import { ServerError } from '../../errors.ts';
import type { WorkflowRuntime } from '../../runner/contract.ts';

/**
 * Who may manage the directory and webhooks: a person holding one of `roles`, in force today, at a
 * top-level unit — a root of the org tree or at most `depth` levels below one. The default (roles
 * "admin" and "secretariat", depth 1) admits the central union and a province's office (Văn phòng
 * Tỉnh/Thành đoàn) whether or not the central union is in the data, and nobody at a base or branch.
 */
export interface AdminPolicy {
  roles: string[];
  depth: number;
  /**
   * A person id who administers while nobody in the directory does (DOANFLOW_FIRST_ADMIN): on a
   * first run the database is empty, so without it nobody could load the directory over HTTP.
   */
  firstAdmin?: string;
}

export const defaultAdminPolicy: AdminPolicy = { roles: ['admin', 'secretariat'], depth: 1 };

const today = (runtime: WorkflowRuntime) => localDate(runtime.clock?.now() ?? new Date(), vietnamCalendar);

export async function loadDirectory(runtime: WorkflowRuntime): Promise<OrgDirectory> {
  return new OrgDirectory(await runtime.directory());
}

export async function requireAdmin(
  runtime: WorkflowRuntime,
  principal: Principal,
  policy: AdminPolicy = defaultAdminPolicy,
): Promise<void> {
  if (principal.kind !== 'person') throw new ServerError('FORBIDDEN', 'a person must do this', {});
  const data = await runtime.directory();
  const directory = new OrgDirectory(data);
  const on = today(runtime);
  const administers = (personId: string) =>
    directory
      .bindingsOf(personId, on)
      .some(
        (binding) =>
          policy.roles.includes(binding.role) &&
          directory.ancestors(binding.unitId, on).length <= policy.depth,
      );
  const bootstrapping =
    policy.firstAdmin !== undefined &&
    principal.personId === policy.firstAdmin &&
    !data.bindings.some((binding) => administers(binding.personId));
  if (!administers(principal.personId) && !bootstrapping) {
    throw new ServerError('FORBIDDEN', 'only the directory administrators may do this', {
      roles: policy.roles,
    });
  }
}

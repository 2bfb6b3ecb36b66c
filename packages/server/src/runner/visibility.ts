import {
  localDate,
  type AnyWorkflowDefinition,
  type InstanceSnapshot,
  type Principal,
  type RoleBinding,
} from '@doanflow/engine';
import type { DirectoryCache } from './directory-cache.ts';
import type { TaskRow } from './rows.ts';

/** The units an instance concerns, as they stand today (mergers followed). */
export function instanceUnits(
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  cache: DirectoryCache,
  on: string,
): string[] {
  const units = Object.values(definition.units(snapshot.machine.context as never)).filter(
    (id): id is string => typeof id === 'string' && id.length > 0,
  );
  const resolved = units.map((id) => cache.directory.resolveUnit(id, on)?.id ?? id);
  return [...new Set([...units, ...resolved])];
}

/**
 * Whether a person may act on a task row (the inbox's rule), with their own bindings and those lent
 * to them by delegations in force (`lent`, delegation-store.ts).
 */
export function mayActOn(
  personId: string,
  task: TaskRow,
  cache: DirectoryCache,
  now: Date,
  lent: readonly RoleBinding[] = [],
): boolean {
  if (task.person_id) return task.person_id === personId;
  const on = localDate(now);
  return [...cache.directory.bindingsOf(personId, on), ...lent].some(
    (binding) =>
      binding.role === task.role &&
      (binding.unitId === task.unit_id ||
        (task.or_above &&
          task.unit_id !== null &&
          cache.directory.isAncestor(binding.unitId, task.unit_id, on))),
  );
}

/**
 * A person sees an instance when it is about them, when they hold any role at one of its units or
 * above one, or when they have a task on it. The system sees everything.
 */
export function canSee(
  principal: Principal,
  definition: AnyWorkflowDefinition,
  snapshot: InstanceSnapshot,
  /** The open tasks, or how to compute them: only asked for when nothing cheaper decided. */
  tasks: readonly TaskRow[] | (() => readonly TaskRow[]),
  cache: DirectoryCache,
  now: Date,
  lent: readonly RoleBinding[] = [],
): boolean {
  if (principal.kind === 'system') return true;
  const { personId } = principal;
  if (definition.subject(snapshot.machine.context as never).personId === personId) return true;
  const on = localDate(now);
  // A delegate sees what the holder's lent role shows; nothing of the holder's other roles.
  const bindings = [...cache.directory.bindingsOf(personId, on), ...lent];
  if (bindings.length > 0) {
    for (const unitId of instanceUnits(definition, snapshot, cache, on)) {
      if (
        bindings.some(
          (binding) => binding.unitId === unitId || cache.directory.isAncestor(binding.unitId, unitId, on),
        )
      )
        return true;
    }
  }
  return (typeof tasks === 'function' ? tasks() : tasks).some((task) =>
    mayActOn(personId, task, cache, now, lent),
  );
}

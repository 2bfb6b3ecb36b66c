import type { OrgDirectory, Principal } from '@doanflow/engine';
import { ServerError } from '../errors.ts';

/** Roles that hold no office over a unit's work: they read their own cases, not the unit's report. */
const nonReportingRoles = new Set(['member', 'host', 'cadre']);

export interface ReportScope {
  unitId: string;
  subtree: boolean;
  /** The day the tree is read on. */
  on: string;
  /** The unit, and every unit below it when `subtree`. */
  units: string[];
  /** The units above (an award round of the level above sets this unit's quotas). */
  ancestors: string[];
  /** Each unit in scope → the report's unit or the unit directly below it that contains it. */
  rollup: Map<string, string>;
}

/**
 * Who may read a unit's report: a person holding an office (any role but member, host or cadre) at the
 * unit or above it, on the day. Anyone else, and any unit unknown on that day, is refused alike (403),
 * so a refusal says nothing about which units exist.
 */
export function reportScope(
  directory: OrgDirectory,
  principal: Principal,
  unitId: string,
  subtree: boolean,
  on: string,
): ReportScope {
  const unit = directory.unitOn(unitId, on);
  const covers =
    principal.kind === 'system' ||
    (unit !== undefined &&
      directory
        .bindingsOf(principal.personId, on)
        .some(
          (binding) =>
            !nonReportingRoles.has(binding.role) &&
            (binding.unitId === unitId || directory.isAncestor(binding.unitId, unitId, on)),
        ));
  if (!covers || !unit) {
    throw new ServerError('FORBIDDEN', 'only officers of this unit or a level above it may read its report', {
      unitId,
    });
  }
  // One pass over the tree of the day (children() per unit would be quadratic on a province).
  const childrenOf = new Map<string, string[]>();
  for (const record of directory.data.units) {
    if (record.validFrom > on || (record.validTo != null && record.validTo < on) || !record.parentId)
      continue;
    childrenOf.set(record.parentId, [...(childrenOf.get(record.parentId) ?? []), record.id]);
  }
  const rollup = new Map<string, string>([[unitId, unitId]]);
  if (subtree) {
    for (const child of childrenOf.get(unitId) ?? []) {
      const stack = [child];
      while (stack.length > 0) {
        const id = stack.pop()!;
        if (rollup.has(id)) continue;
        rollup.set(id, child);
        stack.push(...(childrenOf.get(id) ?? []));
      }
    }
  }
  return {
    unitId,
    subtree,
    on,
    units: [...rollup.keys()],
    ancestors: directory.ancestors(unitId, on).map((above) => above.id),
    rollup,
  };
}

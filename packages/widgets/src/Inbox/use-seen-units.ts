import { useEffect, useState } from 'react';
import type { TaskView } from '@doanflow/client';
import type { UnitOption } from './InboxFilters.tsx';

/**
 * The units of the tasks seen so far, for the unit filter when the portal gives none: kept across
 * filter changes so the chosen unit stays in the list when its tasks are filtered away.
 */
export function useSeenUnits(items: TaskView[]): UnitOption[] {
  const [known, setKnown] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    setKnown((old) => {
      const fresh = items.filter((task) => task.unitId && task.unitName && !old.has(task.unitId));
      if (fresh.length === 0) return old;
      const next = new Map(old);
      for (const task of fresh) next.set(task.unitId!, task.unitName!);
      return next;
    });
  }, [items]);
  return [...known].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

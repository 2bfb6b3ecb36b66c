import type { InboxQuery } from '@doanflow/client';

export type DueFilter = 'any' | 'overdue' | 'week';

/** What the officer chose in the filter bar; turned into the server's query by `toInboxQuery`. */
export interface InboxFilterValues {
  search: string;
  workflowId: string;
  state: string;
  unitId: string;
  due: DueFilter;
}

export const noFilters: InboxFilterValues = { search: '', workflowId: '', state: '', unitId: '', due: 'any' };

/** How many filters narrow the list now (the folded filter button says it). */
export const activeFilters = (filters: InboxFilterValues): number =>
  [filters.search.trim(), filters.workflowId, filters.state, filters.unitId, filters.due !== 'any'].filter(
    Boolean,
  ).length;

const WEEK_MS = 7 * 86_400_000;

export function toInboxQuery(filters: InboxFilterValues, now: Date, limit: number): InboxQuery {
  const query: InboxQuery = { limit };
  if (filters.search.trim()) query.search = filters.search.trim();
  if (filters.workflowId) query.workflowId = filters.workflowId;
  if (filters.workflowId && filters.state) query.state = filters.state;
  if (filters.unitId) query.unitId = filters.unitId;
  if (filters.due === 'overdue') query.dueBefore = now.toISOString();
  if (filters.due === 'week') query.dueBefore = new Date(now.getTime() + WEEK_MS).toISOString();
  return query;
}

import { createHash } from 'node:crypto';
import type { Delegation } from '@doanflow/engine';
import type { Query } from '../db/database.ts';
import { inForceFor } from '../delegations/delegation-store.ts';
import { ServerError } from '../errors.ts';
import { searchText } from '../persistence/search-text.ts';
import type { InboxQuery } from './contract.ts';
import type { TaskRow } from './rows.ts';
import { UNSET_PATHS_PROBE } from './task-paths.ts';

export interface InboxScope {
  personId: string;
  /** The (role, unit) pairs the person acts for: a few, even for a province officer. */
  actsFor: [string, string][];
  /** The local date on which delegations are in force. */
  day: string;
}

export interface InboxAnswer {
  rows: TaskRow[];
  nextCursor: string | null;
  total: number;
  overdue: number;
  byWorkflow: Record<string, number>;
  /** The delegations naming the person as delegate on `day`: their lent pairs widen the scope. */
  delegations: Delegation[];
  /** Some task row has no unit path yet (TaskPaths): "or above" tasks may be missing from this page. */
  unsetPaths: boolean;
}

interface Cursor {
  d: string | null;
  i: string;
  t: number;
}

const encodeCursor = (row: TaskRow): string =>
  Buffer.from(JSON.stringify({ d: row.due, i: row.instance_id, t: row.id })).toString('base64url');

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Cursor;
    if (typeof parsed.i !== 'string' || typeof parsed.t !== 'number') throw new Error();
    return parsed;
  } catch {
    throw new ServerError('BAD_REQUEST', 'the cursor is not valid');
  }
}

/**
 * The common inbox requests are prepared per connection (named statements): planning was ~0.7–1 ms
 * of a ~1 ms statement. The page size is written into the SQL (a LIMIT parameter makes PostgreSQL
 * keep re-planning: its generic plan assumes a tenth of the rows), so only usual page sizes, short
 * searches and the widget's filters are named, which bounds the statements a connection keeps
 * (2 sizes × 3 word counts × 4 filter sets × 3 cursor kinds); anything else is planned each time.
 */
const PREPARED_PAGE_SIZES = new Set([20, 50]);
const PREPARED_UP_TO_WORDS = 2;

const pairs = (list: [string, string][]) =>
  JSON.stringify(list.map(([role, unit]) => ({ role, unit_id: unit })));

/**
 * The caller's open tasks in due order (nulls last), keyset-paginated on (due, instance, task), with
 * counts over the whole filtered set — one statement. It also reads what decides whether the page
 * is final (the caller's delegations in force, rows without a unit path), so the common request is
 * one round trip; the runtime asks again when either says the scope was short.
 */
export async function queryInbox(
  query: Query,
  scope: InboxScope,
  filter: InboxQuery,
  now: Date,
): Promise<InboxAnswer> {
  // Distinct pairs: a holder and deputy binding of one role at one unit must not list a task twice.
  const actsFor = [...new Map(scope.actsFor.map((pair) => [pair.join('\u0000'), pair])).values()];
  const params: unknown[] = [pairs(actsFor), [...new Set(actsFor.map(([, unit]) => unit))], scope.personId];
  const add = (value: unknown) => `$${params.push(value)}`;
  // Three disjoint index-driven branches, as visibility.ts's mayActOn reads a task row: at one of the
  // caller's (role, unit) pairs; "or above" with the role held at a unit strictly above (on its unit
  // path) and not also at its unit; or the caller's own personal task. One OR could only be answered
  // by scanning every task row; disjoint branches return whole rows without a second look-up by id.
  // The own pairs probe the (role, unit_id, …) index one pair at a time: "offset 0" keeps the lateral
  // subquery from being flattened into a hash join, which PostgreSQL picks because it assumes a
  // jsonb_to_recordset yields 100 rows (a full scan of the tasks table, ~30 ms at 100,000 tasks).
  const matching = `
      select o.* from jsonb_to_recordset($1::jsonb) p(role text, unit_id text)
        cross join lateral (select o.* from tasks o
          where o.role = p.role and o.unit_id = p.unit_id and o.person_id is null offset 0) o
      union all
      select a.* from tasks a where a.or_above and a.unit_path && $2::text[] and a.person_id is null
        and exists (select 1 from jsonb_to_recordset($1::jsonb) p(role text, unit_id text)
          where p.role = a.role and p.unit_id = any(a.unit_path) and p.unit_id <> a.unit_id)
        and not exists (select 1 from jsonb_to_recordset($1::jsonb) p(role text, unit_id text)
          where p.role = a.role and p.unit_id = a.unit_id)
      union all
      select m.* from tasks m where m.person_id = $3`;
  const where = ['true'];
  if (filter.workflowId) where.push(`t.workflow_id = ${add(filter.workflowId)}`);
  if (filter.state) where.push(`t.state = ${add(filter.state)}`);
  // The filter unit and every unit below it.
  if (filter.unitId) where.push(`${add(filter.unitId)} = any(t.unit_path)`);
  if (filter.dueBefore) where.push(`t.due < ${add(filter.dueBefore)}::timestamptz`);
  const words = searchText(filter.search).split(' ').filter(Boolean);
  for (const word of words) {
    where.push(`t.search like ${add(`%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
  }
  const after: string[] = [];
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor);
    const key = `(e.instance_id, e.id) > (${add(cursor.i)}, ${add(cursor.t)}::bigint)`;
    if (cursor.d === null) after.push(`(e.due is null and ${key})`);
    else {
      const due = `${add(cursor.d)}::timestamptz`;
      after.push(`(e.due > ${due} or (e.due = ${due} and ${key}) or e.due is null)`);
    }
  }
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const nowParam = add(now.toISOString());
  const dayParam = add(scope.day);
  // One case at one step is one row: an officer holding two roles at a unit (Bí thư and Thường vụ of a
  // base) matches a task row per role. Only a caller acting for several pairs can match twice, so only
  // then is the sort paid; the earliest deadline's row stands for the step.
  const filtered = `select t.* from (${matching}) t where ${where.join(' and ')}`;
  const eligible =
    actsFor.length > 1
      ? `select distinct on (t.instance_id, t.state) t.* from (${filtered}) t
           order by t.instance_id, t.state, t.due asc nulls last, t.id`
      : filtered;
  const sql = `with eligible as materialized (${eligible})
     select
       (select coalesce(json_agg(x), '[]'::json) from (
          select e.*, (select i.revision from instances i where i.id = e.instance_id) as revision
            from eligible e ${after.length ? `where ${after.join(' and ')}` : ''}
          order by e.due asc nulls last, e.instance_id, e.id limit ${limit + 1}) x) as items,
       (select count(*) from eligible) as total,
       (select count(*) from eligible where due < ${nowParam}::timestamptz) as overdue,
       (select coalesce(json_object_agg(workflow_id, n), '{}'::json)
          from (select workflow_id, count(*) as n from eligible group by workflow_id) w) as by_workflow,
       ${inForceFor('$3', dayParam)} as delegations,
       ${UNSET_PATHS_PROBE} as unset_paths`;
  const prepared =
    PREPARED_PAGE_SIZES.has(limit) &&
    words.length <= PREPARED_UP_TO_WORDS &&
    !filter.state &&
    !filter.dueBefore;
  const name = prepared
    ? `doanflow_inbox_${createHash('sha1').update(sql).digest('base64url').slice(0, 16)}`
    : undefined;
  const [result] = await query<{
    items: TaskRow[];
    total: string;
    overdue: string;
    by_workflow: Record<string, number>;
    delegations: Delegation[];
    unset_paths: boolean;
  }>(sql, params, name);
  const items = result?.items ?? [];
  const page = items.slice(0, limit);
  return {
    rows: page,
    nextCursor: items.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    total: Number(result?.total ?? 0),
    overdue: Number(result?.overdue ?? 0),
    byWorkflow: result?.by_workflow ?? {},
    delegations: result?.delegations ?? [],
    unsetPaths: result?.unset_paths ?? false,
  };
}

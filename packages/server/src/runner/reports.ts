import { localDate, vietnamCalendar, type Principal } from '@doanflow/engine';
import type { UnitReport } from '@doanflow/client';
import { ServerError } from '../errors.ts';
import type { Query } from '../db/database.ts';
import type { DirectoryCache } from './directory-cache.ts';
import type { ReportMemo } from './report-memo.ts';
import { reportScope, type ReportScope } from './report-scope.ts';

export interface ReportRequest {
  unitId: string;
  subtree: boolean;
  from?: string | undefined;
  to?: string | undefined;
}

/** The context fields the report reads, as JSON paths into `instances.snapshot`. */
const ctx = (...path: string[]) => `snapshot #>> '{machine,context,${path.join(',')}}'`;

/** Day bounds in Vietnam time: `from` 00:00 inclusive, the day after `to` exclusive. */
const startOf = (day: string) => `${day}T00:00:00+07:00`;
const dayAfter = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * A unit's report for a period (issue 14). Every figure is read from the unit's own rows: instances
 * by `org_unit_id` (the unit the instance is about), open tasks by `unit_path`; the indexes are in
 * Migration20261212000000_dashboard_reports. The caller must hold an office at the unit or above it.
 */
export async function unitReport(
  query: Query,
  cache: DirectoryCache,
  principal: Principal,
  request: ReportRequest,
  now: Date,
  memo?: ReportMemo,
): Promise<UnitReport> {
  const today = localDate(now, vietnamCalendar);
  const scope = reportScope(cache.directory, principal, request.unitId, request.subtree, today);
  const from = request.from ?? `${(request.to ?? today).slice(0, 4)}-01-01`;
  const to = request.to ?? `${from.slice(0, 4)}-12-31`;
  if (from > to) throw new ServerError('BAD_REQUEST', '`from` must not be after `to`', { from, to });
  const compute = () => computeReport(query, cache, scope, { from, to }, now);
  if (!memo) return compute();
  return memo.remember(
    `${cache.version}|${scope.unitId}|${scope.subtree}|${from}|${to}`,
    now.getTime(),
    compute,
  );
}

async function computeReport(
  query: Query,
  cache: DirectoryCache,
  scope: ReportScope,
  { from, to }: { from: string; to: string },
  now: Date,
): Promise<UnitReport> {
  const today = scope.on;
  const year = from.slice(0, 4);
  const period = [startOf(from), startOf(dayAfter(to))];
  const units = scope.units;

  const [openTasks, leadTimes, totals, ratings, fieldDays, awards, transfers] = await Promise.all([
    openTaskCounts(query, scope, now),
    query<{ workflow_id: string; step: string; count: number; p50: number; p90: number }>(
      `with moves as (
         select i.workflow_id, h.from_state, h.at,
                lag(h.at) over (partition by h.instance_id order by h.seq) as entered
           from instances i join history h on h.instance_id = i.id
          where i.org_unit_id = any($1) and i.updated_at >= $2
            and h.from_state is distinct from h.to_state)
       select workflow_id, from_state as step, count(*)::int as count,
              percentile_cont(0.5) within group (order by extract(epoch from at - entered)) / 3600 as p50,
              percentile_cont(0.9) within group (order by extract(epoch from at - entered)) / 3600 as p90
         from moves where entered is not null and at >= $2 and at < $3
        group by 1, 2 order by 1, 2`,
      [units, ...period],
    ),
    query<{ workflow_id: string; count: number; p50: number; p90: number }>(
      `select workflow_id, count(*)::int as count,
              percentile_cont(0.5) within group (order by extract(epoch from updated_at - created_at)) / 3600 as p50,
              percentile_cont(0.9) within group (order by extract(epoch from updated_at - created_at)) / 3600 as p90
         from instances
        where org_unit_id = any($1) and status <> 'active' and updated_at >= $2 and updated_at < $3
        group by 1 order by 1`,
      [units, ...period],
    ),
    query<{ level: string; branches: number }>(
      `select coalesce(${ctx('result', 'level')}, 'pending') as level, count(*)::int as branches
         from instances
        where org_unit_id = any($1) and workflow_id = 'branch-review' and ${ctx('year')} = $2
          and (status = 'active' or ${ctx('result', 'level')} is not null)
        group by 1`,
      [units, year],
    ),
    query<{ cadre_id: string; unit_id: string; credited: number; quota: number | null; exempt: boolean }>(
      `select ${ctx('cadreId')} as cadre_id, ${ctx('unitId')} as unit_id,
              coalesce((${ctx('creditedDays')})::numeric, 0)::float8 as credited,
              (${ctx('policy', 'yearlyQuotaDays')})::float8 as quota,
              coalesce(snapshot #> '{machine,context,exemption}', 'null') <> 'null'::jsonb as exempt
         from instances
        where org_unit_id = any($1) and workflow_id = 'field-visit' and ${ctx('year')} = $2`,
      [units, year],
    ),
    awardQuotas(query, cache, scope, from, to),
    transferCounts(query, cache, scope, period, today),
  ]);

  return {
    unitId: scope.unitId,
    unitName: cache.unitName(scope.unitId, today) ?? scope.unitId,
    subtree: scope.subtree,
    from,
    to,
    generatedAt: now.toISOString(),
    openTasks,
    leadTimes: [
      ...leadTimes.map((row) => ({
        workflowId: row.workflow_id,
        step: row.step,
        count: row.count,
        p50Hours: hundredths(row.p50),
        p90Hours: hundredths(row.p90),
      })),
      ...totals.map((row) => ({
        workflowId: row.workflow_id,
        step: '*',
        count: row.count,
        p50Hours: hundredths(row.p50),
        p90Hours: hundredths(row.p90),
      })),
    ],
    ratings: (['outstanding', 'good', 'completed', 'notCompleted', 'pending'] as const).map((level) => ({
      level,
      branches: ratings.find((row) => row.level === level)?.branches ?? 0,
    })),
    fieldDays: fieldDays
      .map((row) => ({
        cadreId: row.cadre_id,
        cadreName: cache.personName(row.cadre_id) ?? row.cadre_id,
        unitId: row.unit_id,
        unitName: cache.unitName(row.unit_id, today) ?? row.unit_id,
        creditedDays: row.credited,
        quotaDays: row.quota ?? 60,
        exempt: row.exempt,
      }))
      .sort(
        (a, b) => a.unitName.localeCompare(b.unitName, 'vi') || a.cadreName.localeCompare(b.cadreName, 'vi'),
      ),
    awards,
    transfers,
  };
}

const hundredths = (hours: number) => Math.round(hours * 100) / 100;

async function openTaskCounts(query: Query, scope: ReportScope, now: Date) {
  // The unit and below: one array test on the task's path (GIN index); the unit alone: its own tasks.
  const where = scope.subtree ? 'unit_path @> array[$1]::text[]' : 'unit_id = $1';
  const rows = await query<{ workflow_id: string; state: string; open: number; overdue: number }>(
    `select workflow_id, state, count(*)::int as open, count(*) filter (where due < $2)::int as overdue
       from tasks where ${where} group by 1, 2 order by 1, 2`,
    [scope.unitId, now.toISOString()],
  );
  return rows.map((row) => ({
    workflowId: row.workflow_id,
    step: row.state,
    open: row.open,
    overdue: row.overdue,
  }));
}

/** Rounds with a deadline in the period, awarded at the unit or above it, against the quotas of units in scope. */
async function awardQuotas(
  query: Query,
  cache: DirectoryCache,
  scope: ReportScope,
  from: string,
  to: string,
) {
  const rounds = await query<{ id: string; name: string; deadline: string; quotas: Record<string, number> }>(
    `select id, ${ctx('name')} as name, left(${ctx('deadline')}, 10) as deadline,
            snapshot #> '{machine,context,quotas}' as quotas
       from instances
      where org_unit_id = any($1) and workflow_id = 'award-campaign'
        and left(${ctx('deadline')}, 10) between $2 and $3`,
    [[...scope.units, ...scope.ancestors], from, to],
  );
  if (rounds.length === 0) return [];
  const nominations = await query<{
    campaign_id: string;
    unit_id: string;
    submitted: number;
    awarded: number;
  }>(
    `select ${ctx('campaignId')} as campaign_id, ${ctx('nominatingUnitId')} as unit_id,
            count(*) filter (where ${ctx('submittedAt')} is not null)::int as submitted,
            count(*) filter (where ${ctx('decision')} is not null)::int as awarded
       from instances
      where workflow_id = 'award-nomination' and ${ctx('campaignId')} = any($1)
      group by 1, 2`,
    [rounds.map((round) => round.id)],
  );
  const inScope = new Set(scope.units);
  const today = scope.on;
  return rounds
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id))
    .flatMap((round) => {
      const counted = nominations.filter((row) => row.campaign_id === round.id && inScope.has(row.unit_id));
      const unitIds = [
        ...new Set([
          ...Object.keys(round.quotas ?? {}).filter((id) => inScope.has(id)),
          ...counted.map((row) => row.unit_id),
        ]),
      ];
      return unitIds.map((unitId) => {
        const row = counted.find((each) => each.unit_id === unitId);
        return {
          campaignId: round.id,
          round: round.name,
          deadline: round.deadline,
          unitId,
          unitName: cache.unitName(unitId, today) ?? unitId,
          quota: round.quotas?.[unitId] ?? 0,
          submitted: row?.submitted ?? 0,
          awarded: row?.awarded ?? 0,
        };
      });
    });
}

/** Transfers started in the period, out of and into the units in scope, per unit directly below the report's. */
async function transferCounts(
  query: Query,
  cache: DirectoryCache,
  scope: ReportScope,
  period: string[],
  today: string,
) {
  // The context is read once per row (each `#>>` on the snapshot would de-TOAST it again), from two
  // index-friendly halves: out by the row's unit, in by the receiving base.
  const columns = `id, c->>'sourceBranchId' as source, c->>'sourceBaseId' as source_base,
         c->>'destinationBaseId' as destination, state in ('completed', 'participating') as completed`;
  const rows = await query<{
    id: string;
    source: string;
    source_base: string | null;
    destination: string;
    completed: boolean;
  }>(
    `select ${columns} from instances cross join lateral (select snapshot #> '{machine,context}' as c offset 0) x
      where org_unit_id = any($1) and workflow_id = 'member-transfer' and created_at >= $2 and created_at < $3
     union
     select ${columns} from instances cross join lateral (select snapshot #> '{machine,context}' as c offset 0) x
      where workflow_id = 'member-transfer' and ${ctx('destinationBaseId')} = any($1)
        and created_at >= $2 and created_at < $3`,
    [scope.units, ...period],
  );
  const counts = new Map<
    string,
    { incoming: number; outgoing: number; completedIncoming: number; completedOutgoing: number }
  >();
  const countFor = (unitId: string) => {
    let count = counts.get(unitId);
    if (!count)
      counts.set(unitId, (count = { incoming: 0, outgoing: 0, completedIncoming: 0, completedOutgoing: 0 }));
    return count;
  };
  for (const row of rows) {
    const out =
      scope.rollup.get(row.source) ?? (row.source_base ? scope.rollup.get(row.source_base) : undefined);
    const into = scope.rollup.get(row.destination);
    if (out) {
      countFor(out).outgoing += 1;
      if (row.completed) countFor(out).completedOutgoing += 1;
    }
    if (into) {
      countFor(into).incoming += 1;
      if (row.completed) countFor(into).completedIncoming += 1;
    }
  }
  return [...counts.entries()]
    .map(([unitId, count]) => ({ unitId, unitName: cache.unitName(unitId, today) ?? unitId, ...count }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
}

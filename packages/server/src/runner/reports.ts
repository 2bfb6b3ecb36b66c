import { localDate, vietnamCalendar, type Principal } from '@doanflow/engine';
import type { UnitReport } from '@doanflow/client';
import { ServerError } from '../errors.ts';
import type { Query } from '../db/database.ts';
import type { DirectoryCache } from './directory-cache.ts';
import type { ReportMemo } from './report-memo.ts';
import { reportScope, type ReportScope } from './report-scope.ts';
import { sketchPercentiles, type BucketCount } from '../reports/lead-time-sketch.ts';

export interface ReportRequest {
  unitId: string;
  subtree: boolean;
  from?: string | undefined;
  to?: string | undefined;
}

/** The context fields the report reads, as JSON paths into `instances.snapshot`. */
const ctx = (...path: string[]) => `snapshot #>> '{machine,context,${path.join(',')}}'`;

/**
 * A unit's report for a period (issue 14). Every figure is read from the unit's own rows: instances
 * by `org_unit_id` (the unit the instance is about), nominations by their round (`campaign_id`), open
 * tasks by `unit_path`; the indexes are in Migration20261212000000_dashboard_reports and
 * Migration20261219000000_instance_updates_in_place. The caller must hold an office at the unit or above it.
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
  const units = scope.units;

  const [openTasks, leadTimes, ratings, fieldDays, awards, transfers] = await Promise.all([
    openTaskCounts(query, scope, now),
    stepTimes(query, scope, from, to),
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
    transferCounts(query, cache, scope, from, to, today),
  ]);

  return {
    unitId: scope.unitId,
    unitName: cache.unitName(scope.unitId, today) ?? scope.unitId,
    subtree: scope.subtree,
    from,
    to,
    generatedAt: now.toISOString(),
    openTasks,
    leadTimes,
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

/** Moves per workflow, step and duration bucket for units $1 between days $2 and $3 (bench EXPLAINs it). */
export const stepTimesStatement = `select workflow_id, step, bucket, sum(moves)::int as moves from (
    select workflow_id, step, bucket, moves from report_step_times
     where unit_id = any($1) and day between $2 and $3
    union all
    select workflow_id, step, bucket, moves from report_step_time_deltas
     where unit_id = any($1) and day between $2 and $3) cells
  group by 1, 2, 3`;

/**
 * Lead times per workflow and step (and '*' for whole instances finished), from the rollup the
 * database keeps (Migration20261215000000_report_rollups): the folded cells and the moves not folded
 * yet, read in one statement so a fold in between never counts a move twice or not at all.
 */
async function stepTimes(query: Query, scope: ReportScope, from: string, to: string) {
  const rows = await query<{ workflow_id: string; step: string; bucket: number; moves: number }>(
    stepTimesStatement,
    [scope.units, from, to],
  );
  const byStep = new Map<string, { workflowId: string; step: string; counts: BucketCount[] }>();
  for (const row of rows) {
    const key = `${row.workflow_id}\u0000${row.step}`;
    let entry = byStep.get(key);
    if (!entry) byStep.set(key, (entry = { workflowId: row.workflow_id, step: row.step, counts: [] }));
    entry.counts.push({ bucket: row.bucket, moves: row.moves });
  }
  return (
    [...byStep.values()]
      .map(({ workflowId, step, counts }) => {
        const { count, seconds } = sketchPercentiles(counts, [0.5, 0.9]);
        return {
          workflowId,
          step,
          count,
          p50Hours: hundredths(seconds[0]! / 3600),
          p90Hours: hundredths(seconds[1]! / 3600),
        };
      })
      .filter((row) => row.count > 0)
      // Steps first, then the whole instances ('*'), each by workflow and step.
      .sort(
        (a, b) =>
          Number(a.step === '*') - Number(b.step === '*') ||
          a.workflowId.localeCompare(b.workflowId) ||
          a.step.localeCompare(b.step),
      )
  );
}

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
    `select campaign_id, ${ctx('nominatingUnitId')} as unit_id,
            count(*) filter (where ${ctx('submittedAt')} is not null)::int as submitted,
            count(*) filter (where ${ctx('decision')} is not null)::int as awarded
       from instances
      where workflow_id = 'award-nomination' and campaign_id = any($1)
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
  from: string,
  to: string,
  today: string,
) {
  // The narrow rows the database keeps per transfer (report_transfers), counted per route.
  const rows = await query<{
    source: string | null;
    source_base: string | null;
    destination: string | null;
    completed: boolean;
    transfers: number;
  }>(
    `select source_unit_id as source, source_base_id as source_base, destination_base_id as destination,
            completed, count(*)::int as transfers
       from report_transfers
      where day between $2 and $3
        and (source_unit_id = any($1) or source_base_id = any($1) or destination_base_id = any($1))
      group by 1, 2, 3, 4`,
    [scope.units, from, to],
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
      (row.source ? scope.rollup.get(row.source) : undefined) ??
      (row.source_base ? scope.rollup.get(row.source_base) : undefined);
    const into = row.destination ? scope.rollup.get(row.destination) : undefined;
    if (out) {
      countFor(out).outgoing += row.transfers;
      if (row.completed) countFor(out).completedOutgoing += row.transfers;
    }
    if (into) {
      countFor(into).incoming += row.transfers;
      if (row.completed) countFor(into).completedIncoming += row.transfers;
    }
  }
  return [...counts.entries()]
    .map(([unitId, count]) => ({ unitId, unitName: cache.unitName(unitId, today) ?? unitId, ...count }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi'));
}

import { stepTimesStatement } from '../../packages/server/src/runner/reports.ts';
import { benchUrl, pg } from './env.ts';
import { call, type Client } from './http-load.ts';
import type { Province } from './province.ts';
import { withClient } from './setup.ts';
import { fmt, int, Latencies, log } from './stats.ts';

/**
 * A unit's report (GET /reports/units/:unitId, runner/reports.ts) at scale: after the bulk load's
 * 1,000,000 transfers, each given a three-entry history, plus a year of branch reviews (one per
 * branch, rated), "1+2" years (two cadres per base) and an award round with a quota per base and
 * nominations; then the report of one base and of the whole province, timed over HTTP.
 */
export interface ReportCase {
  who: string;
  unitId: string;
  p50: number;
  p99: number;
  max: number;
  n: number;
  bytes: number;
  failed?: string;
}

export interface ReportFigures {
  seeded: { history: number; reviews: number; visits: number; nominations: number; seconds: number };
  /** The server's housekeeping folding the moves the seed appended into the report's rollup. */
  folded: { seconds: number; cells: number; transfers: number };
  cases: ReportCase[];
  plan: string;
}

const year = new Date().getUTCFullYear();
const ratings = ['outstanding', 'good', 'good', 'completed', 'completed', 'completed', 'notCompleted'];

/** Rows the report reads beyond the transfers: written with generate_series, as the bulk load does. */
async function seedReportRows(bases: Province['bases']): Promise<ReportFigures['seeded']> {
  const started = Date.now();
  const pool = new pg.Pool({ connectionString: benchUrl, max: 2 });
  try {
    const branchIds = bases.flatMap((base) => base.branches.map((branch) => branch.id));
    const baseIds = bases.map((base) => base.id);
    // Requested → at the source branch → at the source base → finished: three moves per transfer.
    const history = await pool.query(
      `insert into history (instance_id, seq, type, actor_role, acting, from_state, to_state, at, hash)
       select i.id, s.seq, s.type, 'member', 'self', s.from_state, s.to_state,
              case s.seq when 0 then i.created_at
                         when 1 then i.created_at + make_interval(hours => (hashtext(i.id) & 63))
                         else i.updated_at end, md5(i.id || s.seq)
         from instances i
         cross join (values (0, 'start', null, 'sourceBranch'), (1, 'CONFIRM', 'sourceBranch', 'sourceBase'),
                            (2, 'ISSUE_REFERRAL', 'sourceBase', 'inTransit')) s(seq, type, from_state, to_state)
        where i.id like 'bulk-%'`,
    );
    const snapshot = (workflowId: string, context: string) =>
      `jsonb_build_object('workflowId', '${workflowId}', 'machine', jsonb_build_object('context', ${context}))`;
    const insert = (select: string, params: unknown[]) =>
      pool.query(
        `insert into instances (id, workflow_id, version, state, status, org_unit_id, unit_ids, snapshot, revision, last_hash, created_at, updated_at)
         select id, wf, 2, state, status, unit, jsonb_build_array(unit), snap, 3, md5(id), now() - interval '90 days', now() - interval '10 days'
           from (${select}) rows`,
        params,
      );
    const reviews = await insert(
      `select 'bench-review-' || b as id, 'branch-review' as wf, 'published' as state, 'done' as status, b as unit,
              ${snapshot('branch-review', `jsonb_build_object('year', $2::int, 'branchId', b, 'result', jsonb_build_object('level', ($3::text[])[abs(hashtext(b)) % 7 + 1]))`)} as snap
         from unnest($1::text[]) b`,
      [branchIds, year, ratings],
    );
    const visits = await insert(
      `select 'bench-visit-' || b || '-' || k as id, 'field-visit' as wf, 'year' as state, 'active' as status, b as unit,
              ${snapshot('field-visit', `jsonb_build_object('year', $2::int, 'cadreId', 'cadre-' || b || '-' || k, 'unitId', b, 'creditedDays', (hashtext(b) & 63), 'policy', jsonb_build_object('yearlyQuotaDays', 60), 'exemption', null)`)} as snap
         from unnest($1::text[]) b cross join generate_series(1, 2) k`,
      [baseIds, year],
    );
    await insert(
      `select 'bench-round' as id, 'award-campaign' as wf, 'open' as state, 'active' as status, 'dn' as unit,
              ${snapshot('award-campaign', `jsonb_build_object('name', 'Đợt khen thưởng ' || $2::int, 'deadline', $2::int || '-12-20T10:00:00.000Z', 'awardingUnitId', 'dn', 'quotas', (select jsonb_object_agg(b, 3) from unnest($1::text[]) b))`)} as snap`,
      [baseIds, year],
    );
    const nominations = await insert(
      `select 'bench-nomination-' || b || '-' || k as id, 'award-nomination' as wf, 'councilVoting' as state, 'active' as status, b as unit,
              ${snapshot('award-nomination', `jsonb_build_object('campaignId', 'bench-round', 'nominatingUnitId', b, 'submittedAt', now()::text, 'decision', case when k = 1 then jsonb_build_object('number', '1') else null end)`)} as snap
         from unnest($1::text[]) b cross join generate_series(1, 2) k`,
      [baseIds],
    );
    // This machine's PostgreSQL runs without autovacuum: do what it would have done after the load,
    // so that index-only scans find the pages all-visible.
    await pool.query('vacuum (analyze) instances');
    await pool.query('vacuum (analyze) history');
    return {
      history: history.rowCount ?? 0,
      reviews: reviews.rowCount ?? 0,
      visits: visits.rowCount ?? 0,
      nominations: nominations.rowCount ?? 0,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await pool.end();
  }
}

async function timeReport(client: Client, person: string, unitId: string, count: number, seconds: number) {
  const latencies = new Latencies(count);
  const deadline = performance.now() + seconds * 1000;
  let bytes = 0;
  for (let i = 0; i < count && performance.now() < deadline; i += 1) {
    const t0 = performance.now();
    // A different last day each time: the server remembers a report for a minute per period.
    const to = `${year}-12-${String(31 - (i % 28)).padStart(2, '0')}`;
    const answer = await call(client, 'GET', `/reports/units/${unitId}?from=${year}-01-01&to=${to}`, person);
    latencies.add(performance.now() - t0);
    if (answer.status !== 200)
      throw new Error(`report ${unitId}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`);
    bytes = JSON.stringify(answer.json).length;
  }
  return { ...latencies.summary(), bytes };
}

/**
 * Waits until the server's housekeeping (every 15 s) has folded the appended moves into the report's
 * cells: reports are timed as they run in a steady state, not over a backlog of millions of deltas.
 */
async function waitForFold(): Promise<ReportFigures['folded']> {
  const started = Date.now();
  return withClient(benchUrl, async (db) => {
    const count = async (sql: string) =>
      Number((await db.query(`select count(*) as n from ${sql}`)).rows[0].n);
    while ((await count('report_step_time_deltas')) > 0) {
      if (Date.now() - started > 600_000)
        throw new Error('the report rollup was not folded within 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    await db.query('vacuum (analyze) report_step_times, report_transfers');
    return {
      seconds: (Date.now() - started) / 1000,
      cells: await count('report_step_times'),
      transfers: await count('report_transfers'),
    };
  });
}

export async function measureReports(client: Client, bases: Province['bases']): Promise<ReportFigures> {
  const seeded = await seedReportRows(bases);
  log(
    `reports: seeded ${int(seeded.history)} history rows, ${seeded.reviews} reviews, ${seeded.visits} field-visit years, ${seeded.nominations} nominations in ${fmt(seeded.seconds, 0)} s`,
  );
  const folded = await waitForFold();
  log(
    `reports: the server folded the moves into ${int(folded.cells)} cells within ${fmt(folded.seconds, 0)} s; ${int(folded.transfers)} transfer rows`,
  );
  const base = bases[0]!;
  const cases: ReportCase[] = [];
  for (const [who, person, unitId] of [
    ['base secretary, own commune', base.officers[0]!, base.id],
    ['base secretary, another commune', bases[1]!.officers[0]!, bases[1]!.id],
    ['city standing committee, whole province', 'p-ha', 'dn'],
  ] as const) {
    await timeReport(client, person, unitId, 2, 30); // warm-up (plans, directory)
    const figures = await timeReport(client, person, unitId, 30, 30);
    cases.push({ who, unitId, ...figures });
    log(
      `report ${unitId} (${who}): p50 ${fmt(figures.p50, 1)} ms, p99 ${fmt(figures.p99, 1)} ms, n ${figures.n}`,
    );
  }
  // The lead times' statement for the whole province (every unit), as the server sends it.
  const plan = await withClient(benchUrl, async (db) => {
    const units = (await db.query('select array_agg(distinct org_unit_id) as units from instances')).rows[0]
      .units;
    const rows = await db.query(`explain (analyze, buffers, costs off) ${stepTimesStatement}`, [
      units,
      `${year}-01-01`,
      `${year}-12-31`,
    ]);
    // The province's 3,000-odd unit ids, shortened.
    return rows.rows
      .map((row) => String(row['QUERY PLAN']).replace(/'\{[^}]{80,}\}'/g, `'{${units.length} units}'`))
      .join('\n');
  });
  return { seeded, folded, cases, plan };
}

/** The report's section of bench/RESULTS.md. */
export function reportsSection(r: ReportFigures, instances: number): string[] {
  return [
    '',
    `## Unit reports at ${int(instances)} instances (bench/lib/reports.ts, \`BENCH_ONLY=reports\`)`,
    '',
    `Besides the bulk transfers, each with a three-entry history (${int(r.seeded.history)} rows): ${int(r.seeded.reviews)} rated branch reviews, ${int(r.seeded.visits)} "1+2" years, one award round with ${int(r.seeded.nominations)} nominations. The database's triggers appended the moves; the server's housekeeping folded them into ${int(r.folded.cells)} cells of the lead-time rollup within ${fmt(r.folded.seconds, 0)} s (report_transfers: ${int(r.folded.transfers)} rows). Sequential \`GET /reports/units/:unitId\` (this year, with the subtree; each request a different last day, so none is served from the server's one-minute memory):`,
    '',
    '| who | unit | p50 ms | p99 ms | max ms | n | JSON bytes |',
    '|---|---|---|---|---|---|---|',
    ...r.cases.map(
      (c) =>
        `| ${c.who} | ${c.unitId} | ${fmt(c.p50, 1)} | ${fmt(c.p99, 1)} | ${fmt(c.max, 1)} | ${c.n} | ${int(c.bytes)} |`,
    ),
    '',
    'EXPLAIN ANALYZE of the lead-time statement for the whole province:',
    '',
    '```',
    r.plan,
    '```',
  ];
}

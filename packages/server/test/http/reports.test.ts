import type { DirectoryData, InstanceSnapshot } from '@doanflow/engine';
import type { UnitReport } from '@doanflow/client';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { bearer, e2eDirectory, openServer, TestClock, type E2eServer } from '../e2e/support.ts';

/**
 * A unit's report (issue 14 item 3) on real PostgreSQL, against figures this test computes itself
 * from the raw rows: the demo's instances of every workflow, plus transfers started over HTTP.
 */
const clock = new TestClock(new Date().toISOString());
/** The year of an instant in Vietnam, as the report's period counts it. */
const vietnamYear = (at: Date) => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 4);
const year = vietnamYear(clock.now());
let server: E2eServer;

beforeAll(async () => {
  server = await openServer('reports', { clock, redis: false });
  await seedDemo(server.runtime, { realNow: () => clock.now() });
  // Two more transfers out of Trà Đốc's thôn 2: one to Hòa Châu, one inside Trà Đốc.
  for (const destinationBaseId of ['hoachau', 'tradoc']) {
    await server.http.started('p-an', 'member-transfer', {
      memberId: 'p-an',
      kind: 'permanent',
      sourceBranchId: 'cd-thon2',
      destinationBaseId,
      reason: 'Chuyển nơi cư trú',
    });
  }
}, 120_000);
afterAll(async () => server?.close());

async function get(personId: string, url: string) {
  return server.app.inject({ method: 'GET', url, headers: await bearer(personId) });
}

/** The tree of today as the test reads it: a unit and everything below, each mapped to its top child. */
function below(directory: DirectoryData, unitId: string): Map<string, string> {
  const today = clock.now().toISOString().slice(0, 10);
  const live = directory.units.filter(
    (unit) => unit.validFrom <= today && (!unit.validTo || unit.validTo >= today),
  );
  const result = new Map([[unitId, unitId]]);
  const walk = (id: string, top: string) => {
    for (const child of live.filter((unit) => unit.parentId === id)) {
      result.set(child.id, top === unitId ? child.id : top);
      walk(child.id, top === unitId ? child.id : top);
    }
  };
  walk(unitId, unitId);
  return result;
}

interface Row {
  id: string;
  workflow_id: string;
  state: string;
  status: string;
  org_unit_id: string | null;
  snapshot: InstanceSnapshot;
  created_at: Date;
}

// percentile_cont over the raw durations; the report's are read from a sketch, each rank within 2%.
const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) * q;
  return sorted[Math.floor(rank)]! + (sorted[Math.ceil(rank)]! - sorted[Math.floor(rank)]!) * (rank % 1);
};
const within2Percent = (reported: number, exact: number) => {
  expect(reported).toBeGreaterThanOrEqual(exact * 0.98 - 0.005);
  expect(reported).toBeLessThanOrEqual(exact * 1.02 + 0.005);
};

describe('GET /reports/units/:unitId', () => {
  it('counts what the rows say, for the city and its subtree', async () => {
    const answer = await get('p-ha', `/reports/units/dn`);
    expect(answer.statusCode).toBe(200);
    const report = answer.json() as UnitReport;
    const scope = below(e2eDirectory, 'dn');
    const rows = await server.runtime.db.query<Row>('select * from instances');
    const context = (row: Row) => row.snapshot.machine.context as Record<string, unknown>;
    const mine = rows.filter((row) => row.org_unit_id && scope.has(row.org_unit_id));

    // Open and overdue tasks by step: task rows under the city.
    const tasks = await server.runtime.db.query<{
      workflow_id: string;
      state: string;
      unit_path: string[];
      due: Date | null;
    }>('select workflow_id, state, unit_path, due from tasks');
    const expectedOpen = new Map<string, { open: number; overdue: number }>();
    for (const task of tasks.filter((each) => each.unit_path.includes('dn'))) {
      const key = `${task.workflow_id}|${task.state}`;
      const count = expectedOpen.get(key) ?? { open: 0, overdue: 0 };
      count.open += 1;
      if (task.due && task.due < clock.now()) count.overdue += 1;
      expectedOpen.set(key, count);
    }
    expect(
      Object.fromEntries(
        report.openTasks.map((row) => [
          `${row.workflowId}|${row.step}`,
          { open: row.open, overdue: row.overdue },
        ]),
      ),
    ).toEqual(Object.fromEntries(expectedOpen));
    expect(report.openTasks.reduce((sum, row) => sum + row.open, 0)).toBeGreaterThan(0);

    // Branch ratings of the period's year: the demo rated last year's and is reviewing this year's.
    const levelOf = (row: Row) => (context(row).result as { level: string } | null)?.level ?? 'pending';
    for (const reviewYear of [year, String(Number(year) - 1)]) {
      const rated = (
        await get('p-ha', `/reports/units/dn?from=${reviewYear}-01-01&to=${reviewYear}-12-31`)
      ).json() as UnitReport;
      const reviews = mine.filter(
        (row) => row.workflow_id === 'branch-review' && String(context(row).year) === reviewYear,
      );
      const expected = Object.fromEntries(
        ['outstanding', 'good', 'completed', 'notCompleted', 'pending'].map((level) => [
          level,
          reviews.filter((row) => levelOf(row) === level && (row.status === 'active' || level !== 'pending'))
            .length,
        ]),
      );
      expect(Object.fromEntries(rated.ratings.map((row) => [row.level, row.branches]))).toEqual(expected);
      expect({ reviewYear, reviews: reviews.length > 0 }).toEqual({ reviewYear, reviews: true });
    }

    // "1+2" days of this year's field visits.
    const visits = mine.filter(
      (row) => row.workflow_id === 'field-visit' && String(context(row).year) === year,
    );
    expect(visits.length).toBeGreaterThan(0);
    expect(report.fieldDays.map((row) => [row.cadreId, row.creditedDays, row.quotaDays]).sort()).toEqual(
      visits
        .map((row) => [
          context(row).cadreId,
          context(row).creditedDays,
          (context(row).policy as { yearlyQuotaDays: number }).yearlyQuotaDays,
        ])
        .sort(),
    );

    // Award rounds: quota, submitted and awarded per nominating unit of each round in the period.
    const rounds = rows.filter(
      (row) => row.workflow_id === 'award-campaign' && String(context(row).deadline).slice(0, 4) === year,
    );
    const expectedAwards = rounds.flatMap((round) =>
      Object.entries(context(round).quotas as Record<string, number>).map(([unitId, quota]) => {
        const nominations = rows.filter(
          (row) =>
            row.workflow_id === 'award-nomination' &&
            context(row).campaignId === round.id &&
            context(row).nominatingUnitId === unitId,
        );
        return {
          campaignId: round.id,
          unitId,
          quota,
          submitted: nominations.filter((row) => context(row).submittedAt).length,
          awarded: nominations.filter((row) => context(row).decision).length,
        };
      }),
    );
    expect(
      report.awards.map(({ campaignId, unitId, quota, submitted, awarded }) => ({
        campaignId,
        unitId,
        quota,
        submitted,
        awarded,
      })),
    ).toEqual(expect.arrayContaining(expectedAwards));
    expect(report.awards).toHaveLength(expectedAwards.length);

    // Transfers started this year, per unit directly below the city.
    const transfers = rows.filter(
      (row) => row.workflow_id === 'member-transfer' && vietnamYear(row.created_at) === year,
    );
    const expectedTransfers = new Map<string, { incoming: number; outgoing: number }>();
    const bump = (unitId: string | undefined, side: 'incoming' | 'outgoing') => {
      if (!unitId) return;
      const count = expectedTransfers.get(unitId) ?? { incoming: 0, outgoing: 0 };
      count[side] += 1;
      expectedTransfers.set(unitId, count);
    };
    for (const row of transfers) {
      bump(scope.get(context(row).sourceBranchId as string), 'outgoing');
      bump(scope.get(context(row).destinationBaseId as string), 'incoming');
    }
    expect(
      Object.fromEntries(
        report.transfers.map((row) => [row.unitId, { incoming: row.incoming, outgoing: row.outgoing }]),
      ),
    ).toEqual(Object.fromEntries(expectedTransfers));
    expect(expectedTransfers.get('tradoc')?.outgoing).toBeGreaterThanOrEqual(2);

    // Lead times: every finished instance of the unit counted once per workflow.
    const finished = mine.filter((row) => row.status !== 'active');
    for (const total of report.leadTimes.filter((row) => row.step === '*')) {
      const durations = finished
        .filter(
          (row) =>
            row.workflow_id === total.workflowId && vietnamYear(new Date(row.snapshot.updatedAt)) === year,
        )
        .map((row) => (Date.parse(row.snapshot.updatedAt) - row.created_at.getTime()) / 3_600_000);
      expect(total.count).toBe(durations.length);
      within2Percent(total.p50Hours, percentile(durations, 0.5));
      within2Percent(total.p90Hours, percentile(durations, 0.9));
    }
    expect(report.leadTimes.some((row) => row.step !== '*' && row.count > 0)).toBe(true);

    // Lead times per step: the time between entering a state and leaving it, moves within the year.
    const history = await server.runtime.db.query<{
      instance_id: string;
      seq: number;
      from_state: string | null;
      to_state: string;
      at: Date;
    }>('select instance_id, seq, from_state, to_state, at from history order by instance_id, seq');
    const workflowOf = new Map(mine.map((row) => [row.id, row.workflow_id]));
    const hours = new Map<string, number[]>();
    const entered = new Map<string, Date>();
    for (const move of history.filter(
      (each) => workflowOf.has(each.instance_id) && each.from_state !== each.to_state,
    )) {
      const since = entered.get(move.instance_id);
      if (since && move.from_state && vietnamYear(move.at) === year) {
        const key = `${workflowOf.get(move.instance_id)}|${move.from_state}`;
        hours.set(key, [...(hours.get(key) ?? []), (move.at.getTime() - since.getTime()) / 3_600_000]);
      }
      entered.set(move.instance_id, move.at);
    }
    const steps = report.leadTimes.filter((row) => row.step !== '*');
    expect(Object.fromEntries(steps.map((row) => [`${row.workflowId}|${row.step}`, row.count]))).toEqual(
      Object.fromEntries([...hours].map(([key, values]) => [key, values.length])),
    );
    for (const row of steps) {
      const values = hours.get(`${row.workflowId}|${row.step}`)!;
      within2Percent(row.p50Hours, percentile(values, 0.5));
      within2Percent(row.p90Hours, percentile(values, 0.9));
    }
  });

  it('narrows to one commune: its own figures only', async () => {
    const city = (await get('p-ha', '/reports/units/dn')).json() as UnitReport;
    const commune = (await get('p-hieu', '/reports/units/tradoc')).json() as UnitReport;
    const alone = (await get('p-hieu', '/reports/units/tradoc?subtree=false')).json() as UnitReport;
    expect(commune.unitName).toBe('Đoàn xã Trà Đốc');
    const sum = (report: UnitReport) => report.openTasks.reduce((total, row) => total + row.open, 0);
    expect(sum(commune)).toBeLessThanOrEqual(sum(city));
    expect(sum(alone)).toBeLessThanOrEqual(sum(commune));
    expect(commune.transfers.every((row) => below(e2eDirectory, 'tradoc').has(row.unitId))).toBe(true);
  });

  it('refuses whoever holds no office at the unit or above it, and a bad period', async () => {
    // A branch secretary, a member, a cadre: 403; a commune officer asking for the city: 403.
    for (const [personId, unitId] of [
      ['p-binh', 'tradoc'],
      ['p-dung', 'cd-tdp1'],
      ['p-quy', 'dn'],
      ['p-hieu', 'dn'],
      ['p-minh', 'tradoc'],
      ['p-ha', 'no-such-unit'],
    ] as const) {
      const answer = await get(personId, `/reports/units/${unitId}`);
      expect({ personId, unitId, status: answer.statusCode, code: answer.json().code }).toEqual({
        personId,
        unitId,
        status: 403,
        code: 'FORBIDDEN',
      });
      expect((await get(personId, `/reports/units/${unitId}/xlsx`)).statusCode).toBe(403);
    }
    expect((await get('p-binh', '/reports/units/cd-thon2')).statusCode).toBe(200);
    const backwards = await get('p-ha', `/reports/units/dn?from=${year}-06-01&to=${year}-01-01`);
    expect({ status: backwards.statusCode, code: backwards.json().code }).toMatchObject({ status: 400 });
    const unauthenticated = await server.app.inject({ method: 'GET', url: '/reports/units/dn' });
    expect(unauthenticated.statusCode).toBe(401);
  });
});

describe('exports', () => {
  it('XLSX: one sheet per section with Vietnamese headers, numbers and dates as real cells', async () => {
    const report = (await get('p-ha', '/reports/units/dn')).json() as UnitReport;
    const answer = await get('p-ha', '/reports/units/dn/xlsx');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toContain('spreadsheetml');
    expect(answer.headers['content-disposition']).toContain("filename*=UTF-8''B%C3%A1o%20c%C3%A1o");
    const files = unzipSync(new Uint8Array(answer.rawPayload));
    const workbook = strFromU8(files['xl/workbook.xml']!);
    const sheetNames = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((match) => match[1]);
    expect(sheetNames).toEqual([
      'Thông tin',
      'Việc đang mở',
      'Thời gian xử lý',
      'Xếp loại chi đoàn',
      'Khen thưởng',
      'Ngày công 1+2',
      'Chuyển sinh hoạt',
    ]);
    const shared = [
      ...strFromU8(files['xl/sharedStrings.xml'] ?? new Uint8Array()).matchAll(/<t[^>]*>([^<]*)<\/t>/g),
    ].map((m) => m[1]);
    const sheet = (index: number) => strFromU8(files[`xl/worksheets/sheet${index}.xml`]!);
    const cells = (xml: string) =>
      [
        ...xml.matchAll(
          /<c r="([A-Z]+\d+)"([^>]*)>(?:<v>([^<]*)<\/v>|<is><t>([^<]*)<\/t><\/is>)?<\/c>|<c r="([A-Z]+\d+)"[^>]*\/>/g,
        ),
      ].map((m) => ({
        ref: m[1] ?? m[5],
        text: m[2]?.includes('t="s"') ? shared[Number(m[3])] : (m[4] ?? undefined),
        number:
          m[2]?.includes('t="s"') || m[2]?.includes('t="inlineStr"')
            ? undefined
            : m[3] === undefined
              ? undefined
              : Number(m[3]),
      }));
    // The ratings sheet: headers in Vietnamese, counts as numbers equal to the JSON's.
    const ratings = cells(sheet(4));
    expect(ratings.find((c) => c.ref === 'A1')?.text).toBe('Mức xếp loại');
    expect(ratings.find((c) => c.ref === 'A2')?.text).toBe('Hoàn thành xuất sắc nhiệm vụ');
    expect(ratings.filter((c) => c.ref?.startsWith('B') && c.ref !== 'B1').map((c) => c.number)).toEqual(
      report.ratings.map((r) => r.branches),
    );
    // "1+2" days: credited days and the quota as numbers.
    const days = cells(sheet(6));
    expect(days.find((c) => c.ref === 'C1')?.text).toBe('Số ngày đã tính');
    expect(days.find((c) => c.ref === 'C2')?.number).toBe(report.fieldDays[0]!.creditedDays);
    expect(days.find((c) => c.ref === 'D2')?.number).toBe(report.fieldDays[0]!.quotaDays);
    // The period's first day is a date cell (a serial number with a date format), not text.
    const info = cells(sheet(1));
    const fromCell = info.find((c) => c.ref === 'B5');
    expect(fromCell?.number).toBe(Date.parse(`${report.from}T00:00:00Z`) / 86_400_000 + 25_569);
  });

  it('CSV: UTF-8 with a byte order mark, RFC 4180 quoting, formulas neutralised', async () => {
    // A round whose name could run as a formula in a spreadsheet, with a comma and quotes in it.
    await server.http.started('p-yen', 'award-campaign', {
      awardingUnitId: 'dn',
      name: '=HYPERLINK("http://x.example","Đợt, đặc biệt")',
      awardForms: [
        { id: 'chi-doan-xuat-sac', name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu', nomineeKind: 'branch' },
      ],
      quotas: { tradoc: 3 },
      deadline: new Date(clock.now().getTime() + 20 * 86_400_000).toISOString(),
    });
    // A report is remembered for a minute (view, then download): this one is asked for later.
    clock.set(new Date(clock.now().getTime() + 2 * 60_000).toISOString());
    const answer = await get('p-ha', `/reports/units/dn/csv?from=${year}-01-01&to=${year}-12-31`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = answer.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text).toContain('Xếp loại chi đoàn theo mức\r\nMức xếp loại,Số chi đoàn\r\n');
    expect(text).toContain(`"'=HYPERLINK(""http://x.example"",""Đợt, đặc biệt"")",`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
  });
});

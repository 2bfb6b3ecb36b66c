import { publishedHolidayNotices } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoanflowApp } from '../../src/app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { demoDirectoryData } from '@doanflow/engine';
import { TestClock } from '../runtime/support.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';
import { openTestServer, type TestServer } from '../support/test-server.ts';

/** The calendar API on the real runtime: reading a year, loading notices, refusals that write nothing. */
const clock = new TestClock('2026-11-20T03:00:00Z');
let server: TestServer;
let runtime: HostedRuntime;
let app: DoanflowApp;

beforeAll(async () => {
  server = await openTestServer('http_calendar', {
    clock,
    redis: false,
    directory: demoDirectoryData,
    auth: { secret: SECRET, tenant: TENANT },
  });
  ({ runtime, app } = server);
});
afterAll(async () => {
  await server?.close();
});

const get = async (url: string, personId = 'p-binh') =>
  app.inject({ method: 'GET', url, headers: await bearer(personId) });
const put = async (year: number | string, payload: unknown, personId = 'p-yen') =>
  app.inject({
    method: 'PUT',
    url: `/calendar/${year}`,
    headers: await bearer(personId),
    payload: payload as object,
  });

async function written() {
  const [row] = await runtime.db.query<Record<string, string>>(
    `select (select count(*) from calendar_notices) as notices, (select count(*) from timers) as timers,
       (select count(*) from instances) as instances, (select count(*) from outbox) as outbox`,
  );
  return row;
}

const valid2027 = {
  reference: 'Thông báo lịch nghỉ 2027',
  holidays: [{ key: 'newYear', daysOff: ['2027-01-01'] }],
};

describe('reading a year', () => {
  it('gives any officer the statutory estimate of a year without a notice, marked provisional', async () => {
    const response = await get('/calendar/2027');
    expect(response.statusCode).toBe(200);
    const year = response.json();
    expect(year).toMatchObject({ year: 2027, weekend: [0, 6], notice: null, provisional: true });
    expect(year.holidays.find((h: { key: string }) => h.key === 'lunarNewYear')).toEqual({
      key: 'lunarNewYear',
      name: { vi: 'Tết Âm lịch', en: 'Lunar New Year (Tết)' },
      daysOff: [
        '2027-02-05',
        '2027-02-06',
        '2027-02-07',
        '2027-02-08',
        '2027-02-09',
        '2027-02-10',
        '2027-02-11',
      ],
      workdays: [],
      provisional: true,
    });
    expect((await app.inject({ url: '/calendar/2027' })).statusCode).toBe(401);
    expect((await get('/calendar/1850')).json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await get('/calendar/2027?at=yesterday')).statusCode).toBe(400);
  });
});

describe('loading a notice', () => {
  it('is for directory administrators only: 403 for others, nothing written', async () => {
    const before = await written();
    for (const personId of ['p-binh', 'p-hieu']) {
      const response = await put(2027, valid2027, personId);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    // Refused before the body is read: a bad body from a non-administrator is still 403.
    expect((await put(2027, { nonsense: true }, 'p-binh')).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/calendar/2027', payload: valid2027 })).statusCode).toBe(
      401,
    );
    expect(await written()).toEqual(before);
  });

  it('refuses bad input with 400 and a stable code, writing nothing', async () => {
    const before = await written();
    const shape = [
      { holidays: valid2027.holidays },
      { ...valid2027, extra: 1 },
      { ...valid2027, holidays: [{ key: 'newYear', daysOff: ['2027-13-01'] }] },
      { ...valid2027, holidays: [{ key: 'christmas', daysOff: ['2027-12-25'] }] },
      { ...valid2027, holidays: [] },
    ];
    for (const payload of shape) {
      const response = await put(2027, payload);
      expect([response.statusCode, response.json()]).toMatchObject([
        400,
        { code: 'BAD_REQUEST', details: { part: 'body' } },
      ]);
    }
    const semantic = await put(2027, {
      ...valid2027,
      holidays: [
        {
          key: 'newYear',
          daysOff: ['2027-01-01', '2026-12-31'],
          workdays: [{ date: '2027-01-06', replaces: '2026-12-31' }],
        },
      ],
    });
    expect(semantic.statusCode).toBe(400);
    expect(semantic.json()).toMatchObject({ code: 'INVALID_CALENDAR' });
    expect(semantic.json().details.issues).toEqual([
      {
        path: ['holidays', 0, 'daysOff', 1],
        code: 'date_outside_year',
        message: '2026-12-31 is not in 2027',
      },
      {
        path: ['holidays', 0, 'workdays', 0, 'date'],
        code: 'workday_not_weekend',
        message: '2027-01-06 is not a weekend day',
      },
    ]);
    expect((await put(1999, valid2027)).json()).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await written()).toEqual(before);
  });

  it('stores the 2026 notice with its make-up Saturday; later versions keep the history', async () => {
    const first = await put(2026, publishedHolidayNotices[2026]);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      timersRecounted: 0,
      calendar: { notice: { version: 1 }, provisional: true },
    });
    const year = (await get('/calendar/2026')).json();
    expect(year.holidays[0]).toEqual({
      key: 'newYear',
      name: { vi: 'Tết Dương lịch', en: "New Year's Day" },
      daysOff: ['2026-01-01', '2026-01-02'],
      workdays: [{ date: '2026-01-10', replaces: '2026-01-02' }],
      provisional: false,
    });
    // Quốc khánh is not in the notice: still the statutory estimate.
    expect(year.holidays.at(-1)).toMatchObject({ key: 'nationalDay', provisional: true });

    clock.set('2026-11-25T03:00:00Z');
    const complete = {
      ...publishedHolidayNotices[2026],
      holidays: [
        ...publishedHolidayNotices[2026]!.holidays,
        { key: 'nationalDay', daysOff: ['2026-09-01', '2026-09-02'] },
      ],
    };
    expect((await put(2026, complete)).json()).toMatchObject({
      calendar: { notice: { version: 2 }, provisional: false },
    });
    const notices = (await get('/calendar/2026/notices')).json().items;
    expect(
      notices.map((notice: { version: number; effectiveFrom: string }) => [
        notice.version,
        notice.effectiveFrom,
      ]),
    ).toEqual([
      [1, '2026-11-20T03:00:00.000Z'],
      [2, '2026-11-25T03:00:00.000Z'],
    ]);
    expect((await get('/calendar/2026?at=2026-11-22T00:00:00%2B07:00')).json()).toMatchObject({
      notice: { version: 1 },
      provisional: true,
    });
    expect((await get('/calendar/2026?at=2026-11-01T00:00:00Z')).json()).toMatchObject({ notice: null });
    expect((await get('/calendar/2026')).json()).toMatchObject({ notice: { version: 2 } });
  });

  it('is documented in the OpenAPI document with the administrator’s task', async () => {
    const document = (await app.inject({ url: '/openapi.json' })).json();
    const operation = document.paths['/calendar/{year}'].put;
    expect(operation.description).toContain('directory administrator');
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
    expect(operation.requestBody.content['application/json'].schema.properties).toHaveProperty('holidays');
  });
});

import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DoanflowApp } from '../../src/app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, uniqueName } from '../runtime/support.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';

/**
 * Field visits v2 through the API on the real runtime: an unplanned trip registered after the fact
 * and approved by the head of department, its credited days and quality written to the cadre's
 * record (the link the year-end review reads), and the travel order signed by title.
 */
const schema = uniqueName('http_field_visit_rules');
const morning = (date: string) => `${date}T02:00:00.000Z`;
const clock = new TestClock(morning('2026-04-01'));
let runtime: HostedRuntime;
let app: DoanflowApp;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
  app = buildApp({ runtime, registry: runtime.registry, auth: { secret: SECRET, tenant: TENANT } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await dropSchema(schema);
});

/** Sends an event at the instance's current revision, as a portal does (decisions require it). */
const send = async (id: string, personId: string, type: string, payload: object = {}, acting?: string) => {
  const seen = await app.inject({ url: `/instances/${id}`, headers: await bearer('p-quy') });
  return app.inject({
    method: 'POST',
    url: `/instances/${id}/events`,
    headers: await bearer(personId),
    payload: { type, payload, ...(acting ? { acting } : {}), expectedRevision: seen.json().revision },
  });
};

describe('field visit v2 over HTTP', () => {
  let id: string;

  it('đi công tác đột xuất: đăng ký sau, Trưởng ban công nhận; ngày công và chất lượng vào hồ sơ cán bộ', async () => {
    const opened = await app.inject({
      method: 'POST',
      url: '/instances',
      headers: await bearer('p-tuan'),
      payload: { workflowId: 'field-visit', input: { cadreId: 'p-quy', unitId: 'dn', year: 2026 } },
    });
    expect(opened.json()).toMatchObject({ version: 2, state: 'year.quarter.planning' });
    id = opened.json().id;
    clock.set(morning('2026-04-09'));
    const unplanned = {
      hostUnitId: 'hoachau',
      from: '2026-04-06',
      to: '2026-04-07',
      content: 'memberSituation',
      purpose: 'Nắm tình hình đoàn viên sau mưa lũ',
      results: 'Hỗ trợ 30 đoàn viên khắc phục hậu quả',
    };
    // Not before it ended: refused, nothing written.
    const early = await send(id, 'p-quy', 'REGISTER_UNPLANNED_TRIP', { ...unplanned, to: '2026-04-10' });
    expect(early.statusCode).toBe(422);
    expect((await send(id, 'p-quy', 'REGISTER_UNPLANNED_TRIP', unplanned)).statusCode).toBe(200);
    // The cadre may not approve his own trip.
    expect(
      (await send(id, 'p-quy', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'good' })).statusCode,
    ).toBe(403);
    const approved = await send(id, 'p-tuan', 'APPROVE_UNPLANNED_TRIP', { tripId: 'U-1', quality: 'fair' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json().summary).toMatchObject({ creditedDays: 2 });
    await runtime.links.deliver();
    expect(await runtime.record({ kind: 'person', id: 'p-quy' })).toEqual([
      expect.objectContaining({
        kind: 'fieldVisit.trip',
        key: '2026:U-1',
        data: expect.objectContaining({ creditedDays: 2, quality: 'fair', unplanned: true }),
      }),
    ]);
  });

  it('quyết định cử đi cơ sở: Phó Bí thư ký "TM." theo quy định của tỉnh (demo), chữ ký lưu lại', async () => {
    clock.set(morning('2026-04-10'));
    const plan = {
      items: [
        {
          hostUnitId: 'tradoc',
          from: '2026-04-21',
          to: '2026-04-24',
          content: 'branchMeeting',
          purpose: 'Dự sinh hoạt chi đoàn thôn 2',
        },
      ],
    };
    expect((await send(id, 'p-quy', 'SUBMIT_PLAN', plan)).statusCode).toBe(200);
    expect((await send(id, 'p-tuan', 'APPROVE_PLAN')).statusCode).toBe(200);
    // An ordinary standing-committee member of the city (no secretary's role) signs nothing.
    const order = { orderNumber: '15-QĐ/TĐTN', issuedOn: '2026-04-10' };
    expect((await send(id, 'p-tuan', 'ISSUE_TRAVEL_ORDER', order)).statusCode).toBe(403);
    const signed = await send(id, 'p-ha', 'ISSUE_TRAVEL_ORDER', order);
    expect(signed.statusCode).toBe(200);
    expect(signed.json().summary.travelOrder).toMatchObject({
      signature: { heading: 'TM. BAN THƯỜNG VỤ', title: 'BÍ THƯ', name: 'Võ Thị Hồng Hà' },
    });
    const history = await runtime.history(id, person('p-quy'));
    expect(history.at(-1)?.actor).toMatchObject({ acting: 'TM', signature: { title: 'BÍ THƯ' } });
  });
});

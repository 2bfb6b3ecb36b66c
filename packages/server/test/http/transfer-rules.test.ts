import { memberTransferV1, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DoanflowApp } from '../../src/app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from '../runtime/support.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';

/**
 * Issue 11 through the API on the real runtime: the referral signed by title and the signature kept
 * in the history, the source branch without a veto, the cadre flag from the directory, residence
 * participation without a referral, and an instance started on v1 keeping v1's rules.
 */
const schema = uniqueName('http_transfer_rules');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
let app: DoanflowApp;
let startedOnV1: string;

beforeAll(async () => {
  // An instance started before v2 existed: written by a server that knew only v1.
  const before = await openRuntime({ schema, clock, registry: new WorkflowRegistry([memberTransferV1]) });
  startedOnV1 = (await before.start('member-transfer', transferInput, { kind: 'person', personId: 'p-an' }))
    .id;
  await before.close();
  runtime = await openRuntime({
    schema,
    clock,
    registry: new WorkflowRegistry(unionWorkflows),
    policy: { 'member-transfer': { signing: { deputyMaySignForCommittee: true } } },
  });
  app = buildApp({ runtime, registry: runtime.registry, auth: { secret: SECRET, tenant: TENANT } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await dropSchema(schema);
});

const start = async (input: object, personId = 'p-an') =>
  app.inject({
    method: 'POST',
    url: '/instances',
    headers: await bearer(personId),
    payload: { workflowId: 'member-transfer', input },
  });
/** Sends an event at the instance's current revision, as a portal does (decisions require it). */
const send = async (id: string, personId: string, type: string, payload?: object, acting?: string) => {
  const seen = await app.inject({ url: `/instances/${id}`, headers: await bearer('p-an') });
  return app.inject({
    method: 'POST',
    url: `/instances/${id}/events`,
    headers: await bearer(personId),
    payload: {
      type,
      ...(payload ? { payload } : {}),
      ...(acting ? { acting } : {}),
      expectedRevision: seen.json().revision,
    },
  });
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' };
// v2 asks for the date only: the number is the register's, on the issued document.
const referral = { issuedOn: '2026-03-02' };

describe('member transfer v2 over HTTP', () => {
  it('Phó Bí thư ký giấy giới thiệu "TM. BAN THƯỜNG VỤ"; chữ ký lưu trong lịch sử và trên giấy', async () => {
    const started = await start({ ...transferInput, memberIsCadre: false });
    expect(started.statusCode).toBe(201);
    const { id, version } = started.json();
    expect(version).toBe(2);
    expect((await send(id, 'p-an', 'SUBMIT')).statusCode).toBe(200);
    // The branch has no veto in v2: there is no refusal to send at its step.
    const veto = await send(id, 'p-binh', 'REJECT', { reason: 'Không đồng ý' });
    expect(veto.statusCode).toBe(409);
    expect(veto.json()).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { reason: 'state' } });
    expect((await send(id, 'p-binh', 'CONFIRM', confirm)).statusCode).toBe(200);

    // An ordinary standing-committee member signs nothing; nothing is written.
    const member = await send(id, 'p-phuong', 'ISSUE_REFERRAL', referral);
    expect(member.statusCode).toBe(403);
    const signed = await send(id, 'p-khanh', 'ISSUE_REFERRAL', referral, 'TM');
    expect(signed.statusCode).toBe(200);
    const signature = {
      heading: 'TM. BAN THƯỜNG VỤ',
      title: 'PHÓ BÍ THƯ',
      office: 'deputySecretary',
      name: 'Bùi Ngọc Khánh',
    };
    expect(signed.json()).toMatchObject({
      state: 'inTransit',
      summary: { memberIsCadre: true, referral: { issuedOn: '2026-03-02', signature } },
    });
    expect(signed.json().summary.referral).not.toHaveProperty('number');
    const history = await app.inject({ url: `/instances/${id}/history`, headers: await bearer('p-an') });
    const items = history.json().items;
    expect(items.map((entry: { type: string }) => entry.type)).toEqual([
      '$start',
      'SUBMIT',
      'CONFIRM',
      'ISSUE_REFERRAL',
    ]);
    expect(items[3].actor).toMatchObject({ personId: 'p-khanh', acting: 'TM', signature });
    expect(items[0].payload).toMatchObject({ memberIsCadre: true });
    const [row] = await runtime.db.query<{ signature: unknown }>(
      'select signature from history where instance_id = $1 and seq = 3',
      [id],
    );
    expect(row?.signature).toEqual(signature);
  });

  it('hồ sơ bắt đầu trên v1 giữ quy tắc v1: chi đoàn vẫn được không chấp thuận', async () => {
    expect((await send(startedOnV1, 'p-an', 'SUBMIT')).json()).toMatchObject({ version: 1 });
    const rejected = await send(startedOnV1, 'p-binh', 'REJECT', { reason: 'Chưa đóng đoàn phí' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ version: 1, state: 'rejected' });
  });

  it('sinh hoạt nơi cư trú: thẳng tới đoàn cơ sở nơi cư trú, không giấy giới thiệu', async () => {
    const started = await start({ ...transferInput, kind: 'residence', residenceSince: '2025-06-01' });
    const submitted = await send(started.json().id, 'p-an', 'SUBMIT');
    expect(submitted.json()).toMatchObject({ state: 'destinationBase', summary: { referral: null } });
  });
});

import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DoanflowApp } from '../../src/app.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { auditInstance, dropSchema, openRuntime, TestClock, uniqueName } from '../runtime/support.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';

/**
 * Ủy quyền over HTTP on PostgreSQL: Đỗ Thị Nga, Bí thư Đoàn phường Hòa Châu, goes on leave and
 * delegates to her Phó Bí thư Lê Thị Uyên, who then finds the Bí thư's tasks in her inbox and signs
 * the referral "KT. BÍ THƯ"; revoked or past its last day, the delegation gives nothing any more.
 */
const schema = uniqueName('http_delegations');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
let app: DoanflowApp;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock, registry: new WorkflowRegistry(unionWorkflows) });
  app = buildApp({ runtime, registry: runtime.registry, auth: { secret: SECRET, tenant: TENANT } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await dropSchema(schema);
});

const request = {
  memberId: 'p-lan',
  kind: 'permanent',
  sourceBranchId: 'cd-kdc-tayan',
  destinationBaseId: 'tradoc',
  reason: 'Chuyển nơi làm việc',
};
const confirm = { duesPaidThrough: '2026-02', memberBookComment: 'Hoàn thành tốt nhiệm vụ' };
const referral = { referralNumber: '7/GGT-ĐTN', issuedOn: '2026-03-02' };
const leave = {
  delegateId: 'p-uyen',
  role: 'baseSecretary',
  unitId: 'hoachau',
  from: '2026-03-02',
  until: '2026-03-06',
};

const call = async (personId: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: await bearer(personId), ...(payload ? { payload } : {}) });
const send = async (id: string, personId: string, type: string, payload?: object) => {
  const seen = await call('p-lan', 'GET', `/instances/${id}`);
  return call(personId, 'POST', `/instances/${id}/events`, {
    type,
    ...(payload ? { payload } : {}),
    expectedRevision: seen.json().revision,
  });
};
/** A transfer from Tây An waiting for Hòa Châu's Bí thư to issue the referral. */
const atSourceBase = async () => {
  const started = await call('p-lan', 'POST', '/instances', {
    workflowId: 'member-transfer',
    input: request,
  });
  expect(started.statusCode).toBe(201);
  const { id } = started.json();
  expect((await send(id, 'p-lan', 'SUBMIT')).statusCode).toBe(200);
  expect((await send(id, 'p-vy', 'CONFIRM', confirm)).statusCode).toBe(200);
  return id as string;
};
const secretaryTask = async (personId: string, instanceId: string) =>
  (await inboxOf(personId)).find(
    (t: { instanceId: string; role: string }) => t.instanceId === instanceId && t.role === 'baseSecretary',
  );
const inboxOf = async (personId: string) => (await call(personId, 'GET', '/inbox')).json().items;
const delegationCount = async () =>
  Number((await runtime.db.query<{ n: string }>('select count(*) as n from delegations'))[0]!.n);

describe('ủy quyền qua HTTP', () => {
  let firstId: string;
  let delegationId: string;

  it('chưa ủy quyền: Phó Bí thư không có việc của Bí thư và không ký được', async () => {
    firstId = await atSourceBase();
    // She sees the standing committee's task there (returning it to the branch), not the Bí thư's.
    expect(await secretaryTask('p-uyen', firstId)).toBeUndefined();
    const refused = await send(firstId, 'p-uyen', 'ISSUE_REFERRAL', referral);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'EVENT_NOT_ALLOWED', details: { reason: 'role' } });
  });

  it('lập sai bị từ chối với mã rõ ràng và không ghi gì', async () => {
    const cases: [string, object, number, string][] = [
      ['p-nga', { ...leave, delegateId: 'p-nga' }, 400, 'SELF_DELEGATION'],
      ['p-nga', { ...leave, delegateId: 'p-nobody' }, 400, 'DELEGATE_NOT_IN_DIRECTORY'],
      ['p-nga', { ...leave, from: '2026-03-01' }, 400, 'DELEGATION_PERIOD_INVALID'],
      ['p-nga', { ...leave, until: '2026-02-28' }, 400, 'DELEGATION_PERIOD_INVALID'],
      ['p-nga', { ...leave, from: '2026-3-2' }, 400, 'BAD_REQUEST'],
      ['p-nga', { ...leave, delegateId: 'p-phuong' }, 403, 'DELEGATION_NOT_ALLOWED'],
      ['p-uyen', { ...leave, delegateId: 'p-nga' }, 403, 'NOT_ROLE_HOLDER'],
      ['p-hieu', { ...leave, delegateId: 'p-khanh' }, 403, 'NOT_ROLE_HOLDER'],
    ];
    for (const [personId, body, status, code] of cases) {
      const response = await call(personId, 'POST', '/delegations', body);
      expect([response.statusCode, response.json().code]).toEqual([status, code]);
    }
    expect(await delegationCount()).toBe(0);
  });

  it('Bí thư ủy quyền cho Phó Bí thư; trùng thời gian bị từ chối (409)', async () => {
    const created = await call('p-nga', 'POST', '/delegations', { ...leave, reason: 'Nghỉ phép' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      holderId: 'p-nga',
      holderName: 'Đỗ Thị Nga',
      delegateName: 'Lê Thị Uyên',
      unitName: 'Đoàn phường Hòa Châu',
      status: 'active',
      uses: 0,
    });
    delegationId = created.json().id;
    const overlap = await call('p-nga', 'POST', '/delegations', {
      ...leave,
      from: '2026-03-05',
      until: '2026-03-09',
    });
    expect([overlap.statusCode, overlap.json().code]).toEqual([409, 'DELEGATION_OVERLAPS']);
    expect(overlap.json().details.delegationId).toBe(delegationId);
    expect(await delegationCount()).toBe(1);
  });

  it('việc của Bí thư đến hộp việc của Phó Bí thư, ghi rõ ủy quyền từ ai; không ai khác được thêm', async () => {
    const task = await secretaryTask('p-uyen', firstId);
    expect(task).toMatchObject({
      role: 'baseSecretary',
      unitId: 'hoachau',
      delegatedFrom: { personId: 'p-nga', name: 'Đỗ Thị Nga', until: '2026-03-06' },
    });
    // The holder keeps her tasks, unmarked; a standing member of another base gains nothing.
    const own = await secretaryTask('p-nga', firstId);
    expect(own).toBeDefined();
    expect(own.delegatedFrom).toBeUndefined();
    expect((await inboxOf('p-phuong')).map((t: { instanceId: string }) => t.instanceId)).not.toContain(
      firstId,
    );
    const view = (await call('p-uyen', 'GET', `/instances/${firstId}`)).json();
    expect(view.allowedEvents.map((e: { type: string }) => e.type)).toContain('ISSUE_REFERRAL');
  });

  it('Phó Bí thư ký "KT. BÍ THƯ"; lịch sử ghi thay mặt Bí thư, chuỗi băm bao gồm điều đó', async () => {
    const signed = await send(firstId, 'p-uyen', 'ISSUE_REFERRAL', referral);
    expect(signed.statusCode).toBe(200);
    const history = (await call('p-uyen', 'GET', `/instances/${firstId}/history`)).json().items;
    const last = history[history.length - 1];
    expect(last.actor).toMatchObject({
      personId: 'p-uyen',
      name: 'Lê Thị Uyên',
      role: 'baseSecretary',
      acting: 'KT',
      onBehalfOf: 'p-nga',
      onBehalfOfName: 'Đỗ Thị Nga',
      signature: { heading: 'KT. BÍ THƯ', title: 'PHÓ BÍ THƯ', name: 'Lê Thị Uyên' },
    });
    const audit = await auditInstance(runtime, firstId);
    expect(audit.brokenAt).toBeNull();
    expect(audit.replayed).toEqual(audit.stored);
    // Erasing the on-behalf-of fact breaks the chain at that entry.
    await runtime.db.query('update history set on_behalf_of = null where instance_id = $1 and seq = $2', [
      firstId,
      last.seq,
    ]);
    expect((await auditInstance(runtime, firstId)).brokenAt).toBe(last.seq);
    await runtime.db.query('update history set on_behalf_of = $3 where instance_id = $1 and seq = $2', [
      firstId,
      last.seq,
      'p-nga',
    ]);
    expect((await auditInstance(runtime, firstId)).brokenAt).toBeNull();
  });

  it('danh sách ủy quyền của đơn vị: cán bộ đơn vị và cấp trên xem được, có số lần dùng', async () => {
    const listed = await call('p-nga', 'GET', '/delegations?unitId=hoachau');
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ id: delegationId, status: 'active', uses: 1 }),
    ]);
    expect((await call('p-ha', 'GET', '/delegations?unitId=hoachau')).statusCode).toBe(200);
    expect((await call('p-hieu', 'GET', '/delegations?unitId=hoachau')).statusCode).toBe(403);
    const mine = (await call('p-uyen', 'GET', '/delegations')).json().items;
    expect(mine.map((d: { id: string }) => d.id)).toEqual([delegationId]);
    expect((await call('p-hieu', 'GET', '/delegations')).json().items).toEqual([]);
  });

  it('thu hồi: chỉ người ủy quyền hoặc quản trị; có hiệu lực ngay', async () => {
    const secondId = await atSourceBase();
    const byDelegate = await call('p-uyen', 'POST', `/delegations/${delegationId}/revoke`);
    expect([byDelegate.statusCode, byDelegate.json().code]).toEqual([403, 'FORBIDDEN']);
    expect((await call('p-hieu', 'POST', `/delegations/${delegationId}/revoke`)).statusCode).toBe(404);
    const revoked = await call('p-nga', 'POST', `/delegations/${delegationId}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokedBy: 'p-nga', uses: 1 });
    const again = await call('p-nga', 'POST', `/delegations/${delegationId}/revoke`);
    expect([again.statusCode, again.json().code]).toEqual([409, 'DELEGATION_NOT_ACTIVE']);
    expect(await secretaryTask('p-uyen', secondId)).toBeUndefined();
    const refused = await send(secondId, 'p-uyen', 'ISSUE_REFERRAL', referral);
    expect([refused.statusCode, refused.json().details.reason]).toEqual([403, 'role']);
  });

  it('hết hạn: sau ngày cuối (giờ Việt Nam) mất quyền; quản trị thu hồi được ủy quyền của người khác', async () => {
    const next = await call('p-nga', 'POST', '/delegations', {
      ...leave,
      from: '2026-03-09',
      until: '2026-03-10',
    });
    expect(next.json().status).toBe('scheduled');
    const waiting = await atSourceBase();
    expect((await send(waiting, 'p-uyen', 'ISSUE_REFERRAL', referral)).statusCode).toBe(403);
    // 2026-03-10 23:30 in Hà Nội: still the last day.
    clock.set('2026-03-10T16:30:00Z');
    expect(await secretaryTask('p-uyen', waiting)).toBeDefined();
    // 2026-03-11 00:30 in Hà Nội: over.
    clock.set('2026-03-10T17:30:00Z');
    expect(await secretaryTask('p-uyen', waiting)).toBeUndefined();
    const late = await send(waiting, 'p-uyen', 'ISSUE_REFERRAL', { ...referral, issuedOn: '2026-03-11' });
    expect(late.statusCode).toBe(403);
    const listed = (await call('p-nga', 'GET', '/delegations?unitId=hoachau')).json().items;
    expect(listed.map((d: { status: string }) => d.status)).toEqual(['expired', 'revoked']);
    const third = await call('p-nga', 'POST', '/delegations', {
      ...leave,
      from: '2026-03-12',
      until: '2026-03-13',
    });
    expect(third.statusCode).toBe(201);
    // p-yen works at the city union's office (secretariat): a directory administrator.
    const byAdmin = await call('p-yen', 'POST', `/delegations/${third.json().id}/revoke`);
    expect(byAdmin.json()).toMatchObject({ status: 'revoked', revokedBy: 'p-yen' });
  });

  it('một quyết định đang xử lý khi lệnh thu hồi được ghi thì bị từ chối', async () => {
    clock.set('2026-03-16T02:00:00Z');
    const id = await atSourceBase();
    const made = await call('p-nga', 'POST', '/delegations', {
      ...leave,
      from: '2026-03-16',
      until: '2026-03-17',
    });
    expect(made.statusCode).toBe(201);
    // The revocation is written but not yet committed while the deputy's decision is read and computed.
    let updated!: () => void;
    let release!: () => void;
    const didUpdate = new Promise<void>((resolve) => (updated = resolve));
    const held = new Promise<void>((resolve) => (release = resolve));
    const revoking = runtime.db.transaction(async (query) => {
      await query(`update delegations set revoked_at = $2, revoked_by = 'p-nga' where id = $1`, [
        made.json().id,
        clock.now().toISOString(),
      ]);
      updated();
      await held;
    });
    await didUpdate;
    const decision = send(id, 'p-uyen', 'ISSUE_REFERRAL', referral);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await revoking;
    const answer = await decision;
    expect([answer.statusCode, answer.json().details?.reason]).toEqual([403, 'role']);
    expect((await call('p-lan', 'GET', `/instances/${id}`)).json().state).toBe('sourceBase');
  });
});

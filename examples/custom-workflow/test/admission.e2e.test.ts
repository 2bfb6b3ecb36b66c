import type { InstanceView } from '@doanflow/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admission } from './fixtures-admission.ts';
import { openHost, type TestHost } from './http-host.ts';

/**
 * "Kết nạp đoàn viên mới" over HTTP on real PostgreSQL: each introducer the request names gets a
 * task of their own (a row of the tasks table addressed to that person, in their inbox and nobody
 * else's), only they may act on it, and it closes when they confirm while the other stays open.
 */
let host: TestHost;

beforeAll(async () => {
  host = await openHost();
});
afterAll(async () => {
  await host?.close();
});

interface TaskRow {
  person_id: string | null;
  role: string;
  unit_id: string | null;
  relation: string;
}
const taskRows = (id: string) =>
  host.runtime.db.query<TaskRow>(
    `select person_id, role, unit_id, relation from ${host.schema}.tasks
      where instance_id = $1 order by role, person_id`,
    [id],
  );

describe('member admission: tasks for the people the request names', () => {
  it('gives each introducer their own task, closed when they confirm, and lets nobody else act on it', async () => {
    const started = await host.call<InstanceView>('p-binh', 'POST', '/instances', {
      workflowId: 'member-admission',
      input: admission(),
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    expect(await taskRows(id)).toEqual([
      { person_id: null, role: 'branchSecretary', unit_id: 'cd-thon2', relation: 'own' },
      { person_id: 'p-an', role: 'introducer', unit_id: null, relation: 'named' },
      { person_id: 'p-cuong', role: 'introducer', unit_id: null, relation: 'named' },
    ]);
    const introducerTask = async (personId: string) =>
      (await host.inboxOf(personId)).find((task) => task.instanceId === id && task.role === 'introducer');
    expect(await introducerTask('p-an')).toMatchObject({
      personId: 'p-an',
      events: ['CONFIRM_INTRODUCTION'],
      // The workflow's own role, in the words it registered.
      roleLabel: { vi: 'Người giới thiệu', en: 'Introducer' },
    });
    expect(await introducerTask('p-cuong')).toMatchObject({ personId: 'p-cuong' });
    // The branch's secretary (who holds every role at the branch) sees no introducer's task...
    expect(await introducerTask('p-binh')).toBeUndefined();
    // ...and may not confirm for one: 403, nothing written.
    const refused = await host.send('p-binh', id, 'CONFIRM_INTRODUCTION');
    expect(refused).toMatchObject({
      status: 403,
      body: { code: 'EVENT_NOT_ALLOWED', details: { reason: 'not_named' } },
    });
    expect((await taskRows(id)).filter((row) => row.relation === 'named')).toHaveLength(2);
    // The buttons each one is offered follow the same rule.
    const offered = async (personId: string) =>
      (await host.call<InstanceView>(personId, 'GET', `/instances/${id}`)).body.allowedEvents.map(
        (e) => e.type,
      );
    expect(await offered('p-cuong')).toEqual(['CONFIRM_INTRODUCTION']);
    expect(await offered('p-binh')).toEqual(['RECORD_BRANCH_VOTE']);
    // Someone with no part in the request does not even see it.
    expect((await host.send('p-lan', id, 'CONFIRM_INTRODUCTION')).status).toBe(404);

    const confirmed = await host.send('p-an', id, 'CONFIRM_INTRODUCTION');
    expect(confirmed.status).toBe(200);
    expect(await introducerTask('p-an')).toBeUndefined();
    expect(await introducerTask('p-cuong')).toMatchObject({ personId: 'p-cuong' });
    expect(
      (await taskRows(id)).filter((row) => row.relation === 'named').map((row) => row.person_id),
    ).toEqual(['p-cuong']);
    // Once is enough: the same introducer again is refused.
    expect((await host.send('p-an', id, 'CONFIRM_INTRODUCTION')).status).toBe(403);

    await host.send('p-cuong', id, 'CONFIRM_INTRODUCTION');
    const proposed = await host.send('p-binh', id, 'RECORD_BRANCH_VOTE', { votesFor: 12, votesAgainst: 1 });
    // Both regions final → onDone → the transient proposal (always) → the base, in one step.
    expect(proposed.body.state).toBe('baseDecision');
    expect(await taskRows(id)).toEqual([
      { person_id: null, role: 'baseStanding', unit_id: 'tradoc', relation: 'levelAbove' },
    ]);
    const admitted = await host.send('p-hieu', id, 'ADMIT');
    expect(admitted.body).toMatchObject({ state: 'admitted', status: 'done' });
    expect(admitted.body.summary).toMatchObject({ confirmedBy: ['p-an', 'p-cuong'], outcome: 'admitted' });
    expect(admitted.body.names).toMatchObject({ 'p-an': 'Nguyễn Văn An', 'p-cuong': 'Lê Văn Cường' });

    const history = await host.call<{ items: { type: string; actor: { name: string } }[] }>(
      'p-binh',
      'GET',
      `/instances/${id}/history`,
    );
    expect(history.body.items.map((entry) => [entry.type, entry.actor.name])).toEqual([
      ['$start', 'Trần Thị Bình'],
      ['CONFIRM_INTRODUCTION', 'Nguyễn Văn An'],
      ['CONFIRM_INTRODUCTION', 'Lê Văn Cường'],
      ['RECORD_BRANCH_VOTE', 'Trần Thị Bình'],
      ['ADMIT', 'Đặng Minh Hiếu'],
    ]);
  });

  it('names the candidate in the inbox and labels the summary’s own fields', async () => {
    const started = await host.call<InstanceView>('p-binh', 'POST', '/instances', {
      workflowId: 'member-admission',
      input: admission({ candidateName: 'Lê Thị Hoa' }),
    });
    const task = (await host.inboxOf('p-an')).find((item) => item.instanceId === started.body.id);
    expect(task).toMatchObject({ subject: expect.stringContaining('Lê Thị Hoa') });
    const definition = await host.call<{ summary: { properties: Record<string, unknown> } }>(
      'p-an',
      'GET',
      '/definitions/member-admission',
    );
    expect(definition.body.summary.properties['outcome']).toMatchObject({
      'x-label': { vi: 'Kết quả', en: 'Outcome' },
      'x-enumLabels': { notProposed: { vi: 'Chi đoàn không đề nghị', en: 'Not proposed by the branch' } },
    });
  });

  it('types the summary in the deployment’s OpenAPI document, and answers with the whole of it', async () => {
    const document = (await host.call<Record<string, any>>('p-an', 'GET', '/openapi.json')).body;
    const resolve = (node: Record<string, any>): Record<string, any> =>
      node['$ref']
        ? resolve(document['components']['schemas'][String(node['$ref']).split('/').at(-1)!])
        : node;
    const created = document['paths']['/workflows/member-admission/instances']['post'];
    const instance = resolve(created.responses['201'].content['application/json'].schema);
    const summary = resolve(instance['properties']['summary']);
    expect(Object.keys(summary['properties'])).toEqual(
      expect.arrayContaining(['candidateName', 'introducerIds', 'confirmedBy', 'votesFor', 'outcome']),
    );
    expect(JSON.stringify(summary['properties']['outcome'])).toContain('notProposed');
    expect(summary['properties']['confirmedBy']).toMatchObject({ type: 'array' });

    const started = await host.call<InstanceView>('p-binh', 'POST', '/workflows/member-admission/instances', {
      input: admission(),
    });
    expect(started.status).toBe(201);
    expect(started.body.summary).toEqual({
      candidateName: 'Hồ Thị Mai',
      birthDate: '2010-05-14',
      branchId: 'cd-thon2',
      introducerIds: ['p-an', 'p-cuong'],
      confirmedBy: [],
      votesFor: null,
      votesAgainst: null,
      outcome: null,
      reason: null,
    });
  });
});

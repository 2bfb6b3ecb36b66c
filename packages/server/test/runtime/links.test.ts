import { person, systemPrincipal, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { linkListener, linkSource } from '../support/link-workflows.ts';
import { auditInstance, dropSchema, openRuntime, TestClock, uniqueName } from './support.ts';

const schema = uniqueName('rt_links');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({
    schema,
    clock,
    registry: new WorkflowRegistry([...unionWorkflows, linkSource, linkListener]),
  });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

const links = () =>
  runtime.db.query<{ id: string; delivered_at: string | null; target_id: string }>(
    'select id, delivered_at, target_id from links order by id',
  );

describe('links between processes: a result becomes a fact of the branch record and an event of its open instances', () => {
  it('writes the link with the step, delivers it once to the record and to the listening instance', async () => {
    const listener = await runtime.start('link-listener', { branchId: 'cd-thon2' }, person('p-hieu'));
    const source = await runtime.start('link-source', { branchId: 'cd-thon2' }, person('p-hieu'));
    await runtime.send(source.id, { type: 'DECIDE', payload: { level: 'good' } }, person('p-hieu'));
    await runtime.links.deliver();
    expect(await links()).toEqual([expect.objectContaining({ target_id: 'cd-thon2' })]);
    expect((await links())[0]!.delivered_at).not.toBeNull();
    expect(await runtime.record({ kind: 'unit', id: 'cd-thon2' })).toEqual([
      expect.objectContaining({
        kind: 'test.result',
        key: '2026',
        data: { level: 'good' },
        source: { instanceId: source.id, workflowId: 'link-source', seq: 1 },
      }),
    ]);
    const informed = await runtime.get(listener.id, person('p-hieu'));
    expect(informed.state).toBe('informed');
    const history = await runtime.history(listener.id, person('p-hieu'));
    expect(history.at(-1)).toMatchObject({ type: 'RESULT_RECORDED', actor: { role: 'system' } });
    const audit = await auditInstance(runtime, listener.id);
    expect(audit.replayed).toEqual(audit.stored);
  });

  it('delivers exactly once when a delivery is cut short and done again (a crash before it was marked)', async () => {
    const listener = await runtime.start('link-listener', { branchId: 'cd-thon5' }, person('p-hieu'));
    const source = await runtime.start('link-source', { branchId: 'cd-thon5' }, person('p-hieu'));
    await runtime.send(source.id, { type: 'DECIDE', payload: { level: 'outstanding' } }, person('p-hieu'));
    await runtime.links.deliver();
    // As if the process died after the target's event committed but before the link was marked.
    await runtime.db.query(`update links set delivered_at = null where target_id = 'cd-thon5'`);
    expect(await runtime.links.deliver()).toBe(1);
    const history = await runtime.history(listener.id, person('p-hieu'));
    expect(history.filter((entry) => entry.type === 'RESULT_RECORDED')).toHaveLength(1);
    expect(await runtime.record({ kind: 'unit', id: 'cd-thon5' }, 'test.result')).toHaveLength(1);
  });

  it('keeps an undelivered link across a restart: a new process delivers it', async () => {
    const source = await runtime.start('link-source', { branchId: 'cd-thon2' }, person('p-hieu'));
    await runtime.send(source.id, { type: 'DECIDE', payload: { level: 'completed' } }, person('p-hieu'));
    await runtime.links.settled();
    // As if the process died between the commit and the delivery.
    await runtime.db.query(`update links set delivered_at = null where source_instance_id = $1`, [source.id]);
    await runtime.db.query(`delete from records where source_instance_id = $1`, [source.id]);
    const restarted = await openRuntime({
      schema,
      clock,
      registry: new WorkflowRegistry([...unionWorkflows, linkSource, linkListener]),
    });
    try {
      // Its start-up sweep (or this call) delivers it, once.
      await restarted.links.deliver();
      const [row] = await restarted.db.query<{ delivered_at: string | null; attempts: number }>(
        'select delivered_at, attempts from links where source_instance_id = $1',
        [source.id],
      );
      expect(row!.delivered_at).not.toBeNull();
      const [fact] = await restarted.record({ kind: 'unit', id: 'cd-thon2' }, 'test.result');
      expect(fact).toMatchObject({ data: { level: 'completed' }, source: { instanceId: source.id } });
    } finally {
      await restarted.close();
    }
  });

  it('a person cannot send a link event; a refused step writes no link', async () => {
    const listener = await runtime.start('link-listener', { branchId: 'cd-thon2' }, person('p-hieu'));
    await expect(
      runtime.send(
        listener.id,
        {
          type: 'RESULT_RECORDED',
          payload: { kind: 'x', key: 'y', data: {}, source: { instanceId: 'a', workflowId: 'b', seq: 1 } },
        },
        person('p-hieu'),
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ALLOWED', reason: 'link_only' });
    const before = (await links()).length;
    const source = await runtime.start('link-source', { branchId: 'cd-thon2' }, person('p-hieu'));
    await expect(
      runtime.send(source.id, { type: 'DECIDE', payload: { level: 'good' } }, person('p-binh')),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ALLOWED' });
    expect((await links()).length).toBe(before);
    // The system may deliver it (as the link delivery does).
    const delivered = await runtime.send(
      listener.id,
      {
        type: 'RESULT_RECORDED',
        payload: { kind: 'x', key: 'y', data: {}, source: { instanceId: 'a', workflowId: 'b', seq: 1 } },
      },
      systemPrincipal,
    );
    expect(delivered.state).toBe('informed');
  });
});

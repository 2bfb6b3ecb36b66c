import { demoDirectoryData, person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

const schema = uniqueName('rt_directory');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock });
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

describe('directory imports', () => {
  it('re-routes open tasks after a merger and reloads the directory', async () => {
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    expect((await runtime.inbox(person('p-cuong'), {})).counts.total).toBe(0);

    // Chi đoàn thôn 2 merges into thôn 5: its open work moves to thôn 5's secretary.
    const thon2 = demoDirectoryData.units.find((unit) => unit.id === 'cd-thon2')!;
    const report = await runtime.importDirectory(
      {
        levels: demoDirectoryData.levels,
        units: [{ ...thon2, validTo: '2026-03-01', mergedInto: 'cd-thon5' }],
        people: [],
        bindings: [],
      },
      'merge',
    );
    expect(report).toMatchObject({
      units: demoDirectoryData.units.length,
      people: demoDirectoryData.people.length,
      tasksRerouted: 1,
    });
    const inbox = await runtime.inbox(person('p-cuong'), {});
    expect(inbox.items).toMatchObject([{ instanceId: view.id, unitId: 'cd-thon5', role: 'branchSecretary' }]);
    expect((await runtime.directory()).units.find((unit) => unit.id === 'cd-thon2')?.mergedInto).toBe(
      'cd-thon5',
    );

    await expect(
      runtime.importDirectory({ levels: [], units: [], people: [], bindings: [] }, 'replace'),
    ).rejects.toMatchObject({ code: 'INVALID_DIRECTORY' });
  });
});

describe('webhook registrations', () => {
  it('are stored in PostgreSQL', async () => {
    const added = await runtime.webhooks.add({
      url: 'https://portal.example/hooks',
      secret: 'a-secret-of-16-chars',
      topics: ['notify'],
    });
    expect(await runtime.webhooks.list()).toEqual([added]);
    expect(await runtime.webhooks.remove(added.id)).toBe(true);
    expect(await runtime.webhooks.remove(added.id)).toBe(false);
  });
});

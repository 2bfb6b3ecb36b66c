import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { person } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { DATABASE_URL, dropSchema, openRuntime, TestClock, transferInput, uniqueName } from './support.ts';

/** `history:verify`: the operator's check of every hash chain, after a restore or for an audit. */
const run = promisify(execFile);
const schema = uniqueName('rt_history_verify');
let runtime: HostedRuntime;
const ids: string[] = [];

beforeAll(async () => {
  runtime = await openRuntime({ schema, clock: new TestClock('2026-03-02T02:00:00Z') });
  for (let i = 0; i < 3; i += 1) {
    const view = await runtime.start('member-transfer', transferInput, person('p-an'));
    await runtime.send(view.id, { type: 'SUBMIT' }, person('p-an'));
    ids.push(view.id);
  }
});
afterAll(async () => {
  await runtime?.close();
  await dropSchema(schema);
});

const verify = () =>
  run(process.execPath, ['src/persistence/verify-cli.ts'], {
    cwd: new URL('../..', import.meta.url),
    env: { ...process.env, DATABASE_URL, DATABASE_SCHEMA: schema },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe('history:verify', () => {
  it('says every chain is intact, then names the entry someone changed behind the server', async () => {
    expect(await verify()).toEqual({
      code: 0,
      stdout: '3 instances, 6 history entries: every chain intact\n',
      stderr: '',
    });
    const [last] = await runtime.db.query<{ seq: number }>(
      `update history set comment = 'sửa lén'
        where instance_id = $1 and seq = (select max(seq) from history where instance_id = $1) returning seq`,
      [ids[1]],
    );
    await runtime.db.query(`update instances set last_hash = 'x' where id = $1`, [ids[2]]);
    const tampered = await verify();
    expect(tampered.code).toBe(1);
    const [heading, ...lines] = tampered.stderr.trimEnd().split('\n');
    expect(heading).toBe('2 of 3 instances have a broken chain:');
    expect(lines.sort()).toEqual(
      [`  ${ids[1]}: entry ${last!.seq} does not match its hash`, `  ${ids[2]}: last hash differs`].sort(),
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { demoDirectoryData } from '@doanflow/engine';
import { Client } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, dropSchema, uniqueName } from './support.ts';

/** `directory:import`: how a new deployment gets its first directory, before anyone may PUT one. */
const run = promisify(execFile);
const schema = uniqueName('rt_directory_cli');
const folder = mkdtempSync(join(tmpdir(), 'doanflow-directory-'));
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await dropSchema(schema);
});

const importing = (file: string, ...flags: string[]) =>
  run(process.execPath, ['src/cli.ts', 'directory', 'import', file, ...flags], {
    cwd: new URL('../..', import.meta.url),
    env: { ...process.env, DATABASE_URL, DATABASE_SCHEMA: schema },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

async function storedVersion(): Promise<number | null> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`select version from ${schema}.directory where id = 1`);
    return rows[0]?.version ?? null;
  } finally {
    await client.end();
  }
}

describe('doanflow directory import', () => {
  it('loads the first directory into a new database (migrating it), then merges more', async () => {
    const file = join(folder, 'directory.json');
    writeFileSync(file, JSON.stringify(demoDirectoryData));
    const first = await importing(file);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `directory replaced: version 1, ${demoDirectoryData.units.length} units, ${demoDirectoryData.people.length} ` +
        `people, ${demoDirectoryData.bindings.length} role bindings; 0 open tasks rerouted\n`,
    );
    const more = join(folder, 'more.json');
    writeFileSync(
      more,
      JSON.stringify({
        levels: demoDirectoryData.levels,
        units: [],
        people: [{ id: 'p-moi', name: 'Người mới', memberOf: null }],
        bindings: [],
      }),
    );
    const merged = await importing(more, '--merge');
    expect(merged.stdout).toMatch(/^directory merged: version 2, .* \d+ people/);
    expect(await storedVersion()).toBe(2);
  });

  it('refuses a file that is not a directory, and writes nothing', async () => {
    const bad = join(folder, 'bad.json');
    writeFileSync(bad, JSON.stringify({ units: 'none' }));
    const refused = await importing(bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.json is not a directory \(nothing imported\):\n {2}levels: /);
    expect(await storedVersion()).toBe(2);
    expect((await importing(bad, '--replace')).code).toBe(2);
  });
});

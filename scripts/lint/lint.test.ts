import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers } from './layers.ts';

/** The guards in `pnpm lint` can fail: a forbidden import or an unused export is caught. */
const root = new URL('../../', import.meta.url).pathname;
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A folder of probe files inside the engine's sources (the rules are about real paths), removed after. */
function engineProbe(files: Record<string, string>): string {
  const dir = join('packages/engine/src', `lint-probe-${process.pid}`);
  mkdirSync(join(root, dir), { recursive: true });
  cleanups.push(() => rmSync(join(root, dir), { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), text);
  return dir;
}

describe('layering (dependency-cruiser)', () => {
  it('refuses an engine module that imports the server or a Node built-in, and an import cycle', () => {
    const dir = engineProbe({
      'a.ts': [
        "import { readFileSync } from 'node:fs';",
        "import { buildApp } from '../../../server/src/app.ts';",
        "import { b } from './b.ts';",
        'export const a = () => [readFileSync, buildApp, b];',
      ].join('\n'),
      'b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    });
    const { status, output } = checkLayers([dir], root);
    expect(status).not.toBe(0);
    expect(output).toMatch(/engine-imports-no-host: .*a\.ts → packages\/server\/src\/app\.ts/);
    expect(output).toMatch(/engine-imports-no-node: .*a\.ts → fs/);
    expect(output).toMatch(/no-circular: .*lint-probe/);
  }, 60_000);

  it('lets a cycle of type-only imports be (they vanish at run time)', () => {
    const dir = engineProbe({
      'a.ts': "import type { B } from './b.ts';\nexport interface A { b?: B }\n",
      'b.ts': "import type { A } from './a.ts';\nexport interface B { a?: A }\n",
    });
    expect(checkLayers([dir], root)).toMatchObject({ status: 0 });
  }, 60_000);
});

describe('dead code (Knip)', () => {
  it('fails on an export nothing imports', () => {
    const project = mkdtempSync(join(tmpdir(), 'knip-probe-'));
    cleanups.push(() => rmSync(project, { recursive: true, force: true }));
    mkdirSync(join(project, 'src'));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'probe', type: 'module' }));
    writeFileSync(
      join(project, 'knip.json'),
      JSON.stringify({ entry: ['src/index.ts'], project: ['src/**/*.ts'] }),
    );
    writeFileSync(join(project, 'src/index.ts'), "import { used } from './lib.ts';\nconsole.log(used);\n");
    writeFileSync(join(project, 'src/lib.ts'), 'export const used = 1;\nexport const forgotten = 2;\n');
    const knip = spawnSync('knip', ['--no-progress', '--directory', project], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(knip.status).toBe(1);
    expect(knip.stdout).toMatch(/Unused exports \(1\)\s+forgotten\s+src\/lib\.ts/);
  }, 60_000);
});

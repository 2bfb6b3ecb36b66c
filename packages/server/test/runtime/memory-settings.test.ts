import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyMemorySettings, YOUNG_GENERATION_FLAG } from '../../src/memory-settings.ts';

const scripts = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe("the server process's memory settings", () => {
  it('start the compiled server from the package scripts with a small young generation (the bench reads `serve` too)', () => {
    for (const name of ['serve', 'start']) {
      // Built first (incremental), then run as JavaScript: Node's type stripper is never loaded.
      expect(scripts[name]).toMatch(/^tsc -b tsconfig\.build\.json && /);
      expect(scripts[name]).toContain(
        `node ${YOUNG_GENERATION_FLAG} --conditions=doanflow-dist dist/main.js`,
      );
    }
  });

  it("say in the log when the young generation was left at V8's default, and keep an operator's own flags", () => {
    expect(applyMemorySettings([])).toMatch(/young generation is at its default size/);
    expect(applyMemorySettings([YOUNG_GENERATION_FLAG])).toBeNull();
    expect(applyMemorySettings([], `--enable-source-maps ${YOUNG_GENERATION_FLAG}`)).toBeNull();
    expect(applyMemorySettings(['--max_semi_space_size=4'])).toBeNull();
  });
});

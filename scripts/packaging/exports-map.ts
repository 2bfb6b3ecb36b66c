/**
 * The workspace resolves every package to its sources (`exports` → src/*.ts, so tests never wait
 * for a build); what is published resolves to the build (`publishConfig.exports` → dist/*.js +
 * .d.ts, which `pnpm pack` puts in place of `exports`). Each source entry also names its build under
 * the `doanflow-dist` condition, which the server's `serve` and `start` scripts turn on
 * (`node --conditions=doanflow-dist dist/main.js`: the compiled server, without Node's type stripper;
 * a package without it would be loaded from its sources there, stripper and all).
 * This check keeps the maps one fact: the same subpaths, and each source entry's published entry
 * and `doanflow-dist` entry are its build output. An entry that is not a source file (a built
 * script, package.json) must be the same in both.
 */
import type { ExportTarget, WorkspacePackage } from './workspace-packages.ts';

const SOURCE = /^\.\/src\/(.+)\.tsx?$/;
/** The export condition under which a workspace package resolves to its build (see above). */
export const COMPILED_CONDITION = 'doanflow-dist';

const targetsOf = (target: ExportTarget): Record<string, string> =>
  typeof target === 'string' ? { default: target } : target;

export function exportsMapProblems(pkg: WorkspacePackage): string[] {
  const source = pkg.manifest.exports ?? {};
  const published = pkg.manifest.publishConfig?.exports;
  if (!published) return [`${pkg.name}: no publishConfig.exports (what the published package resolves to)`];
  const problems: string[] = [];
  const subpaths = new Set([...Object.keys(source), ...Object.keys(published)]);
  for (const subpath of subpaths) {
    const here = source[subpath];
    const there = published[subpath];
    if (!here || !there) {
      problems.push(`${pkg.name} "${subpath}": only in ${here ? 'exports' : 'publishConfig.exports'}`);
      continue;
    }
    const sourceFile = Object.values(targetsOf(here))
      .map((file) => SOURCE.exec(file)?.[1])
      .find(Boolean);
    const expected: Record<string, string> = sourceFile
      ? { types: `./dist/${sourceFile}.d.ts`, import: `./dist/${sourceFile}.js` }
      : targetsOf(here);
    const compiled = targetsOf(here)[COMPILED_CONDITION];
    if (sourceFile && compiled !== `./dist/${sourceFile}.js`) {
      problems.push(
        `${pkg.name} "${subpath}": its "${COMPILED_CONDITION}" entry should be ./dist/${sourceFile}.js, is ${compiled}`,
      );
    }
    if (JSON.stringify(targetsOf(there)) !== JSON.stringify(expected)) {
      problems.push(
        `${pkg.name} "${subpath}": publishConfig.exports should be ${JSON.stringify(expected)}, is ${JSON.stringify(there)}`,
      );
    }
  }
  return problems;
}

/**
 * The workspace resolves every package to its sources (`exports` → src/*.ts, so tests and
 * `pnpm start` never wait for a build); what is published resolves to the build
 * (`publishConfig.exports` → dist/*.js + .d.ts, which `pnpm pack` puts in place of `exports`).
 * This check keeps the two maps one fact: the same subpaths, and each source entry's published
 * entry is its build output. An entry that is not a source file (a built script, package.json)
 * must be the same in both.
 */
import type { ExportTarget, WorkspacePackage } from './workspace-packages.ts';

const SOURCE = /^\.\/src\/(.+)\.tsx?$/;

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
    if (JSON.stringify(targetsOf(there)) !== JSON.stringify(expected)) {
      problems.push(
        `${pkg.name} "${subpath}": publishConfig.exports should be ${JSON.stringify(expected)}, is ${JSON.stringify(there)}`,
      );
    }
  }
  return problems;
}

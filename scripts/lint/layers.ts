import { spawnSync } from 'node:child_process';

/**
 * `pnpm lint`'s layering check: dependency-cruiser with the rules of .dependency-cruiser.mjs over
 * every package, example, script, test and the bench. It parses TypeScript with swc; its notice that
 * no TypeScript ≤ 6 compiler is installed is true and harmless (swc reads the sources, and
 * layers.test.ts proves a forbidden import is caught), so it is left out of the output.
 */
const SCOPE = ['packages', 'examples', 'bench', 'scripts', 'test'];

export function checkLayers(
  scope: string[] = SCOPE,
  cwd = process.cwd(),
): { status: number; output: string } {
  const run = spawnSync(
    'depcruise',
    ['--config', '.dependency-cruiser.mjs', '--output-type', 'err', ...scope],
    { cwd, encoding: 'utf8' },
  );
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`.replace(/\n?‼ missing-tsc-transpiler:[\s\S]*?stable\.\n/, '');
  return { status: run.status ?? 1, output: output.trim() };
}

if (import.meta.main) {
  const { status, output } = checkLayers(process.argv.length > 2 ? process.argv.slice(2) : SCOPE);
  console.log(output);
  process.exitCode = status;
}

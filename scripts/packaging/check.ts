/**
 * `pnpm check:packages` (part of `pnpm test`): what a registry would receive, checked before it is.
 * Packs every published package (building it), then for each tarball:
 * - its `exports` and `publishConfig.exports` are one map (exports-map.ts), its LICENSE the root's;
 * - publint, strict: the manifest, the files it names, their formats;
 * - Are the Types Wrong, profile esm-only: every subpath resolves to JavaScript and matching types
 *   under node16 (from ESM) and bundler resolution. The packages are ESM only (Node ≥ 24 hosts and
 *   bundled portals import them); a CommonJS build would be a second copy of every class
 *   (WorkflowError, WorkflowRegistry…), the very duplication the peer dependencies avoid, so the
 *   node10 and node16-from-CJS modes are not claimed;
 * then each package's size budget (size-limit, its .size-limit.json: the client, the widgets) and the
 * check that importing one widget brings no other widget's machine and no second catalogue.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import { exportsMapProblems } from './exports-map.ts';
import { packPublished } from './pack.ts';
import { repositoryRoot } from './workspace-packages.ts';

const run = promisify(execFile);
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

interface Step {
  title: string;
  command: string[];
  cwd?: string;
}

async function passes({ title, command, cwd = repositoryRoot }: Step): Promise<boolean> {
  const [file, ...args] = command as [string, ...string[]];
  try {
    const { stdout } = await run(file, args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    console.log(`ok    ${title}`);
    if (process.env['CHECK_PACKAGES_VERBOSE']) console.log(stdout);
    return true;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    console.log(`FAIL  ${title}\n${stdout}${stderr}`);
    return false;
  }
}

const licence = readFileSync(join(repositoryRoot, 'LICENSE'), 'utf8');
const started = Date.now();
const packed = await packPublished();
let failed = 0;
for (const pkg of packed) {
  console.log(`\n${pkg.name}: ${pkg.tarball} — ${kB(pkg.bytes)}, ${pkg.files.length} files`);
  const problems = exportsMapProblems(pkg);
  // npm ships a package's own LICENSE file only: each is a copy of the repository's.
  if (readFileSync(join(pkg.dir, 'LICENSE'), 'utf8') !== licence) {
    problems.push(`${pkg.name}: LICENSE differs from the repository's`);
  }
  for (const problem of problems) console.log(`FAIL  ${problem}`);
  if (problems.length === 0) console.log('ok    exports and publishConfig.exports agree; LICENSE');
  failed += problems.length;
  const steps: Step[] = [
    { title: 'publint --strict', command: ['pnpm', 'exec', 'publint', 'run', pkg.tarball, '--strict'] },
    {
      title: 'attw --profile esm-only (node16 from ESM, bundler)',
      command: ['pnpm', 'exec', 'attw', pkg.tarball, '--profile', 'esm-only', '--format', 'table-flipped'],
    },
  ];
  for (const step of steps) if (!(await passes(step))) failed += 1;
}

// Size budgets: every package with a .size-limit.json (the client, the widgets).
for (const pkg of packed.filter((candidate) => existsSync(join(candidate.dir, '.size-limit.json')))) {
  console.log(`\n${pkg.name} in a portal:`);
  const steps: Step[] = [
    { title: 'size budget (size-limit, gzip)', command: ['pnpm', 'exec', 'size-limit'], cwd: pkg.dir },
  ];
  if (pkg.name === '@doanflow/widgets') {
    steps.push({
      title: 'one widget brings no other widget and no English',
      command: ['pnpm', 'run', 'check:tree-shaking'],
      cwd: pkg.dir,
    });
  }
  for (const step of steps) if (!(await passes(step))) failed += 1;
}

const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (failed > 0) {
  console.error(`\ncheck:packages: ${failed} problem(s) (${seconds} s)`);
  process.exit(1);
}
console.log(`\ncheck:packages: ${packed.length} packages pass (${seconds} s)`);

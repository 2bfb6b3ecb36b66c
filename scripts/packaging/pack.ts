/**
 * `pnpm pack` of every published package, as a registry would receive it: the package builds first
 * (its `prepack`), and the tarball carries `publishConfig.exports` in place of the workspace's
 * source exports. The tarballs are kept in node_modules/.cache/doanflow-packs and packed again only
 * when something they are made from changed.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import { publishedPackages, repositoryRoot, type WorkspacePackage } from './workspace-packages.ts';

const run = promisify(execFile);

export const packsDir = join(repositoryRoot, 'node_modules/.cache/doanflow-packs');

export interface PackedPackage extends WorkspacePackage {
  tarball: string;
  bytes: number;
  /** Paths inside the tarball, without the leading `package/`. */
  files: string[];
}

/** Configuration every package is built with, besides what lies in the package's own folder. */
const sharedInputs = ['tsconfig.base.json', 'tsconfig.build.json', 'LICENSE', 'pnpm-lock.yaml'];

async function newestChange(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  let newest = info.mtimeMs;
  for (const entry of entries) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, await newestChange(join(path, entry)));
  }
  return newest;
}

/** `changedAt`: the last change to any package or shared input (a package may copy another's code in). */
async function packOne(pkg: WorkspacePackage, changedAt: number | null): Promise<PackedPackage> {
  const destination = join(packsDir, pkg.name.replace('/', '+'));
  const existing = (await readdir(destination).catch(() => [] as string[])).find((file) =>
    file.endsWith('.tgz'),
  );
  const tarballPath = existing ? join(destination, existing) : '';
  const packedAt = existing ? (await stat(tarballPath)).mtimeMs : 0;
  let tarball = tarballPath;
  if (changedAt === null || !existing || packedAt <= changedAt) {
    await rm(destination, { recursive: true, force: true });
    await mkdir(destination, { recursive: true });
    await run('pnpm', ['pack', '--pack-destination', destination], {
      cwd: pkg.dir,
      // A production build whoever calls (Vitest sets NODE_ENV=test, which would make Vite emit
      // React's development JSX runtime into the widgets).
      env: { ...process.env, NODE_ENV: 'production' },
      maxBuffer: 64 * 1024 * 1024,
    });
    const [file] = (await readdir(destination)).filter((name) => name.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack of ${pkg.name} wrote no tarball`);
    tarball = join(destination, file);
  }
  const listing = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 });
  const files = listing.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''));
  return { ...pkg, tarball, bytes: (await stat(tarball)).size, files };
}

/**
 * Packs every published package, dependencies first. With `reuse`, a tarball newer than everything
 * it is made from is taken as it is (the outside-consumer test after `pnpm check:packages`).
 */
export async function packPublished(options: { reuse?: boolean } = {}): Promise<PackedPackage[]> {
  const packages = publishedPackages();
  const inputs = [
    ...packages.map((pkg) => pkg.dir),
    ...sharedInputs.map((file) => join(repositoryRoot, file)),
  ];
  const changedAt = options.reuse ? Math.max(...(await Promise.all(inputs.map(newestChange)))) : null;
  const packed: PackedPackage[] = [];
  for (const pkg of packages) packed.push(await packOne(pkg, changedAt));
  return packed;
}

/** The packages this workspace publishes: every `packages/*` whose package.json is not private. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export type ExportTarget = string | Record<string, string>;

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, ExportTarget>;
  publishConfig?: { exports?: Record<string, ExportTarget> };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  name: string;
  /** Absolute path of the package's folder. */
  dir: string;
  manifest: Manifest;
}

/** Published packages, each after the workspace packages it needs (the order they build in). */
export function publishedPackages(): WorkspacePackage[] {
  const packagesDir = join(repositoryRoot, 'packages');
  const all = readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
      return { name: manifest.name, dir, manifest };
    })
    .filter((pkg) => !pkg.manifest.private);
  const names = new Set(all.map((pkg) => pkg.name));
  const needs = (pkg: WorkspacePackage) =>
    Object.keys({
      ...pkg.manifest.dependencies,
      ...pkg.manifest.peerDependencies,
      ...pkg.manifest.devDependencies,
    }).filter((name) => names.has(name));
  const ordered: WorkspacePackage[] = [];
  const visit = (pkg: WorkspacePackage, path: string[]) => {
    if (ordered.includes(pkg)) return;
    if (path.includes(pkg.name))
      throw new Error(`workspace packages depend on each other: ${path.join(' → ')}`);
    for (const name of needs(pkg))
      visit(
        all.find((other) => other.name === name)!,
        [...path, pkg.name],
      );
    ordered.push(pkg);
  };
  for (const pkg of all.sort((a, b) => a.name.localeCompare(b.name))) visit(pkg, []);
  return ordered;
}

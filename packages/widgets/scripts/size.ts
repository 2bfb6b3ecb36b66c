/**
 * Builds both bundles and prints their minified + gzip sizes:
 *   pnpm --filter @doanflow/widgets size        (builds first)
 *   pnpm --filter @doanflow/widgets size --no-build   (reads dist/ as it is)
 * The package build keeps whitespace (library ES output, minified by the portal's bundler), so it
 * is minified here the same way to report what a portal ships.
 */
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, minify } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

if (!process.argv.includes('--no-build')) {
  await build({ root, configFile, logLevel: 'silent' });
  await build({ root, configFile, mode: 'elements', logLevel: 'silent' });
}

const bundles = [
  { name: '@doanflow/widgets (React and xstate external)', file: 'dist/index.js' },
  { name: 'doanflow-elements.js (self-contained, React bundled)', file: 'dist/doanflow-elements.js' },
];

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
for (const bundle of bundles) {
  const source = await readFile(new URL(`../${bundle.file}`, import.meta.url), 'utf8');
  const minified = (await minify(bundle.file, source, { compress: true, mangle: true })).code;
  const gzipped = gzipSync(minified, { level: 9 }).length;
  console.log(
    `${bundle.name}\n  ${bundle.file}: raw ${kB(source.length)}, minified ${kB(minified.length)}, minified+gzip ${kB(gzipped)}`,
  );
}

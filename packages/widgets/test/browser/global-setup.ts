import { readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { startDemoServer } from './demo-server.ts';
import { startPortalOrigin } from './portal-origin.ts';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
export const widgetsDir = path('../../');
export const portalDir = path('../../../../examples/portal/');
export const embedDir = path('../../../../examples/embed-script/');
const elementsScript = `${widgetsDir}dist/doanflow-elements.js`;
const portalIndex = `${portalDir}dist/index.html`;

declare module 'vitest' {
  export interface ProvidedContext {
    doanflowUrl: string;
    /** The portal on another origin (portal-origin.ts). */
    portalUrl: string;
    tokenSecret: string;
  }
}

async function newest(paths: string[]): Promise<number> {
  let latest = 0;
  for (const entry of paths) {
    const info = await stat(entry).catch(() => null);
    if (!info) continue;
    if (info.isDirectory()) {
      const children = await readdir(entry);
      latest = Math.max(latest, await newest(children.map((child) => `${entry}/${child}`)));
    } else latest = Math.max(latest, info.mtimeMs);
  }
  return latest;
}

/** Builds `output` with Vite when it is missing or older than any of its sources. */
async function buildIfStale(output: string, sources: string[], run: () => Promise<unknown>) {
  const built = (await stat(output).catch(() => null))?.mtimeMs ?? 0;
  if (built > (await newest(sources))) return;
  // Vitest runs with NODE_ENV=test, which would make Vite emit React's development JSX runtime.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await run();
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
}

export default async function setup(project: TestProject) {
  const widgetSources = [`${widgetsDir}src`, `${widgetsDir}vite.config.ts`, `${widgetsDir}package.json`];
  await buildIfStale(elementsScript, widgetSources, () =>
    build({
      root: widgetsDir,
      configFile: `${widgetsDir}vite.config.ts`,
      mode: 'elements',
      logLevel: 'warn',
    }),
  );
  await buildIfStale(
    portalIndex,
    [
      ...widgetSources,
      `${portalDir}src`,
      `${portalDir}index.html`,
      `${portalDir}public`,
      `${portalDir}vite.config.ts`,
    ],
    () => build({ root: portalDir, configFile: `${portalDir}vite.config.ts`, logLevel: 'warn' }),
  );
  const portalOrigin = await startPortalOrigin({ embed: embedDir, pages: path('./pages/') });
  const server = await startDemoServer({
    portal: { root: `${portalDir}dist`, embedPage: embedDir },
    elementsScript,
    corsOrigins: [portalOrigin.url],
  });
  portalOrigin.useServer(server.url);
  project.provide('doanflowUrl', server.url);
  project.provide('portalUrl', portalOrigin.url);
  project.provide('tokenSecret', server.secret);
  return async () => {
    await portalOrigin.close();
    await server.close();
  };
}

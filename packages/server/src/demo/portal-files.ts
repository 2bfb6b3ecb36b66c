import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PortalOptions } from '../plugins/portal.ts';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/**
 * The demo portal and the plain embedding page, when the portal has been built (`pnpm start` builds
 * it first). Without a built portal the server serves the API alone.
 */
export function builtPortal(): PortalOptions | undefined {
  const root = fromRoot('examples/portal/dist');
  if (!existsSync(`${root}/index.html`)) return undefined;
  return {
    root,
    embedPage: fromRoot('examples/embed-script'),
  };
}

/** The web-component script of this checkout, when it has been built (demo or not, portals embed it). */
export function builtElementsScript(): string | undefined {
  const file = fromRoot('packages/widgets/dist/doanflow-elements.js');
  return existsSync(file) ? file : undefined;
}

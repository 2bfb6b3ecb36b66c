import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PortalOptions } from '../plugins/portal.ts';

const fromRoot = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/**
 * The demo portal, the web-component script and the plain embedding page, when they have been built
 * (`pnpm start` builds them first). Without a built portal the server serves the API alone.
 */
export function builtPortal(): PortalOptions | undefined {
  const root = fromRoot('examples/portal/dist');
  if (!existsSync(`${root}/index.html`)) return undefined;
  return {
    root,
    elementsScript: fromRoot('packages/widgets/dist/doanflow-elements.js'),
    embedPage: fromRoot('examples/embed-script'),
  };
}

import { extname, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Static pages served next to the API, for the demo and for portals that host their pages on the
 * same origin (the API then needs no CORS): a built portal and a plain HTML page that embeds the
 * web components. API routes keep their paths: find-my-way prefers a registered path to
 * the portal's wildcard, so `/inbox` stays the API while `/assets/…` is a file. The web-component
 * script is served apart (elements-script.ts), with or without a portal.
 */
export interface PortalOptions {
  /** A built single-page portal (its index.html and assets), served at `/`. */
  root: string;
  /** A folder with a plain HTML page (index.html and its scripts/styles), served at `/embed/`. */
  embedPage?: string;
}

/** Only page assets leave the embed folder, never its README or package.json. */
const pageAssets = new Set(['', '.html', '.js', '.css', '.svg', '.png', '.ico']);

export async function portalPlugin(app: FastifyInstance, options: PortalOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: resolve(options.root),
    prefix: '/',
    index: ['index.html'],
    // Hashed asset names change with every build; index.html must be revalidated.
    setHeaders: (reply, path) => {
      const hashed = path.includes(`${sep}assets${sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  if (options.embedPage) {
    await app.register(fastifyStatic, {
      root: resolve(options.embedPage),
      prefix: '/embed/',
      decorateReply: false,
      index: ['index.html'],
      redirect: true,
      allowedPath: (path) => pageAssets.has(extname(path)),
      setHeaders: (reply) => reply.header('cache-control', 'no-cache'),
    });
  }
}

import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';

export interface ElementsScriptOptions {
  /** The web-component bundle (widgets' dist/doanflow-elements.js); its `.map` beside it. */
  file: string;
}

/** The bundle as served: its bytes, gzipped copy, version and Subresource Integrity value. */
interface Built {
  mtimeMs: number;
  body: Buffer;
  gzipped: Buffer;
  version: string;
  integrity: string;
}

const YEAR = 'public, max-age=31536000, immutable';
const VERSIONED = /^([0-9a-f]{16})\.js$/;

/**
 * Serves the web-component script to portals on other origins: at a versioned URL
 * (`/doanflow-elements.<hash>.js`, cached for a year) and at `/doanflow-elements.js` (revalidated),
 * with `Cross-Origin-Resource-Policy: cross-origin` and `Access-Control-Allow-Origin: *` so that a
 * plain `<script>` and one with `integrity` + `crossorigin` both load it. `/doanflow-elements.json`
 * publishes the current URL, its `integrity` (sha384) and sizes, and the tag to paste.
 */
export async function elementsScriptPlugin(
  app: FastifyInstance,
  options: ElementsScriptOptions,
): Promise<void> {
  let built: Promise<Built> | null = null;
  // Re-read when the file was rebuilt under a running server (development).
  const current = async (): Promise<Built> => {
    const info = await stat(options.file).catch(() => null);
    if (!info) throw new ServerError('NOT_FOUND', 'the web-component script has not been built', {});
    const cached = built ? await built.catch(() => null) : null;
    if (cached && cached.mtimeMs === info.mtimeMs) return cached;
    built = readFile(options.file).then((body) => ({
      mtimeMs: info.mtimeMs,
      body,
      gzipped: gzipSync(body, { level: 9 }),
      version: createHash('sha256').update(body).digest('hex').slice(0, 16),
      integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
    }));
    return built;
  };

  const embeddable = (reply: FastifyReply) =>
    reply
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('access-control-allow-origin', '*')
      .header('timing-allow-origin', '*');

  const sendScript = async (request: FastifyRequest, reply: FastifyReply, script: Built, cache: string) => {
    embeddable(reply)
      .header('cache-control', cache)
      .header('etag', `"${script.version}"`)
      .header('vary', 'accept-encoding')
      .type('text/javascript; charset=utf-8');
    if (request.headers['if-none-match'] === `"${script.version}"`) return reply.code(304).send();
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(script.gzipped);
    }
    return reply.send(script.body);
  };

  const hidden = { schema: { hide: true } };
  app.get('/doanflow-elements.js', hidden, async (request, reply) =>
    sendScript(request, reply, await current(), 'no-cache'),
  );
  // `<version>.js`, or `js.map` for the source map the bundle names.
  app.get<{ Params: { rest: string } }>('/doanflow-elements.:rest', hidden, async (request, reply) => {
    const script = await current();
    if (request.params.rest === 'js.map') {
      const map = await readFile(`${options.file}.map`).catch(() => null);
      if (!map) throw new ServerError('NOT_FOUND', 'no source map', {});
      return embeddable(reply).header('cache-control', 'no-cache').type('application/json').send(map);
    }
    const versioned = VERSIONED.exec(request.params.rest);
    if (!versioned) throw new ServerError('NOT_FOUND', 'no such file', {});
    // An old version is gone: a page pinned to it must update its tag (its integrity would fail anyway).
    if (versioned[1] !== script.version) {
      throw new ServerError('NOT_FOUND', 'that version of the script is no longer served', {
        current: `/doanflow-elements.${script.version}.js`,
      });
    }
    return sendScript(request, reply, script, YEAR);
  });
  app.get('/doanflow-elements.json', hidden, async (request, reply) => {
    const script = await current();
    const src = `${request.protocol}://${request.host}/doanflow-elements.${script.version}.js`;
    return embeddable(reply)
      .header('cache-control', 'no-cache')
      .send({
        src,
        integrity: script.integrity,
        crossorigin: 'anonymous',
        version: script.version,
        bytes: script.body.length,
        gzipBytes: script.gzipped.length,
        tag: `<script src="${src}" integrity="${script.integrity}" crossorigin="anonymous" defer></script>`,
      });
  });
}

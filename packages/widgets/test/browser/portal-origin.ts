import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/**
 * A portal on another origin (a second 127.0.0.1 port), as a Union website would host its pages:
 * it serves the plain embedding page (examples/embed-script) and the test pages, with the one
 * script tag the doanflow server publishes (/doanflow-elements.json) and a Content-Security-Policy
 * chosen by the query string:
 *   ?csp=strict   default-src 'none'; script-src 'self' <server>; connect-src <server>; style-src 'self'; …
 *   ?csp=nonce    scripts and styles allowed only by a per-response nonce (and the server's script)
 *   ?hostile=1    adds a stylesheet `* { font: 30px serif; color: red }`
 */
export interface PortalOrigin {
  url: string;
  /** Set once the doanflow server is up: where the tag points. */
  useServer(doanflowUrl: string): void;
  close(): Promise<void>;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export const hostileCss = '* { font: 30px serif; color: red; letter-spacing: 3px; }\n';

function policy(kind: string | null, server: string, nonce: string): string | null {
  if (kind === 'strict') {
    return `default-src 'none'; script-src 'self' ${server}; connect-src ${server}; style-src 'self'; img-src 'self' data:`;
  }
  if (kind === 'nonce') {
    return `default-src 'none'; script-src 'nonce-${nonce}' ${server}; connect-src ${server}; style-src 'nonce-${nonce}'; img-src 'self' data:`;
  }
  return null;
}

export async function startPortalOrigin(folders: Record<string, string>): Promise<PortalOrigin> {
  let server = '';
  let tag = '';
  const http: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://portal');
      if (url.pathname === '/hostile.css') {
        response.writeHead(200, { 'content-type': types['.css']! }).end(hostileCss);
        return;
      }
      const [, prefix, ...rest] = url.pathname.split('/');
      const folder = folders[prefix ?? ''];
      const name = normalize(rest.join('/') || 'index.html');
      if (!folder || name.startsWith('..') || !(extname(name) in types)) {
        response.writeHead(404).end();
        return;
      }
      const file = await readFile(join(folder, name), 'utf8').catch(() => null);
      if (file === null) {
        response.writeHead(404).end();
        return;
      }
      const headers: Record<string, string> = {
        'content-type': types[extname(name)]!,
        'cache-control': 'no-store',
      };
      let body = file;
      if (extname(name) === '.html') {
        tag ||= ((await (await fetch(`${server}/doanflow-elements.json`)).json()) as { tag: string }).tag;
        const nonce = randomBytes(12).toString('base64');
        const csp = policy(url.searchParams.get('csp'), server, nonce);
        if (csp) headers['content-security-policy'] = csp;
        // The one line README shows, exactly as the server publishes it.
        body = body.replace(/<script src="\/doanflow-elements\.js"[^>]*><\/script>/, tag);
        if (url.searchParams.get('hostile')) {
          body = body.replace('</head>', '<link rel="stylesheet" href="/hostile.css" />\n</head>');
        }
        if (url.searchParams.get('csp') === 'nonce') {
          body = body
            .replaceAll('<script ', `<script nonce="${nonce}" `)
            .replaceAll('<link rel="stylesheet"', `<link rel="stylesheet" nonce="${nonce}"`);
        }
      }
      response.writeHead(200, headers).end(body);
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    useServer: (doanflowUrl) => void (server = doanflowUrl),
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

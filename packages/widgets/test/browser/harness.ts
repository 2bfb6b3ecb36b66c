import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

/** Where the real server runs, and whom the demo token is for: required, never guessed. */
export function serverUnderTest() {
  const baseUrl = process.env['DOANFLOW_BASE_URL'];
  const personId = process.env['DOANFLOW_PERSON_ID'];
  if (!baseUrl || !personId)
    throw new Error('set DOANFLOW_BASE_URL and DOANFLOW_PERSON_ID (see vitest.browser.config.ts)');
  return { baseUrl, personId };
}

export async function devToken(baseUrl: string, personId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ personId }),
  });
  if (!response.ok) throw new Error(`dev token refused: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Serves one HTML page and the built elements script on 127.0.0.1. */
export async function servePage(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const script = await readFile(new URL('../../dist/doanflow-elements.js', import.meta.url));
  const server: Server = createServer((request, response) => {
    if (request.url === '/doanflow-elements.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    } else {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Debian Chromium, headless (never a downloaded browser); Playwright gives each launch a fresh profile. */
export async function launchChromium(): Promise<{ browser: Browser; cleanup: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    cleanup: () => browser.close(),
  };
}

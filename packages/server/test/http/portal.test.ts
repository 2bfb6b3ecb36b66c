import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, testApp } from '../support/test-app.ts';

let dir: string;
let current: ReturnType<typeof testApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doanflow-portal-'));
  await mkdir(join(dir, 'portal/assets'), { recursive: true });
  await mkdir(join(dir, 'embed'), { recursive: true });
  await writeFile(join(dir, 'portal/index.html'), '<!doctype html><title>portal</title>');
  await writeFile(join(dir, 'portal/assets/app-1a2b.js'), 'console.log(1)');
  await writeFile(join(dir, 'portal/sw.js'), 'self.addEventListener("fetch", () => {})');
  await writeFile(join(dir, 'portal/manifest.webmanifest'), '{"name":"portal"}');
  await writeFile(join(dir, 'doanflow-elements.js'), 'window.elements = 1');
  await writeFile(join(dir, 'embed/index.html'), '<!doctype html><title>embed</title>');
  await writeFile(join(dir, 'embed/README.md'), '# not served');
  current = testApp({
    auth: { secret: SECRET, devTokens: true },
    portal: { root: join(dir, 'portal'), embedPage: join(dir, 'embed') },
    elementsScript: join(dir, 'doanflow-elements.js'),
  });
});

afterAll(async () => {
  await current.app.close();
  await rm(dir, { recursive: true, force: true });
});

describe('buildApp({ portal })', () => {
  it('serves the portal at /, its assets, the elements script and the embed page', async () => {
    const { app } = current;
    const index = await app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>portal</title>');
    const asset = await app.inject({ url: '/assets/app-1a2b.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/doanflow-elements.js' })).body).toBe('window.elements = 1');
    expect((await app.inject({ url: '/embed/' })).body).toContain('<title>embed</title>');
    expect((await app.inject({ url: '/embed/README.md' })).statusCode).toBe(404);
  });

  it('serves the service worker and the web app manifest so the portal installs (scope /)', async () => {
    const { app } = current;
    const worker = await app.inject({ url: '/sw.js' });
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    // Revalidated on every load: a new release's worker is found at once.
    expect(worker.headers['cache-control']).toBe('no-cache');
    // The page's policy lets it register a same-origin worker and read the manifest.
    const page = await app.inject({ url: '/' });
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/worker-src|manifest-src/);
    const manifest = await app.inject({ url: '/manifest.webmanifest' });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
  });

  it('keeps the API paths: JSON answers, authentication required', async () => {
    const inbox = await current.app.inject({ url: '/inbox' });
    expect(inbox.statusCode).toBe(401);
    expect(inbox.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await current.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
  });

  it('lists the demo people with their roles and the workflows they may start (dev tokens only)', async () => {
    const people = (await current.app.inject({ url: '/auth/dev-people' })).json() as {
      items: { id: string; roles: { role: string; unitName: string }[]; mayStart: string[] }[];
    };
    const binh = people.items.find((person) => person.id === 'p-binh');
    expect(binh?.roles).toContainEqual(
      expect.objectContaining({ role: 'branchSecretary', unitName: 'Chi đoàn thôn 2' }),
    );
    expect(binh?.mayStart).toContain('member-transfer');
    const off = testApp();
    expect((await off.app.inject({ url: '/auth/dev-people' })).statusCode).toBe(404);
    await off.app.close();
  });
});

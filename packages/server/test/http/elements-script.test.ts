import { createHash } from 'node:crypto';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app.ts';

let dir: string;
let file: string;
let current: ReturnType<typeof testApp>;
const script = 'window.doanflowElements = "v1";\n//# sourceMappingURL=doanflow-elements.js.map\n';

interface Manifest {
  src: string;
  integrity: string;
  crossorigin: string;
  version: string;
  bytes: number;
  gzipBytes: number;
  tag: string;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doanflow-elements-'));
  file = join(dir, 'doanflow-elements.js');
  await writeFile(file, script);
  await writeFile(`${file}.map`, '{"version":3}');
  current = testApp({ elementsScript: file });
});

afterAll(async () => {
  await current.app.close();
  await rm(dir, { recursive: true, force: true });
});

const manifest = async () =>
  (
    await current.app.inject({ url: '/doanflow-elements.json', headers: { host: 'doanflow.example.vn' } })
  ).json<Manifest>();

describe('the web-component script, for portals on other origins', () => {
  it('publishes its versioned URL, integrity, sizes and the tag to paste', async () => {
    const published = await manifest();
    const sha384 = createHash('sha384').update(script).digest('base64');
    expect(published).toMatchObject({
      integrity: `sha384-${sha384}`,
      crossorigin: 'anonymous',
      bytes: Buffer.byteLength(script),
    });
    expect(published.src).toBe(`http://doanflow.example.vn/doanflow-elements.${published.version}.js`);
    expect(published.tag).toBe(
      `<script src="${published.src}" integrity="sha384-${sha384}" crossorigin="anonymous" defer></script>`,
    );
  });

  it('serves the versioned file for a year, to any origin, gzipped when asked', async () => {
    const { version } = await manifest();
    const response = await current.app.inject({
      url: `/doanflow-elements.${version}.js`,
      headers: { origin: 'https://tinh-doan.example.vn', 'accept-encoding': 'gzip, br' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=31536000, immutable',
      'content-type': 'text/javascript; charset=utf-8',
      'content-encoding': 'gzip',
    });
    expect(gunzipSync(response.rawPayload).toString()).toBe(script);
  });

  it('serves the unversioned name revalidated (ETag), and its source map', async () => {
    const { version } = await manifest();
    const plain = await current.app.inject({ url: '/doanflow-elements.js' });
    expect(plain.body).toBe(script);
    expect(plain.headers['cache-control']).toBe('no-cache');
    expect(plain.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const again = await current.app.inject({
      url: '/doanflow-elements.js',
      headers: { 'if-none-match': `"${version}"` },
    });
    expect(again.statusCode).toBe(304);
    expect((await current.app.inject({ url: '/doanflow-elements.js.map' })).body).toBe('{"version":3}');
  });

  it('follows a rebuild, and refuses an old or made-up version with 404', async () => {
    const before = await manifest();
    await writeFile(file, `${script}// v2\n`);
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    const after = await manifest();
    expect(after.version).not.toBe(before.version);
    const old = await current.app.inject({ url: `/doanflow-elements.${before.version}.js` });
    expect(old.statusCode).toBe(404);
    expect(old.json()).toMatchObject({
      code: 'NOT_FOUND',
      details: { current: `/doanflow-elements.${after.version}.js` },
    });
    expect((await current.app.inject({ url: '/doanflow-elements.zzz.js' })).statusCode).toBe(404);
    expect((await current.app.inject({ url: `/doanflow-elements.${after.version}.js` })).statusCode).toBe(
      200,
    );
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../packages/widgets/test/browser/harness.ts';
import { packPublished, type PackedPackage } from '../../scripts/packaging/pack.ts';
import { createConsumerProject, outsideEnv, type ConsumerProject } from './consumer-project.ts';

/**
 * The packages as a portal's and a host's developers get them: packed (pnpm pack, built by their
 * prepack), installed into fresh projects in a temporary folder outside the workspace, compiled by
 * the consumers' own strict tsc, built by the portal's own Vite and run by plain node. The host
 * brings a workflow of its own on other minor versions of xstate and zod than the packages were
 * built with, and must still get one copy of each.
 */
const template = (name: string) => fileURLToPath(new URL(`./${name}/`, import.meta.url));
const SECRET = 'a-webhook-secret-of-the-host';
const OTHER_XSTATE = '5.32.0';
const OTHER_ZOD = '4.5.0';

let root = '';
let packed: Record<string, PackedPackage> = {};
let portal: ConsumerProject;
let host: ConsumerProject;
let hostProcess: ChildProcess | null = null;
let hostUrl = '';
let hostDataDir = '';
let receiver: {
  server: Server;
  url: string;
  deliveries: { headers: IncomingMessage['headers']; body: string }[];
};

const tarball = (name: string) => `file:${packed[name]!.tarball}`;

beforeAll(async () => {
  packed = Object.fromEntries((await packPublished({ reuse: true })).map((pkg) => [pkg.name, pkg]));
  root = await mkdtemp(join(tmpdir(), 'doanflow-consumers-'));
  [portal, host] = await Promise.all([
    createConsumerProject({
      template: template('portal'),
      dir: join(root, 'portal'),
      dependencies: {
        '@doanflow/client': tarball('@doanflow/client'),
        '@doanflow/widgets': tarball('@doanflow/widgets'),
        react: '19.3.1',
        'react-dom': '19.3.1',
      },
      devDependencies: {
        '@types/react': '19.3.0',
        '@types/react-dom': '19.3.0',
        '@vitejs/plugin-react': '6.3.0',
        typescript: '7.0.2',
        vite: '8.3.8',
      },
      // The widgets' own dependency, as the registry would serve it.
      overrides: { '@doanflow/client': tarball('@doanflow/client') },
    }),
    createConsumerProject({
      template: template('host'),
      dir: join(root, 'host'),
      dependencies: {
        '@doanflow/client': tarball('@doanflow/client'),
        '@doanflow/engine': tarball('@doanflow/engine'),
        '@doanflow/server': tarball('@doanflow/server'),
        xstate: OTHER_XSTATE,
        zod: OTHER_ZOD,
      },
      devDependencies: { '@types/node': '24.19.2', typescript: '7.0.2' },
      overrides: { '@doanflow/client': tarball('@doanflow/client') },
    }),
  ]);
  const deliveries: { headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver = { server, deliveries, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks` };
});

afterAll(async () => {
  hostProcess?.kill('SIGTERM');
  await new Promise<void>((resolve) =>
    hostProcess?.exitCode === null ? hostProcess.once('exit', () => resolve()) : resolve(),
  );
  await new Promise<void>((resolve) => receiver?.server.close(() => resolve()));
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the packages outside the workspace', () => {
  it('tarballs hold the build, its declarations and the licence, not sources or tests', () => {
    for (const pkg of Object.values(packed)) {
      expect(pkg.files).toContain('LICENSE');
      expect(pkg.files).toContain('README.md');
      expect(pkg.files.filter((file) => /^src\/|\.test\.|\.map$|tsconfig|tsbuildinfo/.test(file))).toEqual(
        [],
      );
    }
  });

  it('a Vite + React portal type-checks strictly (no allowImportingTsExtensions) and builds', async () => {
    expect(await portal.exec('pnpm', ['exec', 'tsc', '-p', '.'])).toBe('');
    await portal.exec('pnpm', ['exec', 'vite', 'build']);
    expect(existsSync(join(portal.dir, 'dist/index.html'))).toBe(true);
    // The web-component script is reachable through the package's exports, as a file to serve.
    const script = await portal.exec(process.execPath, [
      '--input-type=module',
      '-e',
      "console.log(import.meta.resolve('@doanflow/widgets/elements'))",
    ]);
    expect(existsSync(fileURLToPath(script.trim()))).toBe(true);
  });

  it('a host gets one copy of its own xstate and zod, other minors than the packages were built with', () => {
    const copies = (name: string) =>
      readdirSync(join(host.dir, 'node_modules/.pnpm')).filter((entry) => entry.startsWith(`${name}@`));
    expect(copies('xstate')).toEqual([`xstate@${OTHER_XSTATE}`]);
    expect(copies('zod')).toEqual([`zod@${OTHER_ZOD}`]);
    // The engine and the server resolve the very folder the host's own imports do.
    const own = realpathSync(join(host.dir, 'node_modules/xstate'));
    for (const pkg of ['@doanflow/engine', '@doanflow/server']) {
      const installed = realpathSync(join(host.dir, 'node_modules', pkg));
      expect(realpathSync(join(installed, '../../xstate'))).toBe(own);
    }
  });

  it('the host type-checks strictly and plain node serves its own workflow', async () => {
    expect(await host.exec('pnpm', ['exec', 'tsc', '-p', '.'])).toBe('');
    hostUrl = await startHost();
    const response = await fetch(`${hostUrl}/definitions/member-card`, {
      headers: { authorization: `Bearer ${await tokenFor('p-vy')}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id: 'member-card',
      title: { vi: 'Cấp lại thẻ đoàn viên' },
    });
    // The embedded database lives beside the host, not in node_modules where a reinstall wipes it.
    expect(hostDataDir).toBe(join(host.dir, '.data'));
    expect(existsSync(join(host.dir, '.data'))).toBe(true);
    const inNodeModules = readdirSync(join(host.dir, 'node_modules/.pnpm')).filter((entry) =>
      existsSync(join(host.dir, 'node_modules/.pnpm', entry, 'node_modules/.data')),
    );
    expect(inNodeModules).toEqual([]);
  });

  it('the host delivers a signed webhook for its workflow', async () => {
    const admin = await tokenFor('p-yen');
    const registered = await api('POST', '/webhooks', admin, {
      url: receiver.url,
      secret: SECRET,
      topics: [],
    });
    expect(registered.status).toBe(201);
    const started = await api('POST', '/instances', await tokenFor('p-lan'), {
      workflowId: 'member-card',
      input: { memberId: 'p-lan', branchId: 'cd-kdc-tayan', cause: 'lost' },
    });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    await expect.poll(() => receiver.deliveries.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const delivery = receiver.deliveries[0]!;
    // Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body">, the timestamp signed too.
    const { 'webhook-id': messageId, 'webhook-timestamp': timestamp } = delivery.headers;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const signed = `${String(messageId)}.${String(timestamp)}.${delivery.body}`;
    const expected = `v1,${createHmac('sha256', SECRET).update(signed).digest('base64')}`;
    expect(delivery.headers['webhook-signature']).toBe(expected);
    expect(JSON.parse(delivery.body)).toMatchObject({
      topic: 'instance.changed',
      payload: { instanceId: id, workflowId: 'member-card' },
    });
  });

  it("the host tests its own workflow with @doanflow/engine/testing, like the Union's", async () => {
    const output = await host.exec(process.execPath, ['dist/test-workflow.js']);
    expect(JSON.parse(output)).toEqual({
      missingStates: [],
      missingTransitions: [],
      transitions: 2,
      matrix: { ISSUE: { 'p-binh': ['self'] }, REFUSE: { 'p-binh': ['self'] } },
    });
  });

  it('a Node program reads the host with @doanflow/client: typed calls, typed errors', async () => {
    const output = await host.exec(process.execPath, ['src/drive.ts', hostUrl, await tokenFor('p-lan')]);
    expect(JSON.parse(output)).toEqual({
      workflows: expect.arrayContaining(['member-card']),
      title: 'Cấp lại thẻ đoàn viên',
      refusals: [
        { code: 'UNKNOWN_WORKFLOW no-such-workflow', status: 404 },
        { code: 'NOT_FOUND', status: 404 },
      ],
    });
  });

  it("the portal renders the branch secretary's inbox against the host, in Chromium", async () => {
    const browser = await launchChromium();
    try {
      const watch = await openPage(browser, 'en-GB');
      await watch.page.goto(`${hostUrl}/?token=${await tokenFor('p-vy')}`);
      const item = watch.page.locator('.df-Inbox-item', { hasText: 'New membership card' });
      await item
        .first()
        .waitFor({ timeout: 20_000 })
        .catch(async (error: Error) => {
          const text = await watch.page.locator('body').innerText();
          throw new Error(`${error.message}\npage: ${text}\nerrors: ${watch.errors.join('\n')}`);
        });
      expect(await watch.page.locator('.df-Inbox').getAttribute('data-state')).toBe('ready');
      expect(watch.errors).toEqual([]);
      await watch.close();
    } finally {
      await browser.close();
    }
  });
});

async function tokenFor(personId: string): Promise<string> {
  const response = await api('POST', '/auth/dev-token', null, { personId });
  return ((await response.json()) as { token: string }).token;
}

function api(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  return fetch(`${hostUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** `node dist/main.js` in the host's folder, with no DOANFLOW_DATA_DIR: its default is under test. */
async function startHost(): Promise<string> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: host.dir,
    env: outsideEnv({
      HOST: '127.0.0.1',
      PORT: '0',
      DOANFLOW_DEV_TOKENS: '1',
      // The test's receiver listens on loopback: allowed explicitly, as a deployment inside its network would.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      PORTAL_DIR: join(portal.dir, 'dist'),
      LOG_LEVEL: 'warn',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hostProcess = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const started = /host listening on (http:\/\/\S+), embedded database in (\S+)\n/.exec(output);
      if (started) {
        clearTimeout(timer);
        hostDataDir = started[2]!;
        resolve(started[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`the host exited (${code}):\n${output}`)));
  });
}

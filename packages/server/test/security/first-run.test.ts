import { demoDirectoryData, unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type DoanflowApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { defaultAdminPolicy } from '../../src/routes/shared/caller-scope.ts';
import { createRuntime, type HostedRuntime } from '../../src/runtime-factory.ts';
import { DATABASE_URL, dropSchema, uniqueName } from '../runtime/support.ts';
import { bearer, SECRET, TENANT } from './support.ts';

/**
 * A production first run: an empty database names no administrator, so the one named by
 * configuration (DOANFLOW_FIRST_ADMIN) loads the directory, and loses the power once the directory
 * names administrators of its own. The demo, which seeds a known administrator, is refused.
 */

const schema = uniqueName('sec_first_run');
let runtime: HostedRuntime;
let app: DoanflowApp;

beforeAll(async () => {
  runtime = await createRuntime({
    databaseUrl: DATABASE_URL,
    schema,
    worker: false,
    registry: new WorkflowRegistry(unionWorkflows),
    reconcileIntervalMs: 0,
    poolSize: 2,
    log: () => {},
  });
  app = buildApp({
    runtime,
    registry: new WorkflowRegistry(unionWorkflows),
    auth: { secret: SECRET, tenant: TENANT },
    adminPolicy: { ...defaultAdminPolicy, firstAdmin: 'it-admin' },
  });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await dropSchema(schema);
});

const put = async (personId: string) =>
  app.inject({
    method: 'PUT',
    url: '/directory',
    headers: await bearer(personId),
    payload: demoDirectoryData,
  });

describe('a production first run', () => {
  it('lets the configured first administrator load the directory, and only until it names its own', async () => {
    expect((await put('p-yen')).statusCode).toBe(403);
    expect((await put('someone')).statusCode).toBe(403);
    const first = await put('it-admin');
    expect(first.statusCode).toBe(200);
    // The directory now names its administrators (the city union's secretariat): the bootstrap is over.
    expect((await put('it-admin')).statusCode).toBe(403);
    expect((await put('p-yen')).statusCode).toBe(200);
  });

  it('refuses demo mode in production at start, saying why', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DOANFLOW_DEMO: '1', JWT_SECRET: SECRET })).toThrow(
      /demo mode is refused with NODE_ENV=production/,
    );
    expect(
      loadConfig({ NODE_ENV: 'production', DOANFLOW_FIRST_ADMIN: 'it-admin', JWT_SECRET: SECRET }),
    ).toMatchObject({
      demo: false,
      firstAdmin: 'it-admin',
    });
  });
});

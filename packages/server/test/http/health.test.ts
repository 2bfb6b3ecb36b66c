import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineOnlyRuntime } from '../support/engine-only-runtime.ts';
import { testApp } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

describe('health and readiness', () => {
  it('answers liveness and readiness without a token', async () => {
    current = testApp();
    expect((await current.app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await current.app.inject({ url: '/ready' })).json()).toEqual({
      status: 'ok',
      checks: { database: 'ok' },
    });
  });

  it('is not ready, with 503 and Retry-After, while the database is down', async () => {
    const registry = new WorkflowRegistry(unionWorkflows);
    const runtime = new EngineOnlyRuntime(registry);
    current = testApp({ runtime, registry });
    runtime.down = true;
    const response = await current.app.inject({ url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ code: 'UNAVAILABLE' });
    expect(response.body).not.toContain('connection refused');
    expect((await current.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('closes the runtime when the app closes', async () => {
    const registry = new WorkflowRegistry(unionWorkflows);
    const runtime = new EngineOnlyRuntime(registry);
    let closed = false;
    runtime.close = async () => {
      closed = true;
    };
    const { app } = testApp({ runtime, registry });
    await app.ready();
    await app.close();
    expect(closed).toBe(true);
  });
});

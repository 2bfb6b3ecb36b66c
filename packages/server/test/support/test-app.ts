import { unionWorkflows, WorkflowRegistry } from '@doanflow/engine';
import type { JWTPayload } from 'jose';
import { buildApp, type AppOptions } from '../../src/app.ts';
import { InMemoryWebhookStore } from '../../src/webhooks/store.ts';
import { EngineOnlyRuntime } from './engine-only-runtime.ts';
import { signToken } from './tokens.ts';

export const SECRET = 'test-secret-that-is-long-enough-0123456789';
export const TENANT = 'danang';

/** An HS256 token as a portal's identity provider would issue it; claims may be overridden. */
export function tokenFor(personId: string | undefined, claims: JWTPayload = {}, secret = SECRET) {
  return signToken({ secret, tenant: TENANT }, personId, claims);
}

export const bearer = async (personId: string, claims: JWTPayload = {}) => ({
  authorization: `Bearer ${await tokenFor(personId, claims)}`,
});

export function testApp(overrides: Partial<AppOptions> = {}) {
  const registry = new WorkflowRegistry(unionWorkflows);
  const runtime = (overrides.runtime as EngineOnlyRuntime | undefined) ?? new EngineOnlyRuntime(registry);
  const webhooks = new InMemoryWebhookStore();
  const app = buildApp({
    runtime,
    registry,
    webhooks,
    auth: { secret: SECRET, tenant: TENANT },
    cors: { origins: ['https://portal.example.vn'] },
    // The example portal's host does not resolve on the test machines: allowed by name.
    webhookTargets: { allow: ['portal.example.vn'] },
    ...overrides,
  });
  return { app, runtime, registry, webhooks };
}

/** A member transfer as Nguyễn Văn An (p-an) asks for it. */
export const transferInput = {
  memberId: 'p-an',
  kind: 'permanent',
  sourceBranchId: 'cd-thon2',
  destinationBaseId: 'hoachau',
  reason: 'Chuyển nơi làm việc về Đà Nẵng',
};

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { serverOptionsFrom } from '../../src/server-options.ts';

const SECRET = 'x'.repeat(40);

describe('configuration', () => {
  it('has safe defaults', () => {
    const config = loadConfig({ JWT_SECRET: SECRET });
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, demo: false });
    expect(config.auth.devTokens).toBe(false);
    // Beside the host (the folder it starts in), never beside the installed package in node_modules.
    expect(config.dataDir).toBe(join(process.cwd(), '.data'));
  });

  it('refuses dev tokens in production, whatever else is set', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', DOANFLOW_DEV_TOKENS: '1', JWT_SECRET: SECRET }),
    ).toThrow(/dev tokens can never be on in production/);
  });

  it('turns dev tokens on only with an explicit 1, and refuses look-alikes', () => {
    expect(loadConfig({ DOANFLOW_DEV_TOKENS: '1' }).auth.devTokens).toBe(true);
    expect(loadConfig({ DOANFLOW_DEV_TOKENS: '0', JWT_SECRET: SECRET }).auth.devTokens).toBe(false);
    for (const value of ['true', 'yes', 'on', '2']) {
      expect(() => loadConfig({ DOANFLOW_DEV_TOKENS: value, JWT_SECRET: SECRET })).toThrow(ConfigError);
    }
  });

  it('keeps dev tokens on a loopback address and generates a secret when none is set', () => {
    expect(() => loadConfig({ DOANFLOW_DEV_TOKENS: '1', HOST: '0.0.0.0' })).toThrow(/loopback/);
    const config = loadConfig({ DOANFLOW_DEV_TOKENS: '1' });
    expect(config.ephemeralSecret).toBe(true);
    expect(config.auth.secret?.length).toBeGreaterThanOrEqual(32);
  });

  it('needs a way to verify tokens, and strong secrets', () => {
    expect(() => loadConfig({})).toThrow(/JWT_SECRET or JWKS_URL/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(
      loadConfig({ JWKS_URL: 'https://id.example.vn/.well-known/jwks.json' }).auth.jwksUrl,
    ).toBeDefined();
  });

  it('parses ports and CORS origins, naming the bad variable', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      PORT: '8080',
      CORS_ORIGINS: 'https://a.vn, https://b.vn:8443/',
    });
    expect(config.port).toBe(8080);
    expect(config.cors.origins).toEqual(['https://a.vn', 'https://b.vn:8443']);
    const failure = (() => {
      try {
        loadConfig({ JWT_SECRET: SECRET, PORT: 'eighty', CORS_ORIGINS: 'https://a.vn/path' });
        return null;
      } catch (error) {
        return error as ConfigError;
      }
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure?.issues.map((issue) => issue.variable).sort()).toEqual(['CORS_ORIGINS', 'PORT']);
  });

  it('takes a BullMQ prefix per deployment and refuses one that would not be a plain key part', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).queuePrefix).toBe('doanflow');
    expect(loadConfig({ JWT_SECRET: SECRET, BULLMQ_PREFIX: 'hcm-prod' }).queuePrefix).toBe('hcm-prod');
    for (const value of ['', 'a:b', 'with space', 'x'.repeat(65)]) {
      expect(() => loadConfig({ JWT_SECRET: SECRET, BULLMQ_PREFIX: value })).toThrow(/BULLMQ_PREFIX/);
    }
  });

  it("sizes the embedded database's buffer cache, 32MB unless told, and refuses a size PostgreSQL would not read", () => {
    expect(loadConfig({ JWT_SECRET: SECRET }).pgliteSharedBuffers).toBe('32MB');
    expect(
      loadConfig({ JWT_SECRET: SECRET, DOANFLOW_PGLITE_SHARED_BUFFERS: '128MB' }).pgliteSharedBuffers,
    ).toBe('128MB');
    for (const value of ['', '32', '32 MB', '0MB', '32MB; fsync = off']) {
      expect(() => loadConfig({ JWT_SECRET: SECRET, DOANFLOW_PGLITE_SHARED_BUFFERS: value })).toThrow(
        /DOANFLOW_PGLITE_SHARED_BUFFERS/,
      );
    }
  });

  it('holds newer workflow versions back where WORKFLOW_VERSIONS_UP_TO says, and refuses a malformed entry', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      WORKFLOW_VERSIONS_UP_TO: 'member-transfer@1, award-campaign@1',
    });
    expect(config.workflowVersionsUpTo).toEqual({ 'member-transfer': 1, 'award-campaign': 1 });
    const registry = serverOptionsFrom(config).registry!;
    expect(registry.versions('member-transfer')).toEqual([1]);
    expect(registry.versions('award-campaign')).toEqual([1]);
    expect(registry.versions('field-visit')).toEqual([1, 2]);
    expect(serverOptionsFrom(loadConfig({ JWT_SECRET: SECRET })).registry).toBeUndefined();
    expect(() => loadConfig({ JWT_SECRET: SECRET, WORKFLOW_VERSIONS_UP_TO: 'member-transfer' })).toThrow(
      ConfigError,
    );
  });
});

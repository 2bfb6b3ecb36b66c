import { afterEach, describe, expect, it } from 'vitest';
import { bearer, testApp } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

const PORTAL = 'https://portal.example.vn';

describe('CORS allow-list', () => {
  it('answers a listed portal origin', async () => {
    current = testApp();
    const preflight = await current.app.inject({
      method: 'OPTIONS',
      url: '/instances',
      headers: { origin: PORTAL, 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(PORTAL);
    const get = await current.app.inject({
      url: '/inbox',
      headers: { origin: PORTAL, ...(await bearer('p-an')) },
    });
    expect(get.headers['access-control-allow-origin']).toBe(PORTAL);
  });

  it('refuses an unlisted origin: preflight 403, no CORS headers on a simple request', async () => {
    current = testApp();
    const preflight = await current.app.inject({
      method: 'OPTIONS',
      url: '/instances',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(403);
    expect(preflight.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const get = await current.app.inject({
      url: '/inbox',
      headers: { origin: 'https://evil.example', ...(await bearer('p-an')) },
    });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows no origin at all when none is configured', async () => {
    current = testApp({ cors: undefined });
    const preflight = await current.app.inject({
      method: 'OPTIONS',
      url: '/inbox',
      headers: { origin: PORTAL, 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).toBe(403);
  });
});

describe('security headers', () => {
  it('sets helmet headers on API answers and errors alike', async () => {
    current = testApp();
    for (const url of ['/health', '/nowhere']) {
      const response = await current.app.inject({ url });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends the whole set on every answer, the same each time (worked out once at start)', async () => {
    const { app } = (current = testApp());
    const securityHeaders = (headers: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(headers).filter(([name]) =>
          /^(content-security-policy|cross-origin-|origin-agent-cluster|referrer-policy|strict-transport-security|x-content-type-options|x-dns-prefetch-control|x-download-options|x-frame-options|x-permitted-cross-domain-policies|x-xss-protection)/.test(
            name,
          ),
        ),
      );
    const answers = await Promise.all(
      ['/health', '/nowhere', '/openapi.json', '/health'].map((url) => app.inject({ url })),
    );
    const first = securityHeaders(answers[0]!.headers);
    expect(first).toEqual({
      'content-security-policy':
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';frame-src 'self' blob:;connect-src 'self'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-site',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
    for (const answer of answers) expect(securityHeaders(answer.headers)).toEqual(first);
  });
});

import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier } from '../../src/plugins/token-verifier.ts';

/** Verified tokens are remembered to save the signature check; that must never widen what is accepted. */

const SECRET = 'a-test-secret-of-at-least-32-bytes!!';
const sign = (sub: string, expiresInSeconds: number) =>
  new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
    .sign(new TextEncoder().encode(SECRET));

afterEach(() => vi.useRealTimers());

describe('remembered tokens', () => {
  it('refuses a remembered token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = createTokenVerifier({ secret: SECRET });
    const token = await sign('p-an', 30);
    await expect(verifier.verify(token)).resolves.toMatchObject({ personId: 'p-an' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ personId: 'p-an' });
    vi.setSystemTime(Date.now() + 40_000);
    await expect(verifier.verify(token)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'expired' },
    });
  });

  it('remembers nothing about a refused token: a forged copy of a good one stays refused', async () => {
    const verifier = createTokenVerifier({ secret: SECRET });
    const token = await sign('p-an', 600);
    await verifier.verify(token);
    const [header, payload] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: 'p-xuan', exp: 9e9 })).toString('base64url')}.${token.split('.')[2]}`;
    expect(payload).not.toBe(forged.split('.')[1]);
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("tells the token's expiry with its principal, remembered or not", async () => {
    const verifier = createTokenVerifier({ secret: SECRET });
    const token = await sign('p-an', 600);
    const expiresAt = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000;
    const first = await verifier.verifyWithExpiry(token);
    const again = await verifier.verifyWithExpiry(token);
    for (const answer of [first, again]) {
      expect(answer).toMatchObject({ principal: { kind: 'person', personId: 'p-an' }, expiresAt });
    }
  });
});

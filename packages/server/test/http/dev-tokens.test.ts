import { afterEach, describe, expect, it } from 'vitest';
import { SECRET, testApp } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

describe('POST /auth/dev-token', () => {
  it('mints a working token for a directory person when dev tokens are on', async () => {
    current = testApp({ auth: { secret: SECRET, devTokens: true } });
    const minted = await current.app.inject({
      method: 'POST',
      url: '/auth/dev-token',
      payload: { personId: 'p-binh' },
    });
    expect(minted.statusCode).toBe(200);
    expect(minted.json()).toMatchObject({ personId: 'p-binh', name: 'Trần Thị Bình' });
    const inbox = await current.app.inject({
      url: '/inbox',
      headers: { authorization: `Bearer ${minted.json().token}` },
    });
    expect(inbox.statusCode).toBe(200);
    const unknown = await current.app.inject({
      method: 'POST',
      url: '/auth/dev-token',
      payload: { personId: 'p-x' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('does not exist when dev tokens are off', async () => {
    current = testApp();
    const response = await current.app.inject({
      method: 'POST',
      url: '/auth/dev-token',
      payload: { personId: 'p-binh' },
    });
    expect(response.statusCode).toBe(404);
  });
});

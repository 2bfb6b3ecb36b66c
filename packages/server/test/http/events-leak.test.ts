import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp, tokenFor } from '../support/test-app.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Active handles by kind (timers, sockets…), as the process reports them. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

const lines: string[] = [];
const { app, runtime } = testApp({
  heartbeatMs: 1000,
  // Every stream reads the directory, slowly: a wide set-up window for the client to leave in.
  changeFeed: { scopeRefreshMs: 0 },
  rateLimit: { max: 100_000 },
  logger: { level: 'debug', stream: { write: (line: string) => lines.push(line) } },
});
const directory = runtime.directory.bind(runtime);
runtime.directory = async () => {
  await sleep(2 + Math.random() * 4);
  return directory();
};
afterAll(() => app.close());

/** Sends GET /events on a raw socket and resets the connection `afterMs` later. */
function resetMidSetUp(port: number, token: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`,
      );
      setTimeout(() => {
        socket.resetAndDestroy();
        resolve();
      }, afterMs);
    });
    socket.on('error', () => resolve());
  });
}

describe('GET /events when clients leave during set-up', () => {
  it('releases every timer, listener and socket, and logs no error', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const token = await tokenFor('p-binh');
    // Warm up (first request compiles schemas, opens the logger…), then take the baseline.
    const warm = await fetch(`http://127.0.0.1:${port}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await warm.body?.cancel();
    await expect.poll(() => app.changeFeed.streams).toBe(0);
    await sleep(50);
    const baseline = resources();

    let sent = 0;
    for (let round = 0; round < 20; round += 1) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          sent += 1;
          return resetMidSetUp(port, token, (round + i) % 9);
        }),
      );
    }
    expect(sent).toBe(400);

    await expect.poll(() => app.changeFeed.streams, { timeout: 5000 }).toBe(0);

    // Measured between sleeps (expect.poll's own timer would count as one).
    const leaked = () => {
      const now = resources();
      return ['Timeout', 'TCPSocketWrap'].map((kind) => (now[kind] ?? 0) - (baseline[kind] ?? 0));
    };
    for (let wait = 0; wait < 100 && leaked().some((count) => count > 0); wait += 1) await sleep(50);
    expect(leaked()).toEqual([0, 0]);
    const errors = lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors).toEqual([]);
  });
});

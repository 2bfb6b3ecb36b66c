import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/test-app.ts';

/** Every log line the server writes, parsed (pino writes one JSON object per line). */
const lines: { level: number; msg?: string; err?: { stack?: string } }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
    done();
  },
});

const { app } = testApp({ logger: { level: 'debug', stream: sink } });
let port = 0;

beforeAll(async () => {
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(() => app.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a request and resets the connection (TCP RST) `afterMs` later, without reading the answer. */
function sendAndReset(path: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n\r\n`);
      const reset = () => {
        socket.resetAndDestroy();
        resolve();
      };
      if (afterMs === 0) reset();
      else setTimeout(reset, afterMs);
    });
    socket.on('error', () => resolve());
  });
}

describe('a client that resets right after its request', () => {
  it('is not an error in the log, and the server keeps answering', async () => {
    const paths = ['/health', '/inbox', '/instances/x', '/definitions', '/nowhere'];
    for (let round = 0; round < 300; round += 1) {
      await sendAndReset(paths[round % paths.length]!, round % 9);
    }
    // Let the server finish whatever the resets left in flight.
    await sleep(300);
    const errors = lines.filter((line) => line.level >= 50);
    expect(errors.map((line) => `${line.msg}: ${line.err?.stack ?? ''}`)).toEqual([]);
    const answer = await fetch(`http://127.0.0.1:${port}/health`);
    expect(answer.status).toBe(200);
    // The resets were seen: requests reached the server while the client was already gone.
    const gone = lines.filter((line) => line.msg === 'the client went away before its request was handled');
    expect(gone.length).toBeGreaterThan(0);
    expect(gone.every((line) => line.level === 20)).toBe(true);
  });
});

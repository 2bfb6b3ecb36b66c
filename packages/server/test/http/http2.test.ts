import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { testApp, tokenFor } from '../support/test-app.ts';

let dir: string;
let current: ReturnType<typeof testApp>;
let address: string;

beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, made for this run.
  dir = mkdtempSync(join(tmpdir(), 'doanflow-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const config = loadConfig({
    JWT_SECRET: 'x'.repeat(32),
    TLS_CERT_FILE: join(dir, 'cert.pem'),
    TLS_KEY_FILE: join(dir, 'key.pem'),
  });
  current = testApp({
    heartbeatMs: 1000,
    tls: { cert: readFileSync(config.tls!.certFile), key: readFileSync(config.tls!.keyFile) },
  });
  address = await current.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await current?.app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens /events on an HTTP/2 session and resolves with the status once the `ready` event came. */
function openStream(session: ClientHttp2Session, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': '/events', authorization: `Bearer ${token}` });
    let status = 0;
    let text = '';
    stream.on('response', (headers) => (status = Number(headers[':status'])));
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('event: ready')) resolve(status);
    });
    stream.on('error', reject);
  });
}

describe('TLS terminated by the server itself', () => {
  it('needs both the certificate and the key', () => {
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), TLS_CERT_FILE: '/a.pem' })).toThrow(/TLS_KEY_FILE/);
  });

  it('speaks HTTP/2: many live streams and requests share one connection', async () => {
    expect(address).toMatch(/^https:/);
    const session = connect(address, { rejectUnauthorized: false });
    try {
      const token = await tokenFor('p-binh');
      // More streams than the six HTTP/1.1 connections a browser opens per server.
      const statuses = await Promise.all(Array.from({ length: 10 }, () => openStream(session, token)));
      expect(statuses).toEqual(Array(10).fill(200));
      expect(current.app.changeFeed.streams).toBe(10);
      const health = await new Promise<number>((resolve, reject) => {
        const request = session.request({ ':path': '/health' });
        request.on('response', (headers) => resolve(Number(headers[':status'])));
        request.on('error', reject);
        request.end();
      });
      expect(health).toBe(200);
    } finally {
      session.destroy();
    }
    await expect.poll(() => current.app.changeFeed.streams).toBe(0);
  });

  it('still answers HTTP/1.1 clients', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpsRequest(`${address}/health`, { rejectUnauthorized: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(200);
  });
});

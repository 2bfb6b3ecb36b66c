import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * A push service on loopback (HTTPS, a self-signed certificate made for the run): it records what
 * the notifier posts and answers with `status(path)` (201 as a push service does; 410 for a
 * subscription it has forgotten).
 */
export class PushReceiver {
  readonly received: ReceivedPush[] = [];
  readonly cert: string;
  private readonly server: Server;
  private readonly dir: string;
  port = 0;

  private constructor(status: (path: string) => number) {
    this.dir = mkdtempSync(join(tmpdir(), 'doanflow-push-'));
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
        join(this.dir, 'key.pem'),
        '-out',
        join(this.dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    this.cert = readFileSync(join(this.dir, 'cert.pem'), 'utf8');
    this.server = createServer(
      { cert: this.cert, key: readFileSync(join(this.dir, 'key.pem')) },
      (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          this.received.push({
            path: request.url ?? '',
            headers: request.headers,
            body: Buffer.concat(chunks),
          });
          response.writeHead(status(request.url ?? '')).end();
        });
      },
    );
  }

  static async start(status: (path: string) => number = () => 201): Promise<PushReceiver> {
    const receiver = new PushReceiver(status);
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.port = (receiver.server.address() as { port: number }).port;
    return receiver;
  }

  endpoint(path: string): string {
    return `https://127.0.0.1:${this.port}${path}`;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

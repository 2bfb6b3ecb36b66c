import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingNotification } from '../../src/notifications/channel.ts';
import { SmtpChannel } from '../../src/notifications/channels/smtp-channel.ts';

/** A relay that accepts the connection and never says a word (a hung mail server). */
let silent: Server;
const sockets = new Set<Socket>();
let port = 0;

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  silent.listen(0, '127.0.0.1');
  await once(silent, 'listening');
  port = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  silent.close();
});

const message: OutgoingNotification = {
  key: 'task.new:i-1:1:sourceBranch:p-binh:email',
  messageId: '<task.new@doan.test>',
  kind: 'task.new',
  recipient: { personId: 'p-binh', name: 'Trần Thị Bình', email: 'binh@doan.test', locale: 'vi' },
  unsubscribeUrl: null,
  subject: 'Việc mới',
  text: 'Việc mới',
  html: '<p>Việc mới</p>',
  link: null,
};

describe('the SMTP channel against a relay that hangs', () => {
  it('gives up after its own timeout, well inside the notifier’s 60-s lease', async () => {
    const channel = new SmtpChannel({ url: `smtp://127.0.0.1:${port}`, from: 'a@doan.test', timeoutMs: 300 });
    const started = performance.now();
    const result = await channel.send(message, new AbortController().signal);
    const seconds = (performance.now() - started) / 1000;
    await channel.close();
    expect(result).toMatchObject({ ok: false, permanent: false });
    // Nodemailer's own greeting timeout is 30 s: the channel's were once passed where it ignored them.
    expect(seconds).toBeLessThan(5);
  });
});

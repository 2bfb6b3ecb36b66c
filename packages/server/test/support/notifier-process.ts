// A notifier in a process of its own, for the crash test: it reads the outbox, sends one mail, and
// is killed (SIGKILL) right after the SMTP server's "250 OK", before it can acknowledge.
// Env: SCHEMA, CLOCK (an instant), SMTP_URL.
import { loadConfig } from '../../src/config.ts';
import { createNotifier } from '../../src/notifications/create-notifier.ts';
import { openRuntime, TestClock } from '../runtime/support.ts';

const clock = new TestClock(process.env['CLOCK']!);
const runtime = await openRuntime({ schema: process.env['SCHEMA']!, clock });
const config = loadConfig({
  JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
  NOTIFY_SMTP_URL: process.env['SMTP_URL'],
  NOTIFY_MAIL_FROM: 'Đoàn TNCS <no-reply@doan.test>',
  NOTIFY_PORTAL_URL: 'http://portal.test/#/ho-so/{instanceId}',
  NOTIFY_PUBLIC_URL: 'http://server.test',
}).notifications;
const { notifier } = createNotifier(runtime, config, {
  concurrency: 1,
  log: () => {},
  afterSend: async () => {
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  },
});
await notifier.pass();
await new Promise(() => {});

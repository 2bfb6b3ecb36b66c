import { addWorkingDays, person } from '@doanflow/engine';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createNotifier } from '../../src/notifications/create-notifier.ts';
import { ServerMetrics } from '../../src/metrics/server-metrics.ts';
import { DeliveryQueue } from '../../src/webhooks/delivery-queue.ts';
import { messageIdOf } from '../../src/notifications/notification-queue.ts';
import type { Notifier } from '../../src/notifications/notifier.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { directoryWithMail } from '../support/mail-directory.ts';
import { SmtpSink } from '../support/smtp-sink.ts';
import { bearer, SECRET, TENANT } from '../support/test-app.ts';
import {
  dropSchema,
  openRuntime,
  registryWithV1Of,
  TestClock,
  transferInput,
  uniqueName,
} from './support.ts';

const schema = uniqueName('rt_notify_mail');
// Monday 2 March 2026, 09:00 in Vietnam.
const clock = new TestClock('2026-03-02T02:00:00Z');
const PORTAL = 'http://portal.test/#/ho-so/{instanceId}';
let runtime: HostedRuntime;
let smtp: SmtpSink;
const notifiers: Notifier[] = [];

/** The demo directory with an address for everyone; Trần Thị Bình reads Vietnamese, Đặng Minh Hiếu English. */
const directory = directoryWithMail('p-hieu');

function notifier(extra: Parameters<typeof createNotifier>[2] = {}) {
  const config = loadConfig({
    JWT_SECRET: SECRET,
    NOTIFY_SMTP_URL: smtp.url,
    NOTIFY_MAIL_FROM: 'Đoàn TNCS <no-reply@doan.test>',
    NOTIFY_PORTAL_URL: PORTAL,
    NOTIFY_PUBLIC_URL: 'http://server.test',
  }).notifications;
  const created = createNotifier(runtime, config, { baseDelayMs: 10, log: () => {}, ...extra });
  notifiers.push(created.notifier);
  return created;
}

beforeAll(async () => {
  smtp = await SmtpSink.start();
  // v1's transfer, where the source branch may refuse (the requester hears of it).
  runtime = await openRuntime({ schema, clock, directory, registry: registryWithV1Of('member-transfer') });
});
afterEach(async () => {
  for (const started of notifiers.splice(0)) await started.stop();
  smtp.received.splice(0);
  await runtime.db.query('delete from notification_preferences');
  await runtime.db.query(`update notifications set state = 'cancelled' where state in ('pending', 'digest')`);
});
afterAll(async () => {
  await runtime?.close();
  await smtp?.close();
  await dropSchema(schema);
});

/** A transfer asked for by Nguyễn Văn An: the branch secretary (Trần Thị Bình) gets a task. */
async function submittedTransfer(): Promise<string> {
  const started = await runtime.start('member-transfer', transferInput, person('p-an'));
  await runtime.send(started.id, { type: 'SUBMIT' }, person('p-an'));
  return started.id;
}

const localTime = (local: string) => clock.set(new Date(`${local}+07:00`).toISOString());

describe('notifications by e-mail through a real SMTP server', () => {
  it('a new task sends a mail in the recipient’s language with a deep link and a one-click unsubscribe header', async () => {
    localTime('2026-03-02T09:00:00');
    const { notifier: sender } = notifier();
    const instanceId = await submittedTransfer();
    await sender.settled();

    const mails = smtp.to('p-binh@doan.test');
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.subject).toMatch(/^Việc mới cần xử lý: /);
    expect(mail!.text).toContain(`http://portal.test/#/ho-so/${instanceId}`);
    expect(mail!.html).toContain(`href="http://portal.test/#/ho-so/${instanceId}"`);
    expect(SmtpSink.header(mail!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(SmtpSink.header(mail!, 'List-Unsubscribe')).toMatch(
      /^<http:\/\/server\.test\/notifications\/unsubscribe\?token=[\w-]+\.[\w-]+>$/,
    );
    // The actor (the member, also the branch's deputy secretary) is not told of their own step.
    expect(smtp.to('p-an@doan.test')).toEqual([]);
    const [row] = await runtime.db.query<{ key: string; state: string }>(
      `select key, state from notifications where instance_id = $1 and person_id = 'p-binh'`,
      [instanceId],
    );
    expect(row!.state).toBe('sent');
    expect(mail!.messageId).toBe(messageIdOf(row!.key, 'doan.test'));
  });

  it('a decision taken by someone else reaches the requester', async () => {
    localTime('2026-03-02T10:00:00');
    const { notifier: sender } = notifier();
    const instanceId = await submittedTransfer();
    await runtime.send(instanceId, { type: 'REJECT', payload: { reason: 'Thiếu hồ sơ' } }, person('p-binh'));
    await sender.settled();
    const decided = smtp.to('p-an@doan.test');
    expect(decided.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Đã có quyết định về đề nghị của đồng chí: /),
    ]);
  });

  it('mail goes out over a few reused SMTP connections, closed when the notifier stops', async () => {
    localTime('2026-03-02T11:00:00');
    const { notifier: sender } = notifier();
    const connectionsBefore = smtp.connections;
    for (let i = 0; i < 12; i += 1) await submittedTransfer();
    await sender.settled();
    expect(smtp.to('p-binh@doan.test')).toHaveLength(12);
    // A connection per message, as before, would be 12: at most the notifier's sends at once (4).
    expect(smtp.connections - connectionsBefore).toBeLessThanOrEqual(4);
    expect(smtp.open).toBeGreaterThan(0);
    await sender.stop();
    await vi.waitFor(() => expect(smtp.open).toBe(0));
  });

  it('a daily digest goes at the chosen hour, one mail with every item and its link', async () => {
    localTime('2026-03-02T09:00:00');
    const { notifier: sender } = notifier();
    await sender.preferences.set(
      'p-binh',
      { mode: 'digest', digestHour: 17, quietHours: null, optedOut: [] },
      clock.now(),
    );
    const first = await submittedTransfer();
    const second = await submittedTransfer();
    await sender.settled();
    expect(smtp.to('p-binh@doan.test')).toEqual([]);

    localTime('2026-03-02T16:59:00');
    await sender.settled();
    expect(smtp.to('p-binh@doan.test')).toEqual([]);

    localTime('2026-03-02T17:00:00');
    await sender.settled();
    const mails = smtp.to('p-binh@doan.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Tổng hợp thông báo: 2 việc');
    expect(mails[0]!.text).toContain(`http://portal.test/#/ho-so/${first}`);
    expect(mails[0]!.text).toContain(`http://portal.test/#/ho-so/${second}`);
    // Later the same evening: nothing more.
    localTime('2026-03-02T18:00:00');
    await sender.settled();
    expect(smtp.to('p-binh@doan.test')).toHaveLength(1);
  });

  it('quiet hours hold an immediate notification until they end', async () => {
    localTime('2026-03-02T22:00:00');
    const { notifier: sender } = notifier();
    await sender.preferences.set(
      'p-binh',
      { mode: 'immediate', digestHour: 7, quietHours: { start: 21, end: 6 }, optedOut: [] },
      clock.now(),
    );
    await submittedTransfer();
    await sender.settled();
    expect(smtp.to('p-binh@doan.test')).toEqual([]);
    localTime('2026-03-03T05:59:00');
    await sender.settled();
    expect(smtp.to('p-binh@doan.test')).toEqual([]);
    localTime('2026-03-03T06:00:00');
    await sender.settled();
    expect(smtp.to('p-binh@doan.test')).toHaveLength(1);
  });

  it('the unsubscribe link works without signing in (RFC 8058 POST) and only for that kind', async () => {
    localTime('2026-03-03T09:00:00');
    const { notifier: sender, tokens } = notifier();
    const app = buildApp({
      runtime,
      registry: registryWithV1Of('member-transfer'),
      auth: { secret: SECRET, tenant: TENANT },
      notifications: { notifier: sender, tokens, vapidPublicKey: null },
    });
    try {
      await submittedTransfer();
      await sender.settled();
      const [mail] = smtp.to('p-binh@doan.test');
      const url = new URL(SmtpSink.header(mail!, 'List-Unsubscribe')!.slice(1, -1));

      const page = await app.inject({ method: 'GET', url: url.pathname + url.search });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('method="post"');
      // A link scanner's GET changed nothing.
      expect((await sender.preferences.get('p-binh')).optedOut).toEqual([]);

      const forged = await app.inject({
        method: 'POST',
        url: `/notifications/unsubscribe?token=${url.searchParams.get('token')!.replace(/.$/, 'x')}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(forged.statusCode).toBe(400);
      expect(forged.json()).toMatchObject({ code: 'BAD_REQUEST' });

      const done = await app.inject({
        method: 'POST',
        url: url.pathname + url.search,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(done.statusCode).toBe(200);
      expect((await sender.preferences.get('p-binh')).optedOut).toEqual(['task.new']);

      smtp.received.splice(0);
      const instanceId = await submittedTransfer();
      await runtime.send(
        instanceId,
        { type: 'REJECT', payload: { reason: 'Thiếu hồ sơ' } },
        person('p-binh'),
      );
      await sender.settled();
      expect(smtp.to('p-binh@doan.test')).toEqual([]);
      // Other kinds still go (the requester hears of the decision).
      expect(smtp.to('p-an@doan.test')).toHaveLength(1);

      // Preferences over the authenticated API; bad input is refused and nothing written.
      const headers = await bearer('p-binh');
      const refused = await app.inject({
        method: 'PUT',
        url: '/me/notification-preferences',
        headers,
        payload: { mode: 'digest', digestHour: 25, quietHours: null, optedOut: [] },
      });
      expect(refused.statusCode).toBe(400);
      expect((await sender.preferences.get('p-binh')).mode).toBe('immediate');
      const saved = await app.inject({
        method: 'PUT',
        url: '/me/notification-preferences',
        headers,
        payload: { mode: 'digest', digestHour: 18, quietHours: { start: 22, end: 6 }, optedOut: [] },
      });
      expect(saved.statusCode).toBe(200);
      expect(saved.json().preferences).toEqual({
        mode: 'digest',
        digestHour: 18,
        quietHours: { start: 22, end: 6 },
        optedOut: [],
      });
      expect(saved.json().channels).toEqual(['email']);

      // The listing is for administrators: a branch secretary is refused, the city office sees rows.
      const denied = await app.inject({ method: 'GET', url: '/notifications', headers });
      expect(denied.statusCode).toBe(403);
      const listing = await app.inject({
        method: 'GET',
        url: '/notifications?state=sent&limit=5',
        headers: await bearer('p-yen'),
      });
      expect(listing.statusCode).toBe(200);
      expect(listing.json().items.length).toBeGreaterThan(0);
      expect(listing.json().counts.sent).toBeGreaterThan(0);
    } finally {
      // Not closed: closing the app would close the runtime the other tests share (afterAll does).
      void app;
    }
  });
});

describe('failures are visible', () => {
  it('a refused address fails its row at once with the SMTP error; a relay that is down is retried; both in the metrics', async () => {
    localTime('2026-03-05T09:00:00');
    const metrics = new ServerMetrics();
    const { notifier: sender } = notifier({ ...metrics.notificationObserver });
    metrics.watch({
      db: runtime.db,
      deliveries: new DeliveryQueue(runtime.db),
      notifications: sender.queue,
      changeListeners: () => 0,
    });
    smtp.refuse.add('p-binh@doan.test');
    try {
      const bounced = await submittedTransfer();
      await sender.settled();
      const [row] = await runtime.db.query<{ state: string; attempts: number; last_error: string }>(
        `select state, attempts, last_error from notifications where instance_id = $1`,
        [bounced],
      );
      expect(row).toMatchObject({ state: 'failed', attempts: 1 });
      expect(row!.last_error).toMatch(/550/);
      const listed = await sender.queue.list({ state: 'failed', limit: 10 });
      expect(listed.map((item) => item.instance_id)).toContain(bounced);
    } finally {
      smtp.refuse.clear();
    }

    // Nothing listens on the relay's port: the attempt is retried later, the row waits in "pending".
    const down = createNotifier(
      runtime,
      {
        ...loadConfig({
          JWT_SECRET: SECRET,
          NOTIFY_SMTP_URL: 'smtp://127.0.0.1:1',
          NOTIFY_MAIL_FROM: 'a@doan.test',
        }).notifications,
      },
      { ...metrics.notificationObserver, baseDelayMs: 60_000, log: () => {} },
    ).notifier;
    notifiers.push(down);
    const waiting = await submittedTransfer();
    await down.settled();
    const [retry] = await runtime.db.query<{
      state: string;
      attempts: number;
      not_before: string;
      last_error: string;
    }>(`select state, attempts, not_before, last_error from notifications where instance_id = $1`, [waiting]);
    expect(retry).toMatchObject({ state: 'pending', attempts: 1 });
    expect(Date.parse(String(retry!.not_before))).toBeGreaterThan(clock.now().getTime());
    expect(retry!.last_error).toMatch(/ECONNREFUSED/);

    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /doanflow_notification_attempts_total\{channel="email",kind="task.new",outcome="failed"\} 1/,
    );
    expect(text).toMatch(
      /doanflow_notification_attempts_total\{channel="email",kind="task.new",outcome="retrying"\} 1/,
    );
    expect(text).toMatch(/doanflow_notifications\{state="failed"\} [1-9]/);
  });
});

describe('deadlines and returns', () => {
  it('due in 2 working days, then overdue (the server’s working-day calendar); a return reaches whom it goes back to', async () => {
    localTime('2026-03-09T09:00:00');
    const { notifier: sender } = notifier({ deadlineScanMs: 0 });
    const id = await submittedTransfer();
    await runtime.send(
      id,
      { type: 'CONFIRM', payload: { duesPaidThrough: '2026-02', memberBookComment: 'Tốt' } },
      person('p-binh'),
    );
    await runtime.send(
      id,
      { type: 'ISSUE_REFERRAL', payload: { referralNumber: '13/GGT-ĐTN', issuedOn: '2026-03-09' } },
      person('p-khanh'),
    );
    const view = await runtime.send(id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
    const due = view.timers.find((timer) => timer.name === 'destinationResponse')!.due;
    await sender.settled();
    const withSubject = (start: string) => smtp.received.filter((mail) => mail.subject.startsWith(start));

    // Day by day at 09:00: the notice comes on the first day with two working days or fewer left.
    let previous = clock.now().toISOString();
    for (let day = 0; withSubject('Sắp đến hạn').length === 0 && day < 30; day += 1) {
      previous = clock.now().toISOString();
      clock.advanceDays(1);
      await sender.settled();
    }
    const calendar = runtime.calendars.calendar;
    expect(Date.parse(addWorkingDays(calendar, clock.now().toISOString(), 2))).toBeGreaterThanOrEqual(
      Date.parse(due),
    );
    expect(Date.parse(addWorkingDays(calendar, previous, 2))).toBeLessThan(Date.parse(due));
    const soon = withSubject('Sắp đến hạn');
    expect(soon.length).toBeGreaterThan(0);
    expect(soon[0]!.text).toContain(`http://portal.test/#/ho-so/${id}`);

    clock.set(new Date(Date.parse(due) + 60_000).toISOString());
    await sender.settled();
    const overdue = withSubject('Đã quá hạn');
    expect(overdue.map((mail) => mail.to).sort()).toEqual(soon.map((mail) => mail.to).sort());
    // Scanning again announces nothing twice.
    clock.set(new Date(Date.parse(due) + 3_600_000).toISOString());
    await sender.settled();
    expect(withSubject('Đã quá hạn')).toHaveLength(overdue.length);

    const decider = soon[0]!.to.replace('@doan.test', '');
    await runtime.send(id, { type: 'RETURN_TO_SOURCE', payload: { reason: 'Thiếu giấy' } }, person(decider));
    await sender.settled();
    const returned = await runtime.db.query<{ person_id: string }>(
      `select person_id from notifications where instance_id = $1 and kind = 'task.returned'`,
      [id],
    );
    // Back at the source base: its standing committee, Đặng Minh Hiếu (who reads English) among them.
    expect(returned.map((row) => row.person_id)).toContain('p-hieu');
    for (const { person_id: personId } of returned) {
      const [mail] = smtp
        .to(`${personId}@doan.test`)
        .filter((m) => /^(Hồ sơ được trả lại|Returned to you)/.test(m.subject));
      expect(mail).toBeDefined();
      expect(mail!.subject).toMatch(personId === 'p-hieu' ? /^Returned to you: / : /^Hồ sơ được trả lại/);
    }
  });
});

describe('a crash between the send and its acknowledgement: nothing lost, no duplicate by Message-ID', () => {
  it('the row whose sender was killed is sent again after its lease with the same Message-ID; nothing is lost', async () => {
    localTime('2026-03-04T09:00:00');
    const instances: string[] = [];
    for (let i = 0; i < 3; i += 1) instances.push(await submittedTransfer());
    // Another process reads the outbox, sends one mail and is killed right after the SMTP server's 250.
    const child = spawn(process.execPath, ['test/support/notifier-process.ts'], {
      cwd: new URL('../..', import.meta.url),
      env: { ...process.env, SCHEMA: schema, CLOCK: clock.now().toISOString(), SMTP_URL: smtp.url },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [, signal] = await Promise.race([
      once(child, 'exit') as Promise<[number | null, string | null]>,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no crash: ${stderr}`)), 30_000)),
    ]);
    expect(signal).toBe('SIGKILL');
    expect(smtp.received).toHaveLength(1);
    const [inFlight] = await runtime.db.query<{ key: string; state: string }>(
      `select key, state from notifications where instance_id = any($1::text[]) and state = 'sending'`,
      [instances],
    );
    const crashedKey = inFlight!.key;
    expect(messageIdOf(crashedKey, 'doan.test')).toBe(smtp.received[0]!.messageId);

    // Restarted within the lease: the others go; the one in doubt waits (its sender may still live).
    clock.set(new Date(clock.now().getTime() + 10_000).toISOString());
    const { notifier: restarted } = notifier();
    await restarted.settled();
    expect(smtp.received).toHaveLength(3);
    const [inDoubt] = await runtime.db.query<{ state: string }>(
      'select state from notifications where key = $1',
      [crashedKey],
    );
    expect(inDoubt!.state).toBe('sending');

    // After the lease: sent again, with the same Message-ID.
    clock.set(new Date(clock.now().getTime() + 61_000).toISOString());
    await restarted.settled();
    const rows = await runtime.db.query<{ key: string; state: string; attempts: number }>(
      `select key, state, attempts from notifications where instance_id = any($1::text[])`,
      [instances],
    );
    expect(rows).toHaveLength(3);
    expect(rows.every((row) => row.state === 'sent')).toBe(true);
    expect(rows.find((row) => row.key === crashedKey)!.attempts).toBe(2);

    const expected = rows.map((row) => messageIdOf(row.key, 'doan.test')).sort();
    const received = smtp.received.map((mail) => mail.messageId);
    // Every message arrived (nothing lost)…
    expect([...new Set(received)].sort()).toEqual(expected);
    // …and the only repeat is the one in doubt, under its own Message-ID, which a mail store drops.
    expect(received).toHaveLength(4);
    expect(received.filter((id) => id === messageIdOf(crashedKey, 'doan.test'))).toHaveLength(2);
  });
});

import { person } from '@doanflow/engine';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createNotifier } from '../../src/notifications/create-notifier.ts';
import type { Notifier } from '../../src/notifications/notifier.ts';
import type { HostedRuntime } from '../../src/runtime-factory.ts';
import { directoryWithMail } from '../support/mail-directory.ts';
import { SmtpSink } from '../support/smtp-sink.ts';
import { SECRET } from '../support/test-app.ts';
import { dropSchema, openRuntime, TestClock, transferInTransit, uniqueName } from './support.ts';

/**
 * A workflow's own reminders and escalations (its `notify` effects) reach people by mail, in the
 * words the workflow gives them, through a real SMTP server; nobody gets them twice.
 */
const schema = uniqueName('rt_notify_notices');
const clock = new TestClock('2026-03-02T02:00:00Z');
let runtime: HostedRuntime;
let smtp: SmtpSink;
const notifiers: Notifier[] = [];

/** The demo directory with an address for everyone; Võ Thị Hồng Hà reads English. */
const directory = directoryWithMail('p-ha');

function notifier() {
  const config = loadConfig({
    JWT_SECRET: SECRET,
    NOTIFY_SMTP_URL: smtp.url,
    NOTIFY_MAIL_FROM: 'Đoàn TNCS <no-reply@doan.test>',
    NOTIFY_PORTAL_URL: 'http://portal.test/#/ho-so/{instanceId}',
    NOTIFY_PUBLIC_URL: 'http://server.test',
  }).notifications;
  const created = createNotifier(runtime, config, { baseDelayMs: 10, log: () => {} });
  notifiers.push(created.notifier);
  return created.notifier;
}

beforeAll(async () => {
  smtp = await SmtpSink.start();
  runtime = await openRuntime({ schema, clock, directory });
});
afterEach(async () => {
  for (const started of notifiers.splice(0)) await started.stop();
  smtp.received.splice(0);
  await runtime.db.query('delete from notification_preferences');
});
afterAll(async () => {
  await runtime?.close();
  await smtp?.close();
  await dropSchema(schema);
});

const subjects = (address: string) => smtp.to(address).map((mail) => mail.subject);

/** A transfer whose receiving base let its answer run late: the escalation timer fired. */
async function escalatedTransfer(sender: Notifier): Promise<string> {
  const transfer = await transferInTransit(runtime);
  await runtime.send(transfer.id, { type: 'PRESENT_REFERRAL' }, person('p-an'));
  const [timer] = await runtime.db.query<{ id: string; due: Date }>(
    `select id, due from timers where instance_id = $1 and name = 'destinationResponse' and status = 'pending'`,
    [transfer.id],
  );
  await sender.settled();
  smtp.received.splice(0);
  clock.set(new Date(timer!.due).toISOString());
  expect(await runtime.fireTimer(timer!.id)).toEqual({ status: 'fired' });
  await sender.settled();
  return transfer.id;
}

const VI = 'Đoàn cơ sở nơi đến quá hạn trả lời đề nghị chuyển sinh hoạt đoàn';
const EN = 'The receiving base is late answering a transfer request';
/** The mails whose subject starts with the notice's words (the deadline scan sends its own too). */
const noticed = (address: string, words: string) =>
  smtp.to(address).filter((mail) => mail.subject.startsWith(words));

describe("a workflow's reminders and escalations by e-mail", () => {
  it('the receiving base late to answer: the city standing committee hears of it in its own words', async () => {
    const sender = notifier();
    const id = await escalatedTransfer(sender);
    const [vi] = noticed('p-tuan@doan.test', VI);
    expect(vi!.subject).toBe(`${VI}: Chuyển sinh hoạt đoàn — Nguyễn Văn An`);
    expect(vi!.text).toContain(`http://portal.test/#/ho-so/${id}`);
    expect(vi!.text).toContain('Không nhận loại thông báo này nữa');
    // Đồng chí Hà reads English.
    expect(noticed('p-ha@doan.test', EN).map((mail) => mail.subject)).toEqual([
      `${EN}: Member transfer — Nguyễn Văn An`,
    ]);
    // Exactly once each: waking the notifier again sends nothing more.
    await sender.settled();
    expect(noticed('p-tuan@doan.test', VI)).toHaveLength(1);
    const rows = await runtime.db.query<{ person_id: string; state: string }>(
      `select person_id, state from notifications where kind = 'workflow.notice' and instance_id = $1
        order by person_id`,
      [id],
    );
    expect(rows).toEqual([
      { person_id: 'p-ha', state: 'sent' },
      { person_id: 'p-tuan', state: 'sent' },
    ]);
  });

  it('reminders can be turned off like any other kind', async () => {
    const sender = notifier();
    await sender.preferences.set(
      'p-tuan',
      { mode: 'immediate', digestHour: 17, quietHours: null, optedOut: ['workflow.notice'] },
      clock.now(),
    );
    await escalatedTransfer(sender);
    expect(noticed('p-tuan@doan.test', VI)).toEqual([]);
    expect(noticed('p-ha@doan.test', EN)).toHaveLength(1);
  });

  it('a return with its own notice: the branch secretary gets the task mail, not a second one', async () => {
    const sender = notifier();
    const started = await runtime.start(
      'branch-review',
      { branchId: 'cd-thon5', year: 2025, baseId: 'tradoc' },
      person('p-hieu'),
    );
    await runtime.send(
      started.id,
      { type: 'SAVE_DRAFT', payload: { proposedLevel: 'good', selfAssessment: 'Hoàn thành tốt' } },
      person('p-cuong'),
    );
    await runtime.send(started.id, { type: 'SUBMIT' }, person('p-cuong'));
    await sender.settled();
    smtp.received.splice(0);

    await runtime.send(
      started.id,
      { type: 'RETURN_TO_BRANCH', payload: { comment: 'Bổ sung biên bản sinh hoạt' } },
      person('p-hieu'),
    );
    await sender.settled();
    expect(subjects('p-cuong@doan.test')).toEqual([
      expect.stringMatching(/^Hồ sơ được trả lại cho đồng chí: /),
    ]);
    const [notice] = await runtime.db.query<{ payload: { message: string; alreadyTold: string[] } }>(
      `select payload from outbox where topic = 'notify' and payload->>'instanceId' = $1`,
      [started.id],
    );
    expect(notice!.payload).toMatchObject({
      message: 'branchReview.returnedToBranch',
      alreadyTold: expect.arrayContaining(['p-hieu', 'p-cuong']),
    });
  });
});

import { act, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApprovalPanel } from '../ApprovalPanel/ApprovalPanel.tsx';
import type { ChangeEvent, HistoryView } from '@doanflow/client';
import { roleLabels } from '../i18n/roles.ts';
import { Inbox } from '../Inbox/Inbox.tsx';
import { FakeEventStream } from '../testing/fake-event-stream.ts';
import { fakeServer, type Reply } from '../testing/fake-server.ts';
import {
  calendar2026,
  fixedNow,
  inboxPage,
  task,
  transferDefinition,
  transferHistory,
  transferInstance,
} from '../testing/fixtures.ts';
import { renderWidget } from '../testing/render.tsx';
import { Timeline } from '../Timeline/Timeline.tsx';

/** Everything the page's live regions say now (the widgets' polite regions and any alert). */
const spoken = () =>
  [...document.querySelectorAll('[aria-live], [role="alert"]')]
    .map((region) => region.textContent ?? '')
    .filter(Boolean);

const change = (instanceId: string, revision: number): ChangeEvent => ({
  instanceId,
  workflowId: 'member-transfer',
  state: 'sourceBase',
  revision,
  unitIds: [],
  personIds: [],
});

async function streamOpen() {
  await waitFor(() => expect(FakeEventStream.latest()).toBeTruthy());
  act(() => FakeEventStream.latest()!.ready());
}

const send = (event: ChangeEvent) => act(() => FakeEventStream.latest()!.send('change', event));

/** The panel and the timeline of one case, loaded, on one page. */
async function openCase(routes: Record<string, Reply> = {}) {
  const server = fakeServer({
    'GET /instances/inst-1': { body: transferInstance },
    'GET /instances/inst-1/history': { body: { items: transferHistory } },
    'GET /definitions/member-transfer': { body: transferDefinition },
    'GET /calendar/2026': { body: calendar2026() },
    'GET /events': FakeEventStream.route,
    ...routes,
  });
  renderWidget(
    <>
      <ApprovalPanel instanceId="inst-1" />
      <Timeline instanceId="inst-1" />
    </>,
    server,
  );
  await screen.findByText('Trần Thị Bình');
  return server;
}

beforeEach(() => {
  FakeEventStream.connections = [];
});

describe('what the widgets say', () => {
  it('says a task that arrives once, though two inboxes on the page saw it, and a burst together', async () => {
    const server = fakeServer({
      'GET /definitions': { body: { items: [transferDefinition] } },
      'GET /inbox': { body: inboxPage([task()]) },
      'GET /events': FakeEventStream.route,
    });
    renderWidget(
      <>
        <Inbox />
        <Inbox />
      </>,
      server,
    );
    await screen.findAllByText('Nguyễn Văn An — chuyển sinh hoạt');
    await streamOpen();
    const lan = task({ instanceId: 'inst-2', subject: 'Ngô Thị Lan' });
    const cuc = task({ instanceId: 'inst-3', subject: 'Lê Thị Cúc', due: null });
    server.on('GET /inbox', { body: inboxPage([task(), lan]) });
    send(change('inst-2', 2));
    await screen.findAllByText('Ngô Thị Lan');
    server.on('GET /inbox', { body: inboxPage([task(), lan, cuc]) });
    send(change('inst-3', 2));
    await waitFor(() =>
      expect(spoken()).toEqual([
        'Có 2 việc mới: Chuyển sinh hoạt đoàn — Ngô Thị Lan; Chuyển sinh hoạt đoàn — Lê Thị Cúc.',
      ]),
    );
    // A refresh that brings nothing new says nothing more.
    send(change('inst-1', 9));
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(spoken()).toHaveLength(1);
  });

  it('notices a deadline passing while the list is open, and says which task it was', async () => {
    const soon = new Date(fixedNow().getTime() + 1000).toISOString();
    const unitTask = task({
      subject: '',
      unitName: 'Chi đoàn thôn 2',
      due: soon,
      workflowId: 'branch-review',
    });
    const server = fakeServer({
      'GET /definitions': { body: { items: [transferDefinition] } },
      'GET /inbox': { body: inboxPage([unitTask]) },
      'GET /events': FakeEventStream.route,
    });
    renderWidget(<Inbox />, server);
    // A task about a unit is named by workflow, unit and due date.
    expect(
      await screen.findByRole('checkbox', {
        name: /^Chọn: Chuyển sinh hoạt đoàn — Chi đoàn thôn 2, hạn 23 thg 11, 2026$/,
      }),
    ).toBeTruthy();
    server.on('GET /inbox', { body: inboxPage([{ ...unitTask, overdue: true }]) });
    await waitFor(() => expect(spoken()).toEqual([expect.stringMatching(/^1 việc vừa quá hạn: /)]), {
      timeout: 5000,
    });
  });

  it('says another officer’s step on the open case once, in the timeline’s words, and a deadline that fired', async () => {
    const server = await openCase();
    await screen.findByRole('button', { name: 'Trả lại chi đoàn' });
    await streamOpen();
    const referral: HistoryView = {
      ...transferHistory[1]!,
      seq: 4,
      type: 'ISSUE_REFERRAL',
      comment: null,
      actor: {
        ...transferHistory[1]!.actor,
        name: 'Đặng Minh Hiếu',
        role: 'baseSecretary',
        roleLabel: roleLabels['baseSecretary']!,
      },
      from: 'sourceBase',
      to: 'completed',
    };
    server.on('GET /instances/inst-1', { body: { ...transferInstance, revision: 4, state: 'completed' } });
    server.on('GET /instances/inst-1/history', { body: { items: [...transferHistory, referral] } });
    send(change('inst-1', 4));
    await waitFor(() =>
      expect(spoken()).toEqual([
        // The name is isolated (FSI … PDI) so a direction override in it cannot reverse the sentence.
        '\u2068Đặng Minh Hiếu\u2069 (Bí thư Đoàn cơ sở) đã quyết định “Cấp giấy giới thiệu” cho hồ sơ Chuyển sinh hoạt đoàn. Hồ sơ chuyển sang bước: Hoàn thành.',
      ]),
    );

    const fired: HistoryView = { ...transferHistory[2]!, seq: 5, to: 'completed' };
    server.on('GET /instances/inst-1', { body: { ...transferInstance, revision: 5, state: 'completed' } });
    server.on('GET /instances/inst-1/history', { body: { items: [...transferHistory, referral, fired] } });
    send(change('inst-1', 5));
    await waitFor(() =>
      expect(spoken()).toEqual([
        'Hồ sơ Chuyển sinh hoạt đoàn: Quá hạn tiếp nhận. Hồ sơ chuyển sang bước: Hoàn thành.',
      ]),
    );
  });

  it('says this officer’s own decision once, by focus, though the timeline saw the step too', async () => {
    const decided = { ...transferInstance, state: 'sourceBranch', revision: 4, allowedEvents: [] };
    const server = await openCase({
      'POST /instances/inst-1/events': async () => {
        // The step reaches the stream before the answer reaches the panel.
        send(change('inst-1', 4));
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { body: decided };
      },
    });
    await streamOpen();
    const returned: HistoryView = {
      ...transferHistory[1]!,
      seq: 4,
      type: 'RETURN_TO_BRANCH',
      to: 'sourceBranch',
    };
    server.on('GET /instances/inst-1', { body: decided });
    server.on('GET /instances/inst-1/history', { body: { items: [...transferHistory, returned] } });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(screen.getByLabelText('Reason *'), 'Thiếu sổ đoàn');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await waitFor(() =>
      expect(document.activeElement?.textContent).toContain('Đã ghi nhận quyết định “Trả lại chi đoàn”'),
    );
    await screen.findByText('Trả lại chi đoàn', { selector: '.df-Timeline-decision' });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(spoken()).toEqual([]);
  });
});

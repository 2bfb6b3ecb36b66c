import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ApprovalPanel } from '../ApprovalPanel/ApprovalPanel.tsx';
import { Inbox } from '../Inbox/Inbox.tsx';
import { FakeEventStream } from '../testing/fake-event-stream.ts';
import { fakeServer } from '../testing/fake-server.ts';
import { inboxPage, task, transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { renderWidget } from '../testing/render.tsx';

/** A portal page: the inbox, and the panel of the task opened from it. */
function Page() {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <Inbox onOpenTask={(opened) => setOpen(opened.instanceId)} />
      {open ? <ApprovalPanel instanceId={open} /> : null}
    </>
  );
}

const next = task({ instanceId: 'inst-9', subject: 'Lê Văn Bảy — chuyển sinh hoạt' });
const routes = () => ({
  'GET /definitions': { body: { items: [transferDefinition] } },
  'GET /inbox': { body: inboxPage([task(), next]) },
  'GET /instances/inst-1': { body: transferInstance },
  'GET /definitions/member-transfer': { body: transferDefinition },
  'POST /instances/inst-1/events': {
    body: { ...transferInstance, state: 'sourceBranch', revision: 4, allowedEvents: [] },
  },
  'GET /events': FakeEventStream.route,
});

describe('focus between the inbox and the panel', () => {
  it('moves to the opened panel’s heading, and back to the inbox with the outcome announced', async () => {
    const server = fakeServer(routes());
    renderWidget(<Page />, server);
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole('button', {
        name: 'Mở: Chuyển sinh hoạt đoàn — Nguyễn Văn An — chuyển sinh hoạt',
      }),
    );
    const panel = (await screen.findAllByRole('region')).find((region) =>
      region.classList.contains('df-ApprovalPanel'),
    )!;
    await waitFor(() => expect(document.activeElement?.tagName).toBe('H2'));
    expect(panel.contains(document.activeElement)).toBe(true);

    // The decided task leaves the inbox: focus goes to the row that took its place.
    server.on('GET /inbox', { body: inboxPage([next]) });
    await user.click(within(panel).getByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(within(panel).getByLabelText('Reason *'), 'Thiếu sổ đoàn');
    await user.click(within(panel).getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('aria-label')).toBe(
        'Mở: Chuyển sinh hoạt đoàn — Lê Văn Bảy — chuyển sinh hoạt',
      ),
    );
    // Said once, by the inbox's live region; the panel's notice is no live region and keeps quiet.
    const outcome =
      'Đã ghi nhận quyết định “Trả lại chi đoàn”. Hồ sơ chuyển sang bước: Chi đoàn nơi đi xác nhận.';
    const liveRegions = () => [...document.querySelectorAll('[aria-live], [role="alert"], [role="status"]')];
    await waitFor(() =>
      expect(document.querySelector('.df-Inbox .df-LiveRegion')?.textContent).toBe(outcome),
    );
    expect(liveRegions().filter((region) => region.textContent?.includes('Đã ghi nhận'))).toHaveLength(1);
  });

  it('keeps focus in the panel when it was not opened from an inbox', async () => {
    const server = fakeServer(routes());
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Trả lại chi đoàn' }));
    expect(document.activeElement?.tagName).not.toBe('H2');
    await user.type(screen.getByLabelText('Reason *'), 'Thiếu sổ đoàn');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^Đã ghi nhận quyết định/));
    expect(document.activeElement?.getAttribute('role')).toBe('group');
  });
});

describe('navigation offered to the host', () => {
  it('after a decision outside an inbox, the focused outcome offers the next task and the way back', async () => {
    const server = fakeServer(routes());
    const navigations: unknown[] = [];
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server, {
      onNavigate: (navigation) => navigations.push(navigation),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(screen.getByLabelText('Reason *'), 'Thiếu sổ đoàn');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    const outcome = await screen.findByRole('group', { name: /^Đã ghi nhận quyết định “Trả lại chi đoàn”/ });
    await waitFor(() => expect(document.activeElement).toBe(outcome));
    // The next task is another case (the decided one is skipped), named as the inbox names it.
    const nextTask = await within(outcome).findByRole('button', {
      name: 'Việc tiếp theo: Chuyển sinh hoạt đoàn — Lê Văn Bảy — chuyển sinh hoạt',
    });
    await user.tab();
    expect(document.activeElement).toBe(nextTask);
    await user.keyboard('{Enter}');
    await user.click(within(outcome).getByRole('button', { name: 'Về danh sách việc' }));
    expect(navigations).toEqual([{ to: 'task', instanceId: 'inst-9', task: next }, { to: 'inbox' }]);
  });

  it('offers nothing when the host does not answer onNavigate', async () => {
    renderWidget(<ApprovalPanel instanceId="inst-1" />, fakeServer(routes()));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(screen.getByLabelText('Reason *'), 'Thiếu sổ đoàn');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await screen.findByRole('group', { name: /^Đã ghi nhận quyết định/ });
    expect(screen.queryByRole('button', { name: /Việc tiếp theo|Về danh sách việc/ })).toBeNull();
  });
});

describe('labels', () => {
  it('names what a decision added to the summary from the workflow’s own table, in the chosen language', async () => {
    const dues = {
      type: 'object',
      properties: {
        duesPaidThrough: {
          type: 'string',
          title: 'Dues paid through',
          'x-label': { vi: 'Đã đóng đoàn phí đến tháng', en: 'Dues paid through' },
        },
      },
    };
    const definition = {
      ...transferDefinition,
      events: [
        ...transferDefinition.events,
        { ...transferDefinition.events[0]!, type: 'CONFIRM', payload: dues },
      ],
    };
    const server = fakeServer({
      ...routes(),
      'GET /definitions/member-transfer': { body: definition },
      'GET /instances/inst-1': {
        body: { ...transferInstance, summary: { ...transferInstance.summary, duesPaidThrough: '2026-10' } },
      },
    });
    const { setLocale } = renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    expect(await screen.findByText('Đã đóng đoàn phí đến tháng')).toBeTruthy();
    expect(screen.queryByText('Dues paid through')).toBeNull();
    setLocale('en');
    expect(await screen.findByText('Dues paid through')).toBeTruthy();
  });
});

import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../testing/fake-server.ts';
import { FakeEventStream } from '../testing/fake-event-stream.ts';
import { fixedNow, inboxPage, task, transferDefinition } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { Inbox } from './Inbox.tsx';

const overdue = task({
  instanceId: 'inst-2',
  subject: 'Lê Thị Cúc — chuyển sinh hoạt',
  overdue: true,
  due: '2026-11-20T02:00:00.000Z',
  unitId: 'base-2',
  unitName: 'Đoàn xã Tân Phú',
});
const routes = () => ({
  'GET /definitions': { body: { items: [transferDefinition] } },
  'GET /inbox': { body: inboxPage([task(), overdue]) },
  'GET /events': FakeEventStream.route,
});
const inboxQueries = (server: ReturnType<typeof fakeServer>) =>
  server.requests
    .filter((request) => request.path === '/inbox')
    .map((request) => Object.fromEntries(request.query));
beforeEach(() => {
  FakeEventStream.connections = [];
});

describe('Inbox', () => {
  it('lists tasks with counts, the overdue one highlighted, and passes axe', async () => {
    const onOpenTask = vi.fn<(task: unknown) => void>();
    const { container } = renderWidget(<Inbox onOpenTask={onOpenTask} />, fakeServer(routes()));
    expect(container.querySelector('.df-Inbox')?.getAttribute('data-state')).toBe('loading');
    expect(await screen.findByText('2 việc, 1 quá hạn')).toBeTruthy();
    const items = container.querySelectorAll('.df-Inbox-item');
    expect([...items].map((item) => item.getAttribute('data-overdue'))).toEqual(['false', 'true']);
    expect(within(items[1] as HTMLElement).getByText('Quá hạn')).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Chuyển sinh hoạt đoàn (2)' })).toBeTruthy();
    await userEvent
      .setup()
      .click(
        screen.getByRole('button', { name: 'Mở: Chuyển sinh hoạt đoàn — Lê Thị Cúc — chuyển sinh hoạt' }),
      );
    expect(onOpenTask).toHaveBeenCalledWith(overdue);
    await expectNoAxeViolations(container);
  });

  it('marks a task held by delegation with whose it is and until when, in the row description', async () => {
    const delegated = task({
      instanceId: 'inst-3',
      subject: 'Đoàn Minh Tiến — chuyển sinh hoạt',
      role: 'baseSecretary',
      delegatedFrom: { personId: 'p-nga', name: 'Đỗ Thị Nga', until: '2026-12-09' },
    });
    const { container } = renderWidget(
      <Inbox onOpenTask={() => {}} />,
      fakeServer({ ...routes(), 'GET /inbox': { body: inboxPage([task(), delegated]) } }),
    );
    await screen.findByText('Đoàn Minh Tiến — chuyển sinh hoạt');
    const items = container.querySelectorAll('.df-Inbox-item');
    expect([...items].map((item) => item.querySelector('.df-Inbox-delegated') !== null)).toEqual([
      false,
      true,
    ]);
    const mark = 'Được ủy quyền thay Đỗ Thị Nga đến hết 9 thg 12, 2026';
    expect(within(items[1] as HTMLElement).getByText(mark, { exact: false })).toBeTruthy();
    const open = screen.getByRole('button', { name: /^Mở: .*Đoàn Minh Tiến/ });
    expect(
      open
        .getAttribute('aria-describedby')
        ?.split(' ')
        .map((id) => document.getElementById(id)?.textContent)
        .join(' '),
    ).toContain('Đỗ Thị Nga');
    await expectNoAxeViolations(container);
  });

  it('sends filters to the server: search as typed, workflow, step, unit, due', async () => {
    const server = fakeServer(routes());
    renderWidget(<Inbox />, server);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Tìm kiếm'), 'bi thu');
    await waitFor(() => expect(inboxQueries(server).at(-1)).toMatchObject({ search: 'bi thu' }));
    await user.selectOptions(screen.getByLabelText('Quy trình'), 'member-transfer');
    await user.selectOptions(screen.getByLabelText('Bước'), 'sourceBase');
    await user.selectOptions(screen.getByLabelText('Đơn vị (gồm cấp dưới)'), 'base-2');
    await user.selectOptions(screen.getByLabelText('Thời hạn'), 'overdue');
    await waitFor(() =>
      expect(inboxQueries(server).at(-1)).toEqual({
        limit: '20',
        search: 'bi thu',
        workflowId: 'member-transfer',
        state: 'sourceBase',
        unitId: 'base-2',
        dueBefore: fixedNow().toISOString(),
      }),
    );
  });

  it('pages with the cursor', async () => {
    const server = fakeServer({
      ...routes(),
      'GET /inbox': (request) => ({
        body: request.query.get('cursor') === 'c2' ? inboxPage([overdue]) : inboxPage([task()], 'c2'),
      }),
    });
    renderWidget(<Inbox />, server);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Tải thêm' }));
    expect(await screen.findByText('Lê Thị Cúc — chuyển sinh hoạt')).toBeTruthy();
    expect(screen.getByText('Nguyễn Văn An — chuyển sinh hoạt')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Tải thêm' })).toBeNull();
  });

  it('applies a bulk decision and shows a result per item', async () => {
    const simple = (id: string, subject: string) =>
      task({ instanceId: id, subject, events: ['ACCEPT', 'ACKNOWLEDGE'], revision: id === 'a' ? 4 : 7 });
    const server = fakeServer({
      ...routes(),
      'GET /inbox': {
        body: inboxPage([
          simple('a', 'Hồ sơ A'),
          simple('b', 'Hồ sơ B'),
          task({ instanceId: 'c', subject: 'Hồ sơ C' }),
        ]),
      },
      'POST /instances/bulk-events': {
        body: {
          results: [
            { instanceId: 'a', ok: true, instance: {} },
            { instanceId: 'b', ok: false, error: { code: 'STALE_REVISION', message: 'stale' } },
          ],
        },
      },
    });
    const { container } = renderWidget(<Inbox />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByLabelText('Chọn: Chuyển sinh hoạt đoàn — Hồ sơ A'));
    await user.click(screen.getByLabelText('Chọn: Chuyển sinh hoạt đoàn — Hồ sơ C'));
    expect(screen.getByText('Các việc đã chọn không có quyết định chung.')).toBeTruthy();
    await user.click(screen.getByLabelText('Chọn: Chuyển sinh hoạt đoàn — Hồ sơ C'));
    await user.click(screen.getByLabelText('Chọn: Chuyển sinh hoạt đoàn — Hồ sơ B'));
    expect(screen.getByText('Đã chọn 2')).toBeTruthy();
    const decision = screen.getByLabelText('Quyết định cho các việc đã chọn');
    expect(
      within(decision)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['— Chọn quyết định —', 'Tiếp nhận', 'Chi đoàn xác nhận tiếp nhận']);
    await user.selectOptions(decision, 'ACCEPT');
    await expectNoAxeViolations(container);
    await user.click(screen.getByRole('button', { name: 'Áp dụng' }));
    const results = await screen.findByRole('region', { name: 'Kết quả xử lý hàng loạt' });
    // The outcome takes focus: the bar that had it is gone with the selection.
    await waitFor(() => expect(document.activeElement).toBe(results));
    expect(within(results).getByText('Hồ sơ A: Đã xử lý')).toBeTruthy();
    expect(
      within(results).getByText('Hồ sơ B: Không xử lý được: Hồ sơ vừa được người khác xử lý.'),
    ).toBeTruthy();
    const post = server.requests.find((request) => request.method === 'POST');
    // Each decision names the revision the list showed, so none lands on a state nobody saw.
    expect(post?.body).toEqual({
      items: [
        { instanceId: 'a', type: 'ACCEPT', comment: null, expectedRevision: 4 },
        { instanceId: 'b', type: 'ACCEPT', comment: null, expectedRevision: 7 },
      ],
    });
  });

  it('updates live from the change stream', async () => {
    const server = fakeServer(routes());
    const { container } = renderWidget(<Inbox />, server, { token: () => 'fresh-token' });
    await screen.findByText('2 việc, 1 quá hạn');
    const stream = FakeEventStream.latest()!;
    // The token travels in the header, never in the URL.
    expect(stream.request.headers['authorization']).toBe('Bearer fresh-token');
    expect(stream.request.query.toString()).toBe('');
    act(() => stream.ready());
    server.on('GET /inbox', {
      body: inboxPage([task(), overdue, task({ instanceId: 'inst-3', subject: 'Phạm Văn Dũng' })]),
    });
    act(() =>
      stream.send('change', {
        instanceId: 'inst-3',
        workflowId: 'member-transfer',
        state: 'sourceBase',
        revision: 1,
        unitIds: [],
        personIds: [],
      }),
    );
    expect(await screen.findByText('Phạm Văn Dũng')).toBeTruthy();
    // Said with what arrived, in the inbox's polite live region.
    const region = container.querySelector('.df-Inbox [role="status"][aria-live="polite"]')!;
    await waitFor(() =>
      expect(region.textContent).toBe('Có 1 việc mới: Chuyển sinh hoạt đoàn — Phạm Văn Dũng.'),
    );
  });

  it("names a host workflow's own role in the server's words, not by its id", async () => {
    const introducer = task({
      role: 'introducer',
      roleLabel: { vi: 'Người giới thiệu', en: 'Introducer' },
      subject: 'Võ Thị Mai — kết nạp đoàn viên',
    });
    const server = fakeServer({ ...routes(), 'GET /inbox': { body: inboxPage([introducer]) } });
    const { container } = renderWidget(<Inbox />, server);
    await screen.findByText('Võ Thị Mai — kết nạp đoàn viên');
    const meta = container.querySelector('.df-Inbox-meta')!.textContent;
    expect(meta).toContain('Người giới thiệu');
    expect(meta).not.toContain('introducer');
  });

  it('renders a hostile subject as text', async () => {
    const server = fakeServer({
      ...routes(),
      'GET /inbox': { body: inboxPage([task({ subject: '<img src=x onerror=alert(1)>' })]) },
    });
    const { container } = renderWidget(<Inbox />, server);
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows empty, error and offline states, in either language', async () => {
    const server = fakeServer({ ...routes(), 'GET /inbox': { body: inboxPage([]) } });
    const { container, setLocale, unmount } = renderWidget(<Inbox />, server);
    expect(await screen.findByText('Không có việc nào cần xử lý.')).toBeTruthy();
    expect(container.querySelector('.df-Inbox')?.getAttribute('data-state')).toBe('empty');
    setLocale('en');
    expect(await screen.findByText('Nothing to handle.')).toBeTruthy();
    unmount();
    server.on('GET /inbox', { status: 500, body: { code: 'INTERNAL', message: 'x', details: {} } });
    const second = renderWidget(<Inbox />, server);
    expect((await screen.findByRole('alert')).textContent).toContain('INTERNAL');
    second.unmount();
    server.goOffline();
    renderWidget(<Inbox />, server);
    expect(await screen.findByText('Mất kết nối')).toBeTruthy();
  });
});

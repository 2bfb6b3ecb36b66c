import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeEventStream } from '../testing/fake-event-stream.ts';
import { deferred, fakeServer } from '../testing/fake-server.ts';
import { calendar2026, transferDefinition, transferHistory, transferInstance } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { Timeline } from './Timeline.tsx';

const routes = () => ({
  'GET /instances/inst-1': { body: transferInstance },
  'GET /instances/inst-1/history': { body: { items: transferHistory } },
  'GET /definitions/member-transfer': { body: transferDefinition },
  'GET /calendar/2026': { body: calendar2026() },
  'GET /events': FakeEventStream.route,
});

beforeEach(() => {
  FakeEventStream.connections = [];
});

describe('Timeline', () => {
  it('shows loading, then who did what, in which role and unit, with pending timers', async () => {
    const server = fakeServer(routes());
    const history = deferred<{ body: unknown }>();
    server.on('GET /instances/inst-1/history', () => history.promise);
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, server);
    expect(screen.getByText('Đang tải…')).toBeTruthy();
    expect(container.querySelector('.df-Timeline')?.getAttribute('data-state')).toBe('loading');

    history.resolve({ body: { items: transferHistory } });
    const [list] = await screen.findAllByRole('list');
    const entries = within(list!).getAllByRole('listitem');
    expect(entries).toHaveLength(3);
    expect(entries[0]?.textContent).toContain('Khởi tạo hồ sơ');
    expect(entries[1]?.textContent).toContain('Trần Thị Bình');
    expect(entries[1]?.textContent).toContain('Bí thư chi đoàn');
    expect(entries[1]?.textContent).toContain('Chi đoàn khu phố 3');
    expect(entries[2]?.textContent).toContain('Hệ thống');
    expect(screen.getByText('nhắc sau 2 ngày làm việc')).toBeTruthy();
    expect(container.querySelector('.df-Timeline')?.getAttribute('data-state')).toBe('ready');
  });

  it('links the documents a decision issued: the PDF previewed with the officer’s token, the public check', async () => {
    const issued = {
      id: 'doc-1',
      kind: 'transfer-referral',
      number: '1-GGT/ĐTĐ-VP',
      sha256: 'ab'.repeat(32),
      code: 'K7Q2M9XD4HPA',
    };
    const history = transferHistory.map((entry, index) =>
      index === 1 ? { ...entry, issued: [issued] } : entry,
    );
    const server = fakeServer({
      ...routes(),
      'GET /instances/inst-1/history': { body: { items: history } },
      'GET /issued-documents/doc-1/pdf': { body: {} },
    });
    renderWidget(<Timeline instanceId="inst-1" />, server);
    const open = await screen.findByRole('button', {
      name: 'Xem Văn bản số 1-GGT/ĐTĐ-VP',
    });
    const verify = screen.getByRole('link', { name: 'Xác thực' });
    expect(verify.getAttribute('href')).toMatch(/\/verify\/K7Q2M9XD4HPA$/);
    await userEvent.setup().click(open);
    const frame = await screen.findByTitle('1-GGT_ĐTĐ-VP.pdf');
    expect(frame.getAttribute('src')).toMatch(/^blob:/);
    const fetched = server.requests.find((request) => request.path === '/issued-documents/doc-1/pdf');
    expect(fetched?.headers['authorization']).toBe('Bearer test-token');
  });

  it('says which facts of the record a decision read, in words: the host’s comment and recommendation, credited days', async () => {
    const recordRead = [
      {
        kind: 'member.hostComment',
        label: { vi: 'Nhận xét của nơi sinh hoạt tạm thời / nơi cư trú', en: 'Comment from the host branch' },
        key: '2026:yearEnd:t1',
        data: { comment: 'Tích cực tham gia', recommendTopRating: true },
        source: { instanceId: 't1', workflowId: 'member-transfer', seq: 9 },
        recordedAt: '2026-12-10T02:00:00.000Z',
      },
      {
        kind: 'fieldVisit.trip',
        label: { vi: 'Chuyến đi cơ sở được tính ngày', en: 'Credited field-visit trip' },
        key: '2026:U-1',
        data: { creditedDays: 2, quality: 'good' },
        source: { instanceId: 'v1', workflowId: 'field-visit', seq: 4 },
        recordedAt: '2026-04-09T02:00:00.000Z',
      },
    ];
    const history = transferHistory.map((entry, index) => (index === 1 ? { ...entry, recordRead } : entry));
    const server = fakeServer({ ...routes(), 'GET /instances/inst-1/history': { body: { items: history } } });
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, server);
    const facts = await screen.findByRole('list', { name: 'Căn cứ hồ sơ' });
    const items = within(facts).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'Nhận xét của nơi sinh hoạt tạm thời / nơi cư trú (10 thg 12, 2026): “Tích cực tham gia”; đề nghị xếp loại xuất sắc',
      'Chuyến đi cơ sở được tính ngày (9 thg 4, 2026): 2 ngày được tính',
    ]);
    await expectNoAxeViolations(container);
  });

  it('prints the signature of a signed paper under the signer: "TM. BAN THƯỜNG VỤ — PHÓ BÍ THƯ"', async () => {
    const signed = {
      ...transferHistory[1]!,
      seq: 4,
      type: 'ISSUE_REFERRAL',
      comment: null,
      acting: 'TM',
      actor: {
        ...transferHistory[1]!.actor,
        acting: 'TM',
        signature: {
          heading: 'TM. BAN THƯỜNG VỤ',
          title: 'PHÓ BÍ THƯ',
          office: 'deputySecretary',
          name: 'Bùi Ngọc Khánh',
        },
      },
    };
    const server = fakeServer({
      ...routes(),
      'GET /instances/inst-1/history': { body: { items: [signed] } },
    });
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, server);
    expect(await screen.findByText('Ký: TM. BAN THƯỜNG VỤ — PHÓ BÍ THƯ')).toBeTruthy();
    expect(container.querySelectorAll('.df-Timeline-signature')).toHaveLength(1);
  });

  it('renders a hostile comment as text', async () => {
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, fakeServer(routes()));
    const comment = await screen.findByText('<img src=x onerror=alert(1)>');
    expect(comment.tagName).toBe('P');
    expect(container.querySelector('img')).toBeNull();
  });

  it('isolates a name with a right-to-left override, so the rest of the line keeps its direction', async () => {
    const hostileName = '\u202EnahT nảV nễyugN';
    const history = transferHistory.map((entry, index) =>
      index === 1 ? { ...entry, actor: { ...entry.actor, name: hostileName } } : entry,
    );
    const server = fakeServer({ ...routes(), 'GET /instances/inst-1/history': { body: { items: history } } });
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, server);
    await screen.findAllByRole('list');
    const who = [...container.querySelectorAll('.df-Timeline-who')].find(
      (element) => element.textContent === hostileName,
    );
    expect(who?.tagName).toBe('BDI');
    // The role and unit that follow are outside the isolated name.
    expect(who?.parentElement?.querySelector('.df-Timeline-role')?.textContent).toContain('Bí thư chi đoàn');
    expect(container.querySelector('.df-Timeline-unit bdi')?.textContent).toBe('Chi đoàn khu phố 3');
  });

  it('shows the empty state', async () => {
    const server = fakeServer({ ...routes(), 'GET /instances/inst-1/history': { body: { items: [] } } });
    renderWidget(<Timeline instanceId="inst-1" />, server);
    expect(await screen.findByText('Chưa có hoạt động nào.')).toBeTruthy();
  });

  it('shows the error state and retries', async () => {
    const server = fakeServer({
      ...routes(),
      'GET /instances/inst-1': { status: 404, body: { code: 'NOT_FOUND', message: 'no', details: {} } },
    });
    renderWidget(<Timeline instanceId="inst-1" />, server);
    expect((await screen.findByRole('alert')).textContent).toContain('Không tìm thấy hồ sơ');
    server.on('GET /instances/inst-1', { body: transferInstance });
    screen.getByRole('button', { name: 'Thử lại' }).click();
    expect(await screen.findByText('Trần Thị Bình')).toBeTruthy();
  });

  it('shows the offline state when the server cannot be reached', async () => {
    const server = fakeServer(routes());
    server.goOffline();
    renderWidget(<Timeline instanceId="inst-1" />, server);
    expect(await screen.findByText('Mất kết nối')).toBeTruthy();
    server.goOnline();
    window.dispatchEvent(new Event('online'));
    expect(await screen.findByText('Trần Thị Bình')).toBeTruthy();
  });

  it("counts working days on the server's calendar, and marks a provisional due time", async () => {
    const server = fakeServer({ ...routes(), 'GET /calendar/2026': { body: calendar2026(1, true) } });
    const provisional = {
      ...transferInstance.timers[0]!,
      calendar: {
        from: '2026-11-18T02:00:00.000Z',
        workingDays: 5,
        versions: { '2026': 1 },
        provisional: true,
      },
    };
    server.on('GET /instances/inst-1', { body: { ...transferInstance, timers: [provisional] } });
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, server);
    // Tuesday 24/11 is a day off on the server's calendar: only Wednesday counts.
    expect(await screen.findByText('nhắc sau 1 ngày làm việc')).toBeTruthy();
    const timer = container.querySelector('[data-kind="timer"][data-timer-kind="reminder"]');
    expect(timer?.hasAttribute('data-provisional')).toBe(true);
    expect(timer?.textContent).toContain('dự kiến: lịch nghỉ lễ chưa được công bố đủ');
    expect(server.requests.filter((r) => r.path === '/calendar/2026')).toHaveLength(1);
  });

  it('asks for the calendar again when the server recounted a timer under a newer notice', async () => {
    const server = fakeServer(routes());
    renderWidget(<Timeline instanceId="inst-1" />, server);
    expect(await screen.findByText('nhắc sau 2 ngày làm việc')).toBeTruthy();
    // An administrator loads version 2 (Tuesday 24/11 off); the server recounts and announces it.
    server.on('GET /calendar/2026', { body: calendar2026(2, true) });
    const recounted = {
      ...transferInstance.timers[0]!,
      calendar: {
        from: '2026-11-18T02:00:00.000Z',
        workingDays: 5,
        versions: { '2026': 2 },
        provisional: false,
      },
    };
    server.on('GET /instances/inst-1', { body: { ...transferInstance, revision: 9, timers: [recounted] } });
    await waitFor(() => expect(FakeEventStream.latest()).toBeTruthy());
    act(() =>
      FakeEventStream.latest()!.send('change', {
        instanceId: 'inst-1',
        workflowId: 'member-transfer',
        state: 'sourceBase',
        revision: 9,
        unitIds: [],
        personIds: [],
      }),
    );
    expect(await screen.findByText('nhắc sau 1 ngày làm việc')).toBeTruthy();
    expect(server.requests.filter((r) => r.path === '/calendar/2026')).toHaveLength(2);
  });

  it('speaks English when asked, and has no axe violations', async () => {
    const { container, setLocale } = renderWidget(<Timeline instanceId="inst-1" />, fakeServer(routes()), {
      locale: 'en',
    });
    expect(await screen.findByText('reminder in 2 working days')).toBeTruthy();
    expect(screen.getByText('Branch secretary', { exact: false })).toBeTruthy();
    await expectNoAxeViolations(container);
    setLocale('vi');
    expect(await screen.findByText('nhắc sau 2 ngày làm việc')).toBeTruthy();
  });
});

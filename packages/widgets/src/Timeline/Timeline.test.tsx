import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { deferred, fakeServer } from '../testing/fake-server.ts';
import { transferDefinition, transferHistory, transferInstance } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { Timeline } from './Timeline.tsx';

const routes = () => ({
  'GET /instances/inst-1': { body: transferInstance },
  'GET /instances/inst-1/history': { body: { items: transferHistory } },
  'GET /definitions/member-transfer': { body: transferDefinition },
});

describe('Timeline', () => {
  it('shows loading, then who did what, in which role and unit, with pending timers', async () => {
    const server = fakeServer(routes());
    const history = deferred<{ body: unknown }>();
    server.on('GET /instances/inst-1/history', () => history.promise);
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, server);
    expect(screen.getByRole('status').textContent).toContain('Đang tải');
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

  it('renders a hostile comment as text', async () => {
    const { container } = renderWidget(<Timeline instanceId="inst-1" />, fakeServer(routes()));
    const comment = await screen.findByText('<img src=x onerror=alert(1)>');
    expect(comment.tagName).toBe('P');
    expect(container.querySelector('img')).toBeNull();
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

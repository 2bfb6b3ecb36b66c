import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../testing/fake-server.ts';
import { transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { ApprovalPanel } from './ApprovalPanel.tsx';

const decided = { ...transferInstance, state: 'sourceBranch', revision: 4, allowedEvents: [] };
const routes = () => ({
  'GET /instances/inst-1': { body: transferInstance },
  'GET /definitions/member-transfer': { body: transferDefinition },
  'POST /instances/inst-1/events': { body: decided },
});
const posts = (server: ReturnType<typeof fakeServer>) =>
  server.requests.filter((request) => request.method === 'POST');
const decisionButtons = () =>
  within(screen.getByRole('group', { name: 'Quyết định' })).getAllByRole('button');

/** The panel's notice took focus (so it is read out, once) and says `text`. */
async function expectFocusedNotice(text: string) {
  await waitFor(() => expect(document.activeElement?.textContent).toContain(text));
  expect(document.activeElement?.getAttribute('role')).toBe('group');
  expect(document.activeElement?.closest('[aria-live], [role="alert"]')).toBeNull();
}

describe('ApprovalPanel', () => {
  it('shows the summary in the workflow labels and only the decisions the server allows', async () => {
    const { container } = renderWidget(<ApprovalPanel instanceId="inst-1" />, fakeServer(routes()));
    expect(container.querySelector('.df-ApprovalPanel')?.getAttribute('data-state')).toBe('loading');
    // The member's id is shown by the name the server resolved, under the field's own label.
    expect(await screen.findByText('Nguyễn Văn An')).toBeTruthy();
    expect(screen.queryByText('p-an')).toBeNull();
    expect(screen.getByText('Member id')).toBeTruthy();
    expect(screen.getByText('Đoàn cơ sở nơi đi giới thiệu')).toBeTruthy();
    expect(decisionButtons().map((button) => button.textContent)).toEqual([
      'Cấp giấy giới thiệu',
      'Trả lại chi đoàn',
      'Hủy chuyển sinh hoạt',
    ]);
    expect(screen.queryByRole('button', { name: 'Tiếp nhận' })).toBeNull();
    // Colours say what a decision means: on is primary, return is plain, ending it is red.
    expect(decisionButtons().map((button) => button.getAttribute('data-variant'))).toEqual([
      'primary',
      null,
      'danger',
    ]);
    await expectNoAxeViolations(container);
  });

  it('sends a decision with its payload, comment, revision and an idempotency key', async () => {
    const server = fakeServer(routes());
    const onDecision = vi.fn<(decision: unknown) => void>();
    renderWidget(<ApprovalPanel instanceId="inst-1" onDecision={onDecision} />, server);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Ý kiến'), 'Hồ sơ thiếu nhận xét');
    await user.click(screen.getByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    expect(screen.getByText('Vui lòng nhập thông tin này.')).toBeTruthy();
    await user.type(screen.getByLabelText('Reason *'), 'Thiếu sổ đoàn');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    expect(
      await screen.findByText(/^Đã ghi nhận quyết định “Trả lại chi đoàn”\. Hồ sơ chuyển sang bước/),
    ).toBeTruthy();
    const [post] = posts(server);
    expect(post?.body).toEqual({
      type: 'RETURN_TO_BRANCH',
      comment: 'Hồ sơ thiếu nhận xét',
      payload: { reason: 'Thiếu sổ đoàn' },
      expectedRevision: 3,
    });
    expect(post?.headers['idempotency-key']).toBeTruthy();
    expect(post?.headers['authorization']).toBe('Bearer test-token');
    expect(onDecision).toHaveBeenCalledWith({
      instanceId: 'inst-1',
      type: 'RETURN_TO_BRANCH',
      state: 'sourceBranch',
    });
    expect(screen.getByText('Bạn không có quyết định nào cần đưa ra ở bước này.')).toBeTruthy();
  });

  it('offers TM./KT. when the role allows more than one signing form', async () => {
    const server = fakeServer(routes());
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cấp giấy giới thiệu' }));
    const acting = screen.getByRole('group', { name: 'Hình thức ký' });
    expect(within(acting).getAllByRole('radio')).toHaveLength(2);
    await user.click(within(acting).getByLabelText('KT. (ký thay)'));
    await user.type(screen.getByLabelText('Issued on *'), '2026-11-20');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Cấp giấy giới thiệu' }));
    await screen.findByText(/^Đã ghi nhận quyết định “Cấp giấy giới thiệu”\. Hồ sơ chuyển sang bước/);
    expect(posts(server)[0]?.body).toMatchObject({
      acting: 'KT',
      payload: { issuedOn: '2026-11-20' },
    });
  });

  it('asks for confirmation before an irreversible decision, with focus in the dialog', async () => {
    const server = fakeServer(routes());
    const { container } = renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Hủy chuyển sinh hoạt' }));
    await user.type(screen.getByLabelText('Reason *'), 'Đoàn viên rút');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Hủy chuyển sinh hoạt' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Xác nhận quyết định' });
    expect(dialog.textContent).toContain('không thể hoàn tác');
    expect(within(dialog).getByRole('button', { name: 'Tôi chắc chắn' }).getAttribute('data-variant')).toBe(
      'danger',
    );
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Hủy' }));
    await expectNoAxeViolations(container);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(posts(server)).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Hủy chuyển sinh hoạt' }));
    await user.click(screen.getByRole('button', { name: 'Tôi chắc chắn' }));
    await screen.findByText(/^Đã ghi nhận quyết định “Hủy chuyển sinh hoạt”\. Hồ sơ chuyển sang bước/);
    expect(posts(server)).toHaveLength(1);
  });

  it('on 409 explains that someone decided meanwhile and reloads, never resending', async () => {
    const server = fakeServer(routes());
    server.on('POST /instances/inst-1/events', {
      status: 409,
      body: { code: 'STALE_REVISION', message: 'stale', details: { currentRevision: 4 } },
    });
    const { container } = renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(screen.getByLabelText('Reason *'), 'x');
    server.on('GET /instances/inst-1', { body: decided });
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await expectFocusedNotice('người khác đã xử lý hồ sơ này');
    expect(container.querySelector('.df-ApprovalPanel')?.getAttribute('data-state')).toBe('conflict');
    expect(screen.queryByRole('group', { name: 'Quyết định' })).toBeNull();
    expect(posts(server)).toHaveLength(1);
    expect(server.requests.filter((request) => request.path === '/instances/inst-1')).toHaveLength(2);
  });

  it('treats EVENT_NOT_ALLOWED for the state as the same conflict', async () => {
    const server = fakeServer(routes());
    server.on('POST /instances/inst-1/events', {
      status: 403,
      body: { code: 'EVENT_NOT_ALLOWED', message: 'state', details: { reason: 'state' } },
    });
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server, { locale: 'en' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Return to branch' }));
    await user.type(screen.getByLabelText('Reason *'), 'x');
    await user.click(screen.getByRole('button', { name: 'Send decision: Return to branch' }));
    await expectFocusedNotice('Someone else handled this case');
    expect(document.querySelector('.df-ApprovalPanel')?.getAttribute('data-state')).toBe('conflict');
  });

  it('renders hostile data as text', async () => {
    const hostile = { ...transferInstance, summary: { reason: '<img src=x onerror=alert(1)>' } };
    const { container } = renderWidget(
      <ApprovalPanel instanceId="inst-1" />,
      fakeServer({ ...routes(), 'GET /instances/inst-1': { body: hostile } }),
    );
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows the empty, error and offline states', async () => {
    const server = fakeServer({
      ...routes(),
      'GET /instances/inst-1': { body: { ...transferInstance, status: 'done', allowedEvents: [] } },
    });
    const { unmount } = renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    expect(await screen.findByText('Hồ sơ đã kết thúc.')).toBeTruthy();
    unmount();
    server.on('GET /instances/inst-1', {
      status: 401,
      body: { code: 'UNAUTHENTICATED', message: 'x', details: {} },
    });
    const second = renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    expect((await screen.findByRole('alert')).textContent).toContain('Phiên đăng nhập đã hết hạn');
    second.unmount();
    server.goOffline();
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    expect(await screen.findByText('Mất kết nối')).toBeTruthy();
  });

  it('keeps the idempotency key when the same decision is resent after a lost answer', async () => {
    const server = fakeServer(routes());
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(screen.getByLabelText('Reason *'), 'x');
    server.goOffline();
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await expectFocusedNotice('Không kết nối được');
    server.goOnline();
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await screen.findByText(/^Đã ghi nhận quyết định “Trả lại chi đoàn”\. Hồ sơ chuyển sang bước/);
    const keys = posts(server).map((request) => request.headers['idempotency-key']);
    await waitFor(() => expect(keys).toHaveLength(2));
    expect(keys[0]).toBe(keys[1]);
  });
});

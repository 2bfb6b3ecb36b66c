import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../testing/fake-server.ts';
import { transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { StartForm } from './StartForm.tsx';

const routes = () => ({
  'GET /definitions/member-transfer': { body: transferDefinition },
  'POST /instances': { status: 201, body: transferInstance },
});

describe('StartForm', () => {
  it('generates fields from the input schema: text, select, checkbox, date (saying its format), number', async () => {
    const { container } = renderWidget(<StartForm workflowId="member-transfer" />, fakeServer(routes()));
    expect(container.querySelector('.df-StartForm')?.getAttribute('data-state')).toBe('loading');
    expect(await screen.findByRole('heading', { name: 'Tạo hồ sơ: Chuyển sinh hoạt đoàn' })).toBeTruthy();
    expect(screen.getByLabelText('Member id *').getAttribute('type')).toBe('text');
    expect(screen.getByLabelText('Kind *').tagName).toBe('SELECT');
    expect(screen.getByLabelText('Member is cadre').getAttribute('type')).toBe('checkbox');
    // Dates and numbers are typed as officers write them ("25/11/2026", "2,5"): text, with the format said.
    const until = screen.getByLabelText('Until');
    expect(until.getAttribute('type')).toBe('text');
    expect(until.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(until.getAttribute('aria-describedby')!)?.textContent).toBe(
      'Ngày/tháng/năm, ví dụ 25/11/2026',
    );
    expect(screen.getByLabelText('Years of membership').getAttribute('inputmode')).toBe('numeric');
    await expectNoAxeViolations(container);
  });

  it('validates in the chosen language before sending anything', async () => {
    const server = fakeServer(routes());
    const { setLocale } = renderWidget(<StartForm workflowId="member-transfer" />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Tạo hồ sơ' }));
    // Focus goes to the one error summary, named by the count and described by the list.
    const summary = screen.getByRole('group', { name: 'Có 3 lỗi cần sửa' });
    expect(document.activeElement).toBe(summary);
    expect(summary.querySelectorAll('a')).toHaveLength(3);
    expect(summary.querySelector('a')?.textContent).toBe('Member id: Vui lòng nhập thông tin này.');
    expect(screen.getAllByText('Vui lòng nhập thông tin này.')).toHaveLength(3);
    // Each entry leads to its field.
    await user.click(screen.getByRole('link', { name: 'Reason: Vui lòng nhập thông tin này.' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Reason *'));
    expect(screen.getByLabelText('Member id *').getAttribute('aria-invalid')).toBe('true');
    setLocale('en');
    await user.type(screen.getByLabelText('Years of membership'), '-1');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getAllByText('This field is required.')).toHaveLength(3);
    expect(screen.getByText('At least 0.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('group', { name: 'There are 4 problems to fix' }));
    await user.type(screen.getByLabelText('Until'), '31/02/2026');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getByText('Enter a date as day/month/year, e.g. 25/11/2026.')).toBeTruthy();
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('sends the input with an idempotency key and reports the started instance', async () => {
    const server = fakeServer(routes());
    const onStarted = vi.fn<(instance: unknown) => void>();
    renderWidget(<StartForm workflowId="member-transfer" onStarted={onStarted} />, server);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Member id *'), 'm-1');
    await user.selectOptions(screen.getByLabelText('Kind *'), 'permanent');
    await user.type(screen.getByLabelText('Reason *'), 'Chuyển nơi ở');
    await user.type(screen.getByLabelText('Years of membership'), '4');
    await user.click(screen.getByRole('button', { name: 'Tạo hồ sơ' }));
    expect(await screen.findByText('Đã tạo hồ sơ.')).toBeTruthy();
    const post = server.requests.find((request) => request.method === 'POST');
    expect(post?.body).toEqual({
      workflowId: 'member-transfer',
      input: {
        memberId: 'm-1',
        kind: 'permanent',
        reason: 'Chuyển nơi ở',
        memberIsCadre: false,
        yearsOfMembership: 4,
      },
    });
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(onStarted).toHaveBeenCalledWith(transferInstance);
  });

  it('shows the server refusal next to the fields and reuses the key when resent unchanged', async () => {
    const server = fakeServer(routes());
    server.on('POST /instances', {
      status: 400,
      body: {
        code: 'INVALID_INPUT',
        message: 'invalid',
        details: { issues: [{ path: ['memberId'], message: 'không có đoàn viên này' }] },
      },
    });
    renderWidget(<StartForm workflowId="member-transfer" />, server);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Member id *'), 'm-x');
    await user.selectOptions(screen.getByLabelText('Kind *'), 'permanent');
    await user.type(screen.getByLabelText('Reason *'), 'x');
    await user.click(screen.getByRole('button', { name: 'Tạo hồ sơ' }));
    expect(await screen.findByText('không có đoàn viên này')).toBeTruthy();
    // The server's refusal lands in the same summary, which takes focus.
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('group', { name: 'Có 1 lỗi cần sửa' })),
    );
    await user.click(screen.getByRole('button', { name: 'Tạo hồ sơ' }));
    await screen.findByText('không có đoàn viên này');
    const keys = server.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
  });

  it('shows error and offline states while loading the schema', async () => {
    const server = fakeServer({
      'GET /definitions/member-transfer': {
        status: 404,
        body: { code: 'UNKNOWN_WORKFLOW', message: 'x', details: {} },
      },
    });
    renderWidget(<StartForm workflowId="member-transfer" />, server);
    expect((await screen.findByRole('alert')).textContent).toContain('UNKNOWN_WORKFLOW');
    server.goOffline();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByText('Mất kết nối')).toBeTruthy();
  });
});

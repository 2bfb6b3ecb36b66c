import { screen } from '@testing-library/react';
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
  it('generates fields from the input schema: text, select, checkbox, date, number', async () => {
    const { container } = renderWidget(<StartForm workflowId="member-transfer" />, fakeServer(routes()));
    expect(container.querySelector('.df-StartForm')?.getAttribute('data-state')).toBe('loading');
    expect(await screen.findByRole('heading', { name: 'Tạo hồ sơ: Chuyển sinh hoạt đoàn' })).toBeTruthy();
    expect(screen.getByLabelText('Member id *').getAttribute('type')).toBe('text');
    expect(screen.getByLabelText('Kind *').tagName).toBe('SELECT');
    expect(screen.getByLabelText('Member is cadre').getAttribute('type')).toBe('checkbox');
    expect(screen.getByLabelText('Until').getAttribute('type')).toBe('date');
    expect(screen.getByLabelText('Years of membership').getAttribute('type')).toBe('number');
    await expectNoAxeViolations(container);
  });

  it('validates in the chosen language before sending anything', async () => {
    const server = fakeServer(routes());
    const { setLocale } = renderWidget(<StartForm workflowId="member-transfer" />, server);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Tạo hồ sơ' }));
    expect(screen.getByRole('alert').textContent).toBe('Vui lòng sửa 3 lỗi bên dưới.');
    expect(screen.getAllByText('Vui lòng nhập thông tin này.')).toHaveLength(3);
    expect(screen.getByLabelText('Member id *').getAttribute('aria-invalid')).toBe('true');
    setLocale('en');
    await user.type(screen.getByLabelText('Years of membership'), '-1');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(screen.getAllByText('This field is required.')).toHaveLength(3);
    expect(screen.getByText('At least 0.')).toBeTruthy();
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

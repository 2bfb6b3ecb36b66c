import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer } from '../testing/fake-server.ts';
import { transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { ProgressDiagram } from './ProgressDiagram.tsx';

const routes = () => ({
  'GET /instances/inst-1': { body: transferInstance },
  'GET /definitions/member-transfer': { body: transferDefinition },
});

describe('ProgressDiagram', () => {
  it('highlights the current step by its label, not its state id', async () => {
    const { container } = renderWidget(<ProgressDiagram instanceId="inst-1" />, fakeServer(routes()));
    const current = await screen.findByText('Đoàn cơ sở nơi đi giới thiệu');
    expect(current.getAttribute('aria-current')).toBe('step');
    expect(current.getAttribute('data-current')).toBe('true');
    expect(screen.getByText('Chi đoàn nơi đi xác nhận').getAttribute('data-current')).toBe('false');
    expect(container.textContent).not.toContain('sourceBase');
    await expectNoAxeViolations(container);
  });

  it('draws a bare workflow, in English', async () => {
    renderWidget(<ProgressDiagram workflowId="member-transfer" />, fakeServer(routes()), { locale: 'en' });
    expect(await screen.findByText('Source branch review')).toBeTruthy();
    expect(document.querySelector('[aria-current]')).toBeNull();
  });

  it('shows the empty state for a workflow without steps', async () => {
    const server = fakeServer({
      'GET /definitions/member-transfer': { body: { ...transferDefinition, statechart: [] } },
    });
    const { container } = renderWidget(<ProgressDiagram workflowId="member-transfer" />, server);
    expect(await screen.findByText('Quy trình chưa mô tả các bước.')).toBeTruthy();
    expect(container.querySelector('.df-ProgressDiagram')?.getAttribute('data-state')).toBe('empty');
  });

  it('shows loading, error and offline states', async () => {
    const server = fakeServer({
      'GET /definitions/member-transfer': {
        status: 503,
        body: { code: 'UNAVAILABLE', message: 'down', details: {} },
      },
    });
    const { container } = renderWidget(<ProgressDiagram workflowId="member-transfer" />, server);
    expect(container.querySelector('.df-ProgressDiagram')?.getAttribute('data-state')).toBe('loading');
    expect((await screen.findByRole('alert')).textContent).toContain('tạm thời không phục vụ');
    server.goOffline();
    screen.getByRole('button', { name: 'Thử lại' }).click();
    expect(await screen.findByText('Mất kết nối')).toBeTruthy();
    expect(container.querySelector('.df-ProgressDiagram')?.getAttribute('data-state')).toBe('offline');
  });
});

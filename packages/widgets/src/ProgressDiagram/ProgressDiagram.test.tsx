import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer } from '../testing/fake-server.ts';
import {
  transferDefinition,
  transferDiagram,
  transferHistory,
  transferInstance,
} from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { ProgressDiagram } from './ProgressDiagram.tsx';

const routes = () => ({
  'GET /instances/inst-1': { body: transferInstance },
  'GET /definitions/member-transfer': { body: transferDefinition },
  'GET /instances/inst-1/history': { body: { items: transferHistory } },
  'GET /definitions/member-transfer/diagram': { body: transferDiagram },
});

const node = (container: Element, path: string) =>
  container.querySelector(`.df-ProgressDiagram-node[data-path="${path}"]`);
const edge = (container: Element, from: string, to: string) =>
  container.querySelector(`.df-ProgressDiagram-edge[data-from="${from}"][data-to="${to}"]`);

describe('ProgressDiagram', () => {
  it('highlights the current step by its label, not its state id', async () => {
    const { container } = renderWidget(<ProgressDiagram instanceId="inst-1" />, fakeServer(routes()));
    const current = (await screen.findAllByText('Đoàn cơ sở nơi đi giới thiệu')).find((each) =>
      each.classList.contains('df-ProgressDiagram-step'),
    )!;
    expect(current.getAttribute('aria-current')).toBe('step');
    expect(current.getAttribute('data-current')).toBe('true');
    const branch = container.querySelector('.df-ProgressDiagram-item[data-path="sourceBranch"] > span');
    expect(branch?.getAttribute('data-current')).toBe('false');
    expect(container.textContent).not.toContain('sourceBase');
    await expectNoAxeViolations(container);
  });

  it('draws the laid-out statechart: current state, path taken, the timer waiting', async () => {
    const server = fakeServer(routes());
    const { container } = renderWidget(<ProgressDiagram instanceId="inst-1" />, server);
    const svg = await screen.findByRole('img', { name: /đang ở bước: Đoàn cơ sở nơi đi giới thiệu/ });
    expect(server.requests.find((r) => r.path.endsWith('/diagram'))?.query.get('locale')).toBe('vi');
    expect(svg.querySelectorAll('.df-ProgressDiagram-node')).toHaveLength(4);
    expect(node(container, 'sourceBase')?.getAttribute('data-current')).toBe('true');
    expect(node(container, 'sourceBase')?.textContent).toBe('Đoàn cơ sở nơi đi giới thiệu');
    expect(node(container, 'sourceBranch')?.getAttribute('data-visited')).toBe('true');
    expect(node(container, 'completed')?.getAttribute('data-visited')).toBe('false');
    // The history's CONFIRM is the path taken, numbered; ACCEPT is not taken yet.
    expect(edge(container, 'sourceBranch', 'sourceBase')?.getAttribute('data-taken')).toBe('true');
    expect(
      edge(container, 'sourceBranch', 'sourceBase')?.querySelector('.df-ProgressDiagram-order')?.textContent,
    ).toBe('1');
    expect(edge(container, 'sourceBase', 'completed')?.getAttribute('data-taken')).toBe('false');
    expect(edge(container, 'sourceBase', 'sourceBase')?.getAttribute('data-waiting')).toBe('true');
    expect(container.querySelector('.df-ProgressDiagram-clock')).not.toBeNull();
    // No style attribute anywhere: a strict CSP has nothing to block.
    expect(container.querySelector('svg [style], svg[style]')).toBeNull();
    // The list says it in words: passed, current and the timer.
    const step = (path: string) =>
      container.querySelector(`.df-ProgressDiagram-item[data-path="${path}"] > .df-ProgressDiagram-step`);
    expect(step('sourceBranch')?.textContent).toBe('Chi đoàn nơi đi xác nhận (đã qua)');
    expect(step('sourceBase')?.textContent).toBe('Đoàn cơ sở nơi đi giới thiệu (đang ở bước này)');
    expect(container.querySelector('.df-ProgressDiagram-timer')?.textContent).toMatch(
      /nhắc sau .* \(Quá hạn tiếp nhận, /,
    );
    await expectNoAxeViolations(container);
  });

  it('still lists the steps when the server cannot give the drawing', async () => {
    const server = fakeServer({
      ...routes(),
      'GET /definitions/member-transfer/diagram': {
        status: 404,
        body: { code: 'NOT_FOUND', message: 'no', details: {} },
      },
    });
    const { container } = renderWidget(<ProgressDiagram instanceId="inst-1" />, server);
    const current = await screen.findByText('Đoàn cơ sở nơi đi giới thiệu');
    expect(current.getAttribute('aria-current')).toBe('step');
    expect(container.querySelector('svg')).toBeNull();
  });

  it('draws a bare workflow, in English', async () => {
    const server = fakeServer({
      ...routes(),
      'GET /definitions/member-transfer/diagram': { body: { ...transferDiagram, locale: 'en' } },
    });
    renderWidget(<ProgressDiagram workflowId="member-transfer" />, server, { locale: 'en' });
    expect(await screen.findByText('Source branch review')).toBeTruthy();
    expect(server.requests.find((r) => r.path.endsWith('/diagram'))?.query.get('locale')).toBe('en');
    expect(screen.getByRole('img', { name: 'Workflow diagram; the steps are listed below' })).toBeTruthy();
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

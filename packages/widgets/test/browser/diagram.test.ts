import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, horizontalOverflow } from './a11y.ts';
import { browserSuite, expectClean, screenshot, serverUrl, todayInVietnam, transferOfAn } from './harness.ts';
import { tapSignIn } from './phone.ts';

/**
 * The transfer's diagram as the server lays it out and the widget draws it: every state, the
 * current one marked, the path taken numbered, in the officer's words; on a desk and on a phone.
 */
const suite = browserSuite();

/** A transfer submitted and confirmed by its branch: at the source base, which decides (v2). */
async function transferAtSourceBase(reason: string): Promise<string> {
  const started = await suite.api.start('p-binh', 'member-transfer', transferOfAn(reason));
  await suite.api.send('p-binh', started.id, { type: 'SUBMIT' });
  await suite.api.send('p-binh', started.id, {
    type: 'CONFIRM',
    payload: { duesPaidThrough: todayInVietnam().slice(0, 7), memberBookComment: 'Tốt' },
  });
  return started.id;
}

/** Member transfer v2's states: v1's and the end of a temporary stay and the comment's way home. */
const MEMBER_TRANSFER_STATES = [
  'requested',
  'sourceBranch',
  'sourceBase',
  'inTransit',
  'referralExpired',
  'destinationBase',
  'branchAssignment',
  'awaitingAcknowledgement',
  'participating',
  'stayEnding',
  'commentAtHome',
  'completed',
  'rejected',
  'withdrawn',
  'cancelled',
];

/** What the drawing shows, read from the SVG in the page. */
async function drawing(page: Page) {
  const drawn = page.locator('.df-ProgressDiagram-svg');
  await drawn.waitFor();
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll('.df-ProgressDiagram-node')].map((node) => ({
      path: node.getAttribute('data-path'),
      current: node.getAttribute('data-current') === 'true',
      visited: node.getAttribute('data-visited') === 'true',
      text: [...node.querySelectorAll('text tspan')].map((line) => line.textContent).join(' '),
      font:
        parseFloat(getComputedStyle(node.querySelector('text')!).fontSize) *
        (node.closest('svg')!.getBoundingClientRect().width / node.closest('svg')!.viewBox.baseVal.width),
    }));
    const taken = [...document.querySelectorAll('.df-ProgressDiagram-edge[data-taken="true"]')].map(
      (edge) => ({
        from: edge.getAttribute('data-from'),
        to: edge.getAttribute('data-to'),
        order: edge.querySelector('.df-ProgressDiagram-order')?.textContent,
        label: [...edge.querySelectorAll('.df-ProgressDiagram-eventText tspan')]
          .map((line) => line.textContent)
          .join(' '),
      }),
    );
    const svg = document.querySelector('.df-ProgressDiagram-svg')!;
    return {
      nodes,
      taken,
      styled: document.querySelectorAll('.df-ProgressDiagram [style]').length,
      name: svg.getAttribute('aria-label'),
    };
  });
}

describe('the progress diagram', () => {
  it('draws every state of the transfer, where it stands and the way it came, in Vietnamese', async () => {
    const instanceId = await transferAtSourceBase('Sơ đồ tiến trình trên máy tính');
    const watch = await suite.open();
    const { page } = watch;
    await page.goto(`${serverUrl()}/`);
    await page.getByRole('button', { name: 'Đăng nhập: Trần Thị Bình' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.goto(`${serverUrl()}/#/ho-so/${instanceId}`);
    const seen = await drawing(page);
    expect(seen.nodes.map((node) => node.path).sort()).toEqual([...MEMBER_TRANSFER_STATES].sort());
    expect(seen.nodes.filter((node) => node.current).map((node) => node.path)).toEqual(['sourceBase']);
    expect(seen.nodes.find((node) => node.path === 'sourceBase')?.text).toBe('Đoàn cơ sở nơi đi quyết định');
    expect(
      seen.nodes
        .filter((node) => node.visited)
        .map((node) => node.path)
        .sort(),
    ).toEqual(['requested', 'sourceBase', 'sourceBranch']);
    expect(seen.taken).toEqual([
      { from: 'requested', to: 'sourceBranch', order: '1', label: 'Gửi đề nghị' },
      { from: 'sourceBranch', to: 'sourceBase', order: '2', label: 'Xác nhận, nhận xét' },
    ]);
    // No state or event id shows; nothing styled by attribute (a strict CSP would block it).
    const words = seen.nodes.map((node) => node.text).join(' ');
    expect(words).not.toMatch(/sourceBase|inTransit|[A-Z]{4,}_/);
    expect(seen.styled).toBe(0);
    expect(seen.name).toBe(
      'Sơ đồ quy trình, đang ở bước: Đoàn cơ sở nơi đi quyết định; các bước được liệt kê bên dưới',
    );
    // The text alternative stays: the list says the current and the passed steps.
    await page
      .locator('.df-ProgressDiagram-step[aria-current="step"]', { hasText: 'Đoàn cơ sở nơi đi quyết định' })
      .waitFor();
    expect(await axeViolations(page, 'diagram')).toEqual([]);
    await page.locator('.df-ProgressDiagram').scrollIntoViewIfNeeded();
    await page.locator('.df-ProgressDiagram').screenshot({ path: screenshotPath('progress-diagram') });
    await expectClean(watch);
  });

  it('stays readable on a 390 px phone: full-size words, the current step in view, panned by finger', async () => {
    const instanceId = await transferAtSourceBase('Sơ đồ tiến trình trên điện thoại');
    const watch = await suite.openPhone();
    const { page } = watch;
    await tapSignIn(page, 'Trần Thị Bình');
    await page.goto(`${serverUrl()}/#/ho-so/${instanceId}`);
    const seen = await drawing(page);
    // Words at least as big as the portal's small print, not a whole chart shrunk to fit.
    expect(Math.min(...seen.nodes.map((node) => node.font))).toBeGreaterThanOrEqual(13);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.locator('.df-ProgressDiagram-pane').scrollIntoViewIfNeeded();
    const inPane = () =>
      page.evaluate(() => {
        const pane = document.querySelector('.df-ProgressDiagram-pane')!.getBoundingClientRect();
        const node = document
          .querySelector('.df-ProgressDiagram-node[data-current="true"] rect')!
          .getBoundingClientRect();
        return (
          node.left >= pane.left &&
          node.right <= pane.right &&
          node.top >= pane.top &&
          node.bottom <= pane.bottom
        );
      });
    expect(await inPane()).toBe(true);
    await screenshot(page, 'progress-diagram-phone');
    // "Vừa khung" shows it all; "Phóng to" brings the words back.
    await page.getByRole('button', { name: 'Vừa khung' }).tap();
    const fitted = await page.evaluate(() => {
      const pane = document.querySelector('.df-ProgressDiagram-pane')!;
      return pane.scrollWidth <= pane.clientWidth + 1;
    });
    expect(fitted).toBe(true);
    await page.getByRole('button', { name: 'Phóng to' }).tap();
    expect(Number(await page.locator('.df-ProgressDiagram-svg').getAttribute('data-zoom'))).toBeGreaterThan(
      0.3,
    );
    await expectClean(watch);
  });
});

const screenshotPath = (name: string) =>
  new URL(`../../../../examples/portal/screenshots/${name}.png`, import.meta.url).pathname;

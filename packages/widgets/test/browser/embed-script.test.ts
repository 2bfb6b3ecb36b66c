import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Api,
  launchChromium,
  openPage,
  rejectInPanel,
  screenshot,
  serverUrl,
  type PageWatch,
} from './harness.ts';

let browser: Browser;
let api: Api;
let watch: PageWatch;
let instanceId: string;

beforeAll(async () => {
  browser = await launchChromium();
  api = new Api(serverUrl());
  // Ngô Thị Lan moves from Tây An (Hòa Châu) to Trà Đốc; Mai Tường Vy, her branch secretary, has
  // commented and confirmed the dues, so Đỗ Thị Nga, Bí thư of Hòa Châu, decides (member transfer v2).
  const started = await api.start('p-vy', 'member-transfer', {
    memberId: 'p-lan',
    kind: 'permanent',
    sourceBranchId: 'cd-kdc-tayan',
    destinationBaseId: 'tradoc',
    reason: 'Về quê sinh sống và làm việc tại xã Trà Đốc',
    memberIsCadre: false,
  });
  await api.send('p-vy', started.id, { type: 'SUBMIT' });
  await api.send('p-vy', started.id, {
    type: 'CONFIRM',
    payload: { duesPaidThrough: new Date().toISOString().slice(0, 7), memberBookComment: 'Tốt' },
  });
  instanceId = started.id;
  watch = await openPage(browser);
  // Collected from the page's first script on, as a host page would listen.
  await watch.page.addInitScript(() => {
    const received: unknown[] = [];
    (window as { decisionsSeen?: unknown[] }).decisionsSeen = received;
    document.addEventListener('doanflow:decision', (event) => received.push((event as CustomEvent).detail));
  });
  await watch.page.goto(`${serverUrl()}/embed/?person=p-nga`);
});

afterAll(async () => {
  await watch?.close();
  await browser?.close();
});

describe('the plain HTML page with the web components, against the real server', () => {
  it('registers every element and renders the inbox in its shadow root with its own styles', async () => {
    const { page } = watch;
    const tags = await page.evaluate(() =>
      [
        'doanflow-inbox',
        'doanflow-approval',
        'doanflow-timeline',
        'doanflow-progress',
        'doanflow-start-form',
        'doanflow-dashboard',
      ].filter((tag) => customElements.get(tag) !== undefined),
    );
    expect(tags).toHaveLength(6);
    expect(await page.locator('script[src$="doanflow-elements.js"]').count()).toBe(1);
    await page.locator('doanflow-inbox .df-Inbox[data-state="ready"]').waitFor();
    const styles = await page.locator('doanflow-inbox').evaluate((element) => {
      const root = element.shadowRoot?.querySelector('.df-root');
      return {
        ownStylesheet: element.shadowRoot?.adoptedStyleSheets.length === 1,
        font: root ? getComputedStyle(root).fontFamily : '',
        leaked: document.head.querySelectorAll('style').length,
      };
    });
    // The host's --df-font-family reaches in; the widgets' rules stay in the shadow root.
    expect(styles).toEqual({ ownStylesheet: true, font: expect.stringContaining('Arial'), leaked: 0 });
  });

  it('opens a task in the approval and timeline elements, and a decision fires doanflow:decision', async () => {
    const { page } = watch;
    // Nga holds the task twice (as Bí thư and as a member of the standing committee): either opens it.
    const task = page.locator(`doanflow-inbox .df-Inbox-item[data-instance-id="${instanceId}"]`).first();
    await task.getByRole('button', { name: /^Mở/ }).click();
    const approval = page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]');
    await approval.waitFor();
    await page.locator('doanflow-timeline .df-Timeline[data-state="ready"]').waitFor();
    await screenshot(page, 'embed-page');

    await rejectInPanel(page, 'Chưa hoàn thành đoàn phí năm nay');
    await page.locator('#events li').waitFor();
    expect(await page.locator('#events li').textContent()).toContain('REJECT → rejected');
    expect(await page.evaluate(() => (window as { decisionsSeen?: unknown[] }).decisionsSeen)).toEqual([
      { instanceId, type: 'REJECT', state: 'rejected' },
    ]);
    expect((await api.get('p-vy', instanceId)).state).toBe('rejected');
    await page.locator('doanflow-timeline .df-Timeline-entry[data-type="REJECT"]').waitFor();
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});

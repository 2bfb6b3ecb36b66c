import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devToken, launchChromium, servePage, serverUnderTest } from './harness.ts';

describe('doanflow-elements.js on a plain HTML page, against the real server', () => {
  let page: Awaited<ReturnType<Awaited<ReturnType<typeof launchChromium>>['browser']['newPage']>>;
  let cleanup: () => Promise<void>;
  let closePage: () => Promise<void>;

  beforeAll(async () => {
    const { baseUrl, personId } = serverUnderTest();
    const token = await devToken(baseUrl, personId);
    const served = await servePage(`<!doctype html><html lang="vi"><body>
      <h1>Cổng thông tin Tỉnh đoàn</h1>
      <doanflow-inbox base-url="${baseUrl}" token="${token}"></doanflow-inbox>
      <script src="/doanflow-elements.js"></script>
    </body></html>`);
    closePage = served.close;
    const launched = await launchChromium();
    cleanup = launched.cleanup;
    page = await launched.browser.newPage();
    await page.goto(served.url);
  });

  afterAll(async () => {
    await cleanup?.();
    await closePage?.();
  });

  it('registers every element and shows the inbox inside its shadow root', async () => {
    const tags = await page.evaluate(() =>
      [
        'doanflow-inbox',
        'doanflow-approval',
        'doanflow-timeline',
        'doanflow-progress',
        'doanflow-start-form',
      ].filter((tag) => customElements.get(tag) !== undefined),
    );
    expect(tags).toHaveLength(5);
    const inbox = page.locator('doanflow-inbox .df-Inbox');
    await inbox.and(page.locator('[data-state="ready"], [data-state="empty"]')).waitFor();
    expect(
      await page
        .locator('doanflow-inbox')
        .evaluate((element) => element.shadowRoot?.querySelector('style') !== null),
    ).toBe(true);
    await mkdir(new URL('./screenshots/', import.meta.url), { recursive: true });
    await page.screenshot({
      path: new URL('./screenshots/embed-inbox.png', import.meta.url).pathname,
      fullPage: true,
    });
  });

  it("keeps the portal's own styles out and its own in", async () => {
    const fonts = await page.evaluate(() => {
      const root = document.querySelector('doanflow-inbox')?.shadowRoot?.querySelector('.df-root');
      return root ? getComputedStyle(root).fontFamily : null;
    });
    expect(fonts).toContain('system-ui');
  });
});

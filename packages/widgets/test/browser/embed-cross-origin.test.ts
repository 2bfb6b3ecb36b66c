import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Api,
  focused,
  launchChromium,
  openPage,
  portalUrl,
  serverUrl,
  transferForVy,
  expectClean,
  rejectInPanel,
  type PageWatch,
} from './harness.ts';

/**
 * The plain embedding page (examples/embed-script) as a portal on another origin serves it: the
 * one tag the server publishes, and a strict or nonce-based Content-Security-Policy without
 * 'unsafe-inline'. Every test fails on any securitypolicyviolation event or console error.
 */
let browser: Browser;
let api: Api;
const pages: PageWatch[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  api = new Api(serverUrl());
});

afterAll(async () => {
  for (const watch of pages) await watch.close();
  await browser?.close();
});

async function portalPage(query: string): Promise<PageWatch> {
  const watch = await openPage(browser);
  pages.push(watch);
  await watch.page.goto(`${portalUrl()}/embed/?person=p-vy&${query}`);
  await watch.page.locator('doanflow-inbox .df-Inbox[data-state="ready"]').waitFor();
  return watch;
}

const row = (page: Page, instanceId: string) =>
  page.locator(`doanflow-inbox .df-Inbox-item[data-instance-id="${instanceId}"]`);

/** What the widgets look like: computed styles of a few parts in every embedded element. */
const widgetStyles = (page: Page) =>
  page.evaluate(() => {
    const pick = (element: Element | null | undefined) => {
      if (!element) return null;
      const style = getComputedStyle(element);
      return [style.fontFamily, style.fontSize, style.color, style.letterSpacing, style.lineHeight].join(
        ' | ',
      );
    };
    const inbox = document.querySelector('doanflow-inbox')!.shadowRoot!;
    return {
      root: pick(inbox.querySelector('.df-root')),
      title: pick(inbox.querySelector('.df-Widget-title')),
      item: pick(inbox.querySelector('.df-Inbox-subject')),
      button: pick(inbox.querySelector('.df-Button')),
      field: pick(inbox.querySelector('.df-Field-control')),
    };
  });

describe('the embedding page on another origin', () => {
  it('loads styled widgets from the published tag under a strict CSP, and a decision completes', async () => {
    const instanceId = await transferForVy(api, 'Trang cổng trên tên miền khác');
    const scripts: { url: string; corp: string | null }[] = [];
    const watch = await openPage(browser);
    pages.push(watch);
    watch.page.on('response', (response) => {
      if (response.url().includes('doanflow-elements.'))
        scripts.push({
          url: response.url(),
          corp: response.headers()['cross-origin-resource-policy'] ?? null,
        });
    });
    await watch.page.goto(`${portalUrl()}/embed/?csp=strict&person=p-vy`);
    const { page } = watch;
    await page.locator('doanflow-inbox .df-Inbox[data-state="ready"]').waitFor();
    // The tag as the server publishes it: versioned URL on the server's origin, integrity, crossorigin.
    const tag = await page.locator('script[src*="doanflow-elements"]').evaluate((script) => ({
      src: (script as HTMLScriptElement).src,
      integrity: script.getAttribute('integrity'),
      crossorigin: script.getAttribute('crossorigin'),
    }));
    expect(tag.src).toMatch(new RegExp(`^${serverUrl()}/doanflow-elements\\.[0-9a-f]{16}\\.js$`));
    expect(tag.integrity).toMatch(/^sha384-/);
    expect(tag.crossorigin).toBe('anonymous');
    expect(scripts).toEqual([{ url: tag.src, corp: 'cross-origin' }]);
    // Styled: the page's --df-font-family reaches in, the widgets' own rules apply.
    const styles = await widgetStyles(page);
    expect(styles.root).toContain('Arial');
    expect(styles.button).toContain('15px');

    await row(page, instanceId).getByRole('button', { name: /^Mở/ }).click();
    const approval = page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]');
    await approval.waitFor();
    await rejectInPanel(page, 'Chưa đủ hồ sơ');
    await page.locator('#events li').filter({ hasText: 'REJECT → rejected' }).waitFor();
    expect((await api.get('p-vy', instanceId)).state).toBe('rejected');
    await page.locator('doanflow-timeline .df-Timeline-entry[data-type="REJECT"]').waitFor();
    await expectClean(watch);
  });

  it('loads under a nonce-based CSP (the widgets need no nonce)', async () => {
    const instanceId = await transferForVy(api, 'Trang cổng dùng nonce');
    const watch = await portalPage('csp=nonce');
    await row(watch.page, instanceId).getByRole('button', { name: /^Mở/ }).click();
    await watch.page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]').waitFor();
    await watch.page.locator('doanflow-timeline .df-Timeline[data-state="ready"]').waitFor();
    expect((await widgetStyles(watch.page)).root).toContain('Arial');
    await expectClean(watch);
  });

  it('keeps hostile global CSS out of the widgets', async () => {
    const plain = await portalPage('csp=strict');
    const hostile = await portalPage('csp=strict&hostile=1');
    // The page itself did take the hostile rule…
    expect(
      await hostile.page
        .locator('main')
        .evaluate((main) => [getComputedStyle(main).fontSize, getComputedStyle(main).color]),
    ).toEqual(['30px', 'rgb(255, 0, 0)']);
    // …but not one computed style inside the widgets changed.
    const reference = await widgetStyles(plain.page);
    expect(Object.values(reference).every(Boolean)).toBe(true);
    expect(await widgetStyles(hostile.page)).toEqual(reference);
    await expectClean(plain);
    await expectClean(hostile);
  });

  it('takes a keyboard-only officer from the inbox to a decision and back', async () => {
    const instanceId = await transferForVy(api, 'Chỉ dùng bàn phím');
    const watch = await portalPage('csp=strict');
    const { page } = watch;
    await row(page, instanceId).waitFor();
    // Tab from the top of the page to the task's "Mở" button.
    let tabs = 0;
    const target = `Mở`;
    for (;;) {
      await page.keyboard.press('Tab');
      tabs += 1;
      const now = await focused(page);
      const inRow = await row(page, instanceId)
        .locator('.df-Inbox-open')
        .evaluate(
          (button) =>
            button.getRootNode() instanceof ShadowRoot &&
            (button.getRootNode() as ShadowRoot).activeElement === button,
        );
      if (now.host === 'doanflow-inbox' && now.text === target && inRow) break;
      expect(tabs).toBeLessThan(80);
    }
    await page.keyboard.press('Enter');
    await page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]').waitFor();
    // Focus moved to the opened panel's heading.
    await expect.poll(() => focused(page)).toMatchObject({ host: 'doanflow-approval', tag: 'h2' });
    // The decisions are a few Tabs away (the comment field first).
    let toDecision = 0;
    while ((await focused(page)).text !== 'Không chấp thuận') {
      await page.keyboard.press('Tab');
      toDecision += 1;
      expect(toDecision).toBeLessThanOrEqual(6);
    }
    await page.keyboard.press('Enter');
    const reason = page.locator('doanflow-approval form.df-ApprovalPanel-form').getByLabel(/Lý do/);
    await reason.waitFor();
    while ((await focused(page)).tag !== 'textarea' && (await focused(page)).tag !== 'input') {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type('Chưa đủ hồ sơ');
    while (!(await focused(page)).text.startsWith('Gửi quyết định')) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const dialog = page.locator('doanflow-approval').getByRole('alertdialog');
    await dialog.waitFor();
    while ((await focused(page)).text !== 'Tôi chắc chắn') await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#events li').filter({ hasText: 'REJECT → rejected' }).waitFor();
    // Back in the inbox (the decided task left it: focus is on the row that took its place, or
    // the heading), and the outcome was announced there.
    await expect.poll(async () => (await focused(page)).host).toBe('doanflow-inbox');
    const announced = page.locator('doanflow-inbox .df-Inbox > [role="status"]');
    await expect.poll(() => announced.textContent()).toContain('Đã ghi nhận quyết định “Không chấp thuận”');
    expect(await row(page, instanceId).count()).toBe(0);
    await expectClean(watch);
  });
});

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  controlsInReach,
  expectAnnouncedOnce,
  focusedElement,
  focusedNode,
  tabAndCheckRing,
  tabTo,
} from './a11y.ts';
import {
  browserSuite,
  expectClean,
  portalUrl,
  rejectInPanel,
  serverUrl,
  transferForNga,
  type PageWatch,
} from './harness.ts';

/**
 * The plain embedding page (examples/embed-script) as a portal on another origin serves it: the
 * one tag the server publishes, and a strict or nonce-based Content-Security-Policy without
 * 'unsafe-inline'. Every test fails on any securitypolicyviolation event or console error.
 */
const suite = browserSuite();

async function portalPage(query: string): Promise<PageWatch> {
  const watch = await suite.open();
  await watch.page.goto(`${portalUrl()}/embed/?person=p-nga&${query}`);
  await watch.page.locator('doanflow-inbox .df-Inbox[data-state="ready"]').waitFor();
  return watch;
}

// Nga holds each task twice (as Bí thư and as a BTV member): the first row stands for the case.
const row = (page: Page, instanceId: string) =>
  page.locator(`doanflow-inbox .df-Inbox-item[data-instance-id="${instanceId}"]`).first();

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
    const instanceId = await transferForNga(suite.api, 'Trang cổng trên tên miền khác');
    const scripts: { url: string; corp: string | null }[] = [];
    const watch = await suite.open();
    watch.page.on('response', (response) => {
      if (response.url().includes('doanflow-elements.'))
        scripts.push({
          url: response.url(),
          corp: response.headers()['cross-origin-resource-policy'] ?? null,
        });
    });
    await watch.page.goto(`${portalUrl()}/embed/?csp=strict&person=p-nga`);
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
    // The browser's default size (16 px here), not a size the widgets fix.
    expect(styles.button).toContain('16px');

    await row(page, instanceId).getByRole('button', { name: /^Mở/ }).click();
    const approval = page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]');
    await approval.waitFor();
    await rejectInPanel(page, 'Chưa đủ hồ sơ');
    await page.locator('#events li').filter({ hasText: 'REJECT → rejected' }).waitFor();
    expect((await suite.api.get('p-vy', instanceId)).state).toBe('rejected');
    await page.locator('doanflow-timeline .df-Timeline-entry[data-type="REJECT"]').waitFor();
    await expectClean(watch);
  });

  it('loads under a nonce-based CSP (the widgets need no nonce)', async () => {
    const instanceId = await transferForNga(suite.api, 'Trang cổng dùng nonce');
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

  it('takes a keyboard-only officer from the inbox to a decision and back, focus asserted at every step', async () => {
    const instanceId = await transferForNga(suite.api, 'Chỉ dùng bàn phím');
    const watch = await portalPage('csp=strict');
    const { page } = watch;
    await row(page, instanceId).waitFor();
    // From the top of the page to the task's "Mở", every focus ring 3:1 against what it sits on.
    await tabTo(
      page,
      (focused) =>
        focused.host === 'doanflow-inbox' && focused.row === instanceId && focused.tag === 'button',
      80,
    );
    expect((await focusedNode(page)).name).toBe('Mở: Chuyển sinh hoạt đoàn — Ngô Thị Lan');
    await page.keyboard.press('Enter');
    await page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]').waitFor();
    // Focus moved to the opened panel's heading, in the other element.
    await expect.poll(() => focusedElement(page)).toMatchObject({ host: 'doanflow-approval', tag: 'h2' });
    await tabTo(page, (focused) => focused.label === 'Không chấp thuận (nêu lý do)', 8);
    expect((await focusedNode(page)).description).toBe('Không thể hoàn tác');
    await page.keyboard.press('Enter');
    // A refused send: focus to the error summary in the shadow root, and from its link to the field.
    await tabTo(page, (focused) => focused.label.startsWith('Gửi quyết định'), 8);
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedNode(page)).toMatchObject({ role: 'group', name: 'Có 1 lỗi cần sửa' });
    await tabAndCheckRing(page);
    await page.keyboard.press('Enter');
    expect(await focusedElement(page)).toMatchObject({ host: 'doanflow-approval', tag: 'textarea' });
    await page.keyboard.type('Chưa đủ hồ sơ');
    await tabTo(page, (focused) => focused.label.startsWith('Gửi quyết định'), 4);
    await page.keyboard.press('Enter');
    const dialog = page.locator('doanflow-approval').getByRole('alertdialog');
    await dialog.waitFor();
    // Modal across the page: the host's own form and the other elements are out of reach.
    expect(await controlsInReach(page)).toEqual(['button Hủy', 'button Tôi chắc chắn']);
    expect(await tabAndCheckRing(page)).toMatchObject({ label: 'Tôi chắc chắn' });
    await page.keyboard.press('Enter');
    await page.locator('#events li').filter({ hasText: 'REJECT → rejected' }).waitFor();
    // Back in the inbox (the decided task left it: focus is on the row that took its place, or
    // the heading), and the outcome said once — by the inbox, not also by the panel.
    await expect.poll(async () => (await focusedElement(page)).host).toBe('doanflow-inbox');
    expect(await expectAnnouncedOnce(page, 'Đã ghi nhận quyết định')).toBe(
      'Đã ghi nhận quyết định “Không chấp thuận (nêu lý do)”. Hồ sơ chuyển sang bước: Đoàn cơ sở không chấp thuận.',
    );
    expect(await row(page, instanceId).count()).toBe(0);
    await expectClean(watch);
  });
});

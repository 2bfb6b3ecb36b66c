import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  axeViolations,
  expectAnnouncedOnce,
  horizontalOverflow,
  liveRegions,
  setDefaultFontSize,
} from './a11y.ts';
import {
  browserSuite,
  expectClean,
  portalUrl,
  todayInVietnam,
  transferForNga,
  transferForVy,
  type PageWatch,
} from './harness.ts';

/**
 * The plain embedding page as a portal on another origin serves it (strict CSP): the same checks
 * as on the demo portal — axe on the widgets' states, what is said and how often, 320 px, forced
 * colours, the browser's font size — inside shadow roots.
 */
const suite = browserSuite();

async function embedPage(
  query = '',
  viewport = { width: 1280, height: 800 },
  personId = 'p-vy',
): Promise<PageWatch> {
  const watch = await suite.open();
  await watch.page.setViewportSize(viewport);
  await watch.page.goto(`${portalUrl()}/embed/?csp=strict&person=${personId}${query}`);
  await watch.page
    .locator('doanflow-inbox .df-Inbox[data-state="ready"], doanflow-inbox .df-Inbox[data-state="empty"]')
    .waitFor();
  return watch;
}

const approval = (page: Page) => page.locator('doanflow-approval .df-ApprovalPanel');

async function openTask(page: Page, instanceId: string) {
  await page
    .locator(`doanflow-inbox .df-Inbox-item[data-instance-id="${instanceId}"]`)
    .first()
    .getByRole('button', { name: /^Mở/ })
    .click();
  await page.locator('doanflow-approval .df-ApprovalPanel[data-state="ready"]').waitFor();
  await page.locator('doanflow-timeline .df-Timeline[data-state="ready"]').waitFor();
}

describe('the embedding page on another origin, for every officer', () => {
  it('has no axe violations in any state, inside the shadow roots', async () => {
    // Member transfer v2: only the base refuses, so the officer is Đỗ Thị Nga, Bí thư of Hòa Châu.
    const instanceId = await transferForNga(suite.api, 'Kiểm tra axe trên trang nhúng');
    const watch = await embedPage('', undefined, 'p-nga');
    const { page } = watch;
    expect(await axeViolations(page, 'inbox')).toEqual([]);
    await openTask(page, instanceId);
    expect(await axeViolations(page, 'panel and timeline')).toEqual([]);
    await approval(page).locator('[data-event="ISSUE_REFERRAL"]').click();
    await approval(page)
      .getByRole('button', { name: /^Gửi quyết định/ })
      .click();
    await approval(page).locator('.df-ErrorSummary').waitFor();
    expect(await axeViolations(page, 'form with errors')).toEqual([]);
    await approval(page).locator('[data-event="REJECT"]').click();
    await approval(page).getByRole('textbox', { name: /Lý do/ }).fill('Chưa đủ');
    await approval(page)
      .getByRole('button', { name: /^Gửi quyết định/ })
      .click();
    await page.locator('doanflow-approval').getByRole('alertdialog').waitFor();
    expect(await axeViolations(page, 'dialog')).toEqual([]);
    await page.locator('doanflow-approval').getByRole('button', { name: 'Tôi chắc chắn' }).click();
    await page.locator('doanflow-timeline .df-Timeline-entry[data-type="REJECT"]').waitFor();
    expect(await axeViolations(page, 'after the decision')).toEqual([]);
    await expectClean(watch);
  });

  it('says a new task with what it is, and another officer’s step on the open case, once each', async () => {
    const watch = await embedPage();
    const { page } = watch;
    const arriving = await transferForVy(suite.api, 'Việc mới trên trang nhúng');
    await page.locator(`doanflow-inbox .df-Inbox-item[data-instance-id="${arriving}"]`).waitFor();
    expect(await expectAnnouncedOnce(page, 'việc mới')).toBe(
      'Có 1 việc mới: Chuyển sinh hoạt đoàn — Ngô Thị Lan.',
    );

    // Vy confirms elsewhere; the case is open here when the base secretary issues the referral.
    await suite.api.send('p-vy', arriving, {
      type: 'CONFIRM',
      payload: { duesPaidThrough: todayInVietnam().slice(0, 7), memberBookComment: 'Tốt' },
    });
    await page.evaluate((id) => {
      for (const tag of ['doanflow-approval', 'doanflow-timeline'])
        document.querySelector(tag)!.setAttribute('instance-id', id);
    }, arriving);
    await page.locator('doanflow-timeline .df-Timeline-entry[data-type="CONFIRM"]').waitFor();
    await approval(page).and(page.locator('[data-state="ready"]')).waitFor();
    await suite.api.send('p-nga', arriving, {
      type: 'ISSUE_REFERRAL',
      payload: { issuedOn: todayInVietnam() },
    });
    const said = await expectAnnouncedOnce(page, 'Đỗ Thị Nga');
    expect(said).toBe(
      'TM. \u2068Đỗ Thị Nga\u2069 (Bí thư Đoàn cơ sở) đã quyết định “Cấp giấy giới thiệu” cho hồ sơ Chuyển sinh hoạt đoàn. Hồ sơ chuyển sang bước: Đang chuyển.',
    );
    await page.waitForTimeout(1500);
    expect((await liveRegions(page)).filter((region) => region.text.includes('Đang chuyển'))).toHaveLength(1);
    await expectClean(watch);
  });

  it('reflows at 320 px, keeps states apart in forced colours and follows the browser’s font size, not the page’s root', async () => {
    const instanceId = await transferForNga(suite.api, 'Màn hình hẹp, tương phản cao, chữ lớn');
    const watch = await embedPage('', { width: 320, height: 640 }, 'p-nga');
    const { page } = watch;
    await openTask(page, instanceId);
    await approval(page).locator('[data-event="ISSUE_REFERRAL"]').click();
    await approval(page)
      .getByRole('button', { name: /^Gửi quyết định/ })
      .click();
    await approval(page).locator('.df-ErrorSummary').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);

    await page.emulateMedia({ forcedColors: 'active' });
    const borders = await approval(page)
      .locator('.df-ApprovalPanel-decision')
      .evaluateAll((buttons) =>
        buttons.map(
          (button) => `${button.getAttribute('data-variant')} ${getComputedStyle(button).borderTopStyle}`,
        ),
      );
    expect(borders).toEqual(expect.arrayContaining(['danger double', 'primary solid']));
    await page.emulateMedia({ forcedColors: 'none' });

    const size = () =>
      page
        .locator('doanflow-approval .df-ApprovalPanel-summaryValue')
        .first()
        .evaluate((value) => getComputedStyle(value).fontSize);
    expect(await size()).toBe('16px');
    // The page's own root size (a 62.5 % trick) does not reach the widgets…
    await page.evaluate(() => void (document.documentElement.style.fontSize = '10px'));
    expect(await size()).toBe('16px');
    // …the officer's default font size does (set in the browser, then the page opened).
    await setDefaultFontSize(page, 24);
    await page.reload();
    await page
      .locator('doanflow-inbox .df-Inbox[data-state="ready"], doanflow-inbox .df-Inbox[data-state="empty"]')
      .waitFor();
    await openTask(page, instanceId);
    expect(await size()).toBe('24px');
    expect(await horizontalOverflow(page)).toBe(0);
    await expectClean(watch);
  });
});

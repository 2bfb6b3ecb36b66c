import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectAnnouncedOnce,
  axeViolations,
  horizontalOverflow,
  liveRegions,
  setDefaultFontSize,
} from './a11y.ts';
import { browserSuite, serverUrl, todayInVietnam, transferOfAn } from './harness.ts';

/**
 * The demo portal as low-vision and screen-reader officers meet it: axe-core on every state of
 * every widget, another officer's step said once, 320 px wide without sideways scrolling, forced
 * colours, and a larger default font in the browser.
 */
const suite = browserSuite();

async function transferAt(step: 'sourceBranch' | 'sourceBase', reason: string): Promise<string> {
  const started = await suite.api.start('p-binh', 'member-transfer', transferOfAn(reason));
  await suite.api.send('p-binh', started.id, { type: 'SUBMIT' });
  if (step === 'sourceBase')
    await suite.api.send('p-binh', started.id, {
      type: 'CONFIRM',
      payload: { duesPaidThrough: todayInVietnam().slice(0, 7), memberBookComment: 'Tốt' },
    });
  return started.id;
}

async function signedIn(name: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const watch = await suite.open();
  const { page } = watch;
  await page.setViewportSize(viewport);
  await page.goto(`${serverUrl()}/`);
  await page.getByRole('button', { name: `Đăng nhập: ${name}` }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  return page;
}

const ready = (page: Page, widget: string) =>
  page.locator(`.df-${widget}[data-state="ready"], .df-${widget}[data-state="empty"]`).first().waitFor();

async function openCase(page: Page, instanceId: string) {
  await page.goto(`${serverUrl()}/#/ho-so/${instanceId}`);
  await ready(page, 'ApprovalPanel');
  await ready(page, 'Timeline');
  await page.locator('.df-ProgressDiagram [aria-current="step"]').waitFor();
}

describe('the portal for every officer', () => {
  it('says another officer’s step on the open case once, with who did what', async () => {
    const instanceId = await transferAt('sourceBase', 'Bước của người khác được đọc lên');
    const page = await signedIn('Trần Thị Bình');
    await openCase(page, instanceId);
    await suite.api.send('p-hieu', instanceId, {
      type: 'ISSUE_REFERRAL',
      payload: { issuedOn: todayInVietnam() },
    });
    const said = await expectAnnouncedOnce(page, 'Đặng Minh Hiếu');
    expect(said).toBe(
      'TM. \u2068Đặng Minh Hiếu\u2069 (Bí thư Đoàn cơ sở) đã quyết định “Cấp giấy giới thiệu” cho hồ sơ Chuyển sinh hoạt đoàn. Hồ sơ chuyển sang bước: Đang chuyển.',
    );
    // The panel and the diagram saw the same step and kept quiet; nothing is said twice.
    await page.locator('.df-ProgressDiagram [aria-current="step"]', { hasText: 'Đang chuyển' }).waitFor();
    await page.waitForTimeout(1500);
    expect((await liveRegions(page)).filter((region) => region.text.includes('Đang chuyển'))).toEqual([
      { live: 'polite', text: said },
    ]);
  });

  it('has no axe violations in any state of any widget', async () => {
    // Member transfer v2: the branch only confirms; the base's Bí thư refuses, so he is the officer here.
    const instanceId = await transferAt('sourceBase', 'Kiểm tra axe trên mọi trạng thái');
    const watch = await suite.open();
    const { page } = watch;
    await page.goto(`${serverUrl()}/`);
    await page.locator('[data-person="p-binh"]').waitFor();
    expect(await axeViolations(page, 'sign-in')).toEqual([]);

    // Loading: every answer of the API held back for a moment.
    await page.route('**/inbox?**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Đăng nhập: Đặng Minh Hiếu' }).click();
    await page.locator('.df-Inbox[data-state="loading"]').waitFor();
    expect(await axeViolations(page, 'inbox loading')).toEqual([]);
    await ready(page, 'Inbox');
    await page.unroute('**/inbox?**');
    // He holds the task as Bí thư and as a standing-committee member: two rows, either will do.
    await page.locator(`.df-Inbox-item[data-instance-id="${instanceId}"] .df-Inbox-select`).first().check();
    expect(await axeViolations(page, 'inbox with a selection')).toEqual([]);

    await openCase(page, instanceId);
    expect(await axeViolations(page, 'case ready, with progress and timeline')).toEqual([]);
    const panel = page.locator('.df-ApprovalPanel');
    await panel.locator('[data-event="REJECT"]').click();
    await panel.getByRole('button', { name: /^Gửi quyết định/ }).click();
    await panel.locator('.df-ErrorSummary').waitFor();
    expect(await axeViolations(page, 'decision form with errors')).toEqual([]);
    await panel.getByRole('textbox', { name: /Lý do/ }).fill('Chưa đủ hồ sơ');
    await panel.getByRole('button', { name: /^Gửi quyết định/ }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await axeViolations(page, 'confirm dialog')).toEqual([]);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Tôi chắc chắn' }).click();
    await panel.locator('.df-Notice[data-kind="success"]').waitFor();
    expect(await axeViolations(page, 'outcome')).toEqual([]);

    await page.goto(`${serverUrl()}/#/ho-so/00000000-0000-4000-8000-000000000000`);
    await page.locator('.df-ApprovalPanel[data-state="error"]').waitFor();
    expect(await axeViolations(page, 'error')).toEqual([]);
    await page.context().setOffline(true);
    await page.goto(`${serverUrl()}/#/ho-so/${instanceId}`).catch(() => undefined);
    await page.locator('.df-ApprovalPanel[data-state="offline"]').waitFor();
    expect(await axeViolations(page, 'offline')).toEqual([]);
    await page.context().setOffline(false);

    await page.goto(`${serverUrl()}/#/tao-ho-so/member-transfer`);
    const form = page.locator('.df-StartForm[data-state="ready"]');
    await form.getByRole('button', { name: 'Tạo hồ sơ' }).click();
    await form.locator('.df-ErrorSummary').waitFor();
    expect(await axeViolations(page, 'start form with errors')).toEqual([]);
  });

  it('reflows at 320 px: no screen scrolls sideways, an open form and the dialog included', async () => {
    const instanceId = await transferAt('sourceBase', 'Màn hình hẹp 320 điểm ảnh, không cuộn ngang');
    const page = await signedIn('Đặng Minh Hiếu', { width: 320, height: 640 });
    await ready(page, 'Inbox');
    expect(await horizontalOverflow(page)).toBe(0);
    await openCase(page, instanceId);
    const panel = page.locator('.df-ApprovalPanel');
    await panel.locator('[data-event="ISSUE_REFERRAL"]').click();
    await panel.getByRole('button', { name: /^Gửi quyết định/ }).click();
    await panel.locator('.df-ErrorSummary').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await panel.locator('[data-event="REJECT"]').click();
    await panel.getByRole('textbox', { name: /Lý do/ }).fill('Hẹp');
    await panel.getByRole('button', { name: /^Gửi quyết định/ }).click();
    await page.getByRole('alertdialog').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Hủy' }).click();
    await page.goto(`${serverUrl()}/#/tao-ho-so/member-transfer`);
    await page.locator('.df-StartForm[data-state="ready"]').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('keeps the current step and the kinds of button apart in forced colours', async () => {
    const instanceId = await transferAt('sourceBase', 'Chế độ tương phản cao');
    const page = await signedIn('Đặng Minh Hiếu');
    await page.emulateMedia({ forcedColors: 'active' });
    await openCase(page, instanceId);
    const look = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((element) => {
          const style = getComputedStyle(element);
          const before = getComputedStyle(element, '::before').content;
          return `${style.borderTopStyle} ${style.borderTopWidth} ${style.backgroundColor} ${style.color} ${before}`;
        });
    const [current, other] = [
      await look('.df-ProgressDiagram-step[aria-current="step"]'),
      await look('.df-ProgressDiagram-step:not([data-current="true"])'),
    ];
    expect(current).not.toBe(other);
    expect(current).toMatch(/^solid 3px/);
    const [danger, primary, plain] = [
      await look('.df-ApprovalPanel-decision[data-variant="danger"]'),
      await look('.df-ApprovalPanel-decision[data-variant="primary"]'),
      await look('.portal-button'),
    ];
    expect(danger).toMatch(/^double 4px .* "⚠︎"/);
    expect(primary).toMatch(/^solid 2px/);
    expect(new Set([danger, primary]).size).toBe(2);
    expect(plain).toBeTruthy();
  });

  it('follows the browser’s default font size, the widgets’ text as much as the portal’s', async () => {
    const instanceId = await transferAt('sourceBranch', 'Cỡ chữ mặc định lớn hơn');
    const page = await signedIn('Trần Thị Bình');
    await openCase(page, instanceId);
    const sizes = () =>
      page.evaluate(() => {
        const size = (selector: string) =>
          parseFloat(getComputedStyle(document.querySelector(selector)!).fontSize);
        return {
          heading: size('h1'),
          panel: size('.df-ApprovalPanel'),
          summary: size('.df-ApprovalPanel-summaryValue'),
          muted: size('.df-Timeline-when'),
          button: size('.df-ApprovalPanel-decision'),
        };
      });
    const normal = await sizes();
    expect(normal).toMatchObject({ panel: 16, summary: 16, muted: 14, button: 16 });
    await setDefaultFontSize(page, 24);
    await expect.poll(async () => (await sizes()).panel).toBe(24);
    const larger = await sizes();
    for (const [part, size] of Object.entries(larger))
      expect({ part, ratio: Math.round((size / normal[part as keyof typeof normal]) * 100) / 100 }).toEqual({
        part,
        ratio: 1.5,
      });
    expect(await horizontalOverflow(page)).toBe(0);
  });
});

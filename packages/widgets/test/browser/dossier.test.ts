import { demoPdf, demoPhoto } from '@doanflow/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, launchChromium, openPage, screenshot, serverUrl } from './harness.ts';

let browser: Browser;
let api: Api;

beforeAll(async () => {
  browser = await launchChromium();
  api = new Api(serverUrl());
});
afterAll(async () => browser?.close());

/** Đoàn xã Trà Đốc nominates Chi đoàn thôn 2 in a round whose dossiers close in a month. */
async function nomination(): Promise<string> {
  const deadline = new Date(Date.now() + 30 * 86_400_000);
  deadline.setUTCHours(10, 0, 0, 0);
  const form = {
    id: 'cd-kdc-xuat-sac',
    name: 'Chi đoàn khu dân cư xuất sắc tiêu biểu',
    nomineeKind: 'branch',
  };
  // v2: the round owns the deadline, the quota and the form; the nomination names them.
  const round = await api.start('p-yen', 'award-campaign', {
    awardingUnitId: 'dn',
    name: `Đợt thử ${Date.now()}-${Math.random().toString(16).slice(2, 8)}`,
    awardForms: [form],
    quotas: { tradoc: 2 },
    deadline: deadline.toISOString(),
  });
  const started = await api.start('p-hieu', 'award-nomination', {
    campaignId: round.id,
    nominatingUnitId: 'tradoc',
    awardFormId: form.id,
    nominee: { kind: 'branch', unitId: 'cd-thon2' },
  });
  return started.id;
}

const report = demoPdf({
  issuer: 'Đoàn xã Trà Đốc',
  title: 'Báo cáo thành tích năm 2025',
  // Large enough for the throttled upload to show its progress for a while.
  lines: Array.from({ length: 4000 }, (_, line) => `Dong ${line}: hoat dong cua chi doan thon 2`),
});

/** Drops a file on the drop zone as a person dragging it from their desktop would. */
async function dropFile(page: Page, zone: string, name: string, type: string, bytes: Buffer) {
  const transfer = await page.evaluateHandle(
    (file) => {
      const dropped = new DataTransfer();
      const content = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
      dropped.items.add(new File([content], file.name, { type: file.type }));
      return dropped;
    },
    { name, type, data: bytes.toString('base64') },
  );
  await page.locator(zone).dispatchEvent('drop', { dataTransfer: transfer });
}

describe('the dossier in the approval panel, in Chromium against the real server', () => {
  it('uploads by drag and drop with a progress bar, refuses a disguised page, sends the file with the decision and previews it', async () => {
    const id = await nomination();
    const watch = await openPage(browser);
    const { page } = watch;
    await page.goto(`${serverUrl()}/`);
    await page.getByRole('button', { name: 'Đăng nhập: Đặng Minh Hiếu' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.goto(`${serverUrl()}/#/ho-so/${id}`);
    const panel = page.locator('.df-ApprovalPanel[data-state="ready"]');
    await panel.locator('.df-Dossier[data-state="ready"]').waitFor();
    const kind = panel.getByLabel('Loại tài liệu');
    expect(await kind.locator('option').allTextContents()).toEqual([
      'Tờ trình đề nghị khen thưởng (còn thiếu)',
      'Biên bản họp xét đề nghị (còn thiếu)',
      'Danh sách đề nghị khen thưởng (còn thiếu)',
      'Báo cáo thành tích (còn thiếu)',
    ]);
    await kind.selectOption({ label: 'Báo cáo thành tích (còn thiếu)' });

    // A slow line: the bar must move before the file is in.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 64 * 1024,
    });
    await dropFile(page, '.df-Dossier-drop', 'Báo cáo thành tích 2025.pdf', 'application/pdf', report);
    const bar = panel.locator('.df-Dossier-upload[data-status="uploading"] progress');
    await bar.waitFor();
    await page.waitForFunction(
      () => {
        const progress = document.querySelector<HTMLProgressElement>('.df-Dossier-upload progress');
        return progress !== null && progress.value > 0 && progress.value < progress.max;
      },
      undefined,
      { timeout: 20_000 },
    );
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const row = panel.locator('.df-Dossier-item[data-pending="true"]', {
      hasText: 'Báo cáo thành tích 2025.pdf',
    });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('Chưa gửi — sẽ kèm theo: Bổ sung tài liệu');

    // An HTML page named like a PDF is refused, with the reason in Vietnamese, and nothing listed.
    await panel.locator('.df-Dossier-input').setInputFiles({
      name: 'bao-cao.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><script>alert(1)</script>'),
    });
    const refusal = panel.locator('.df-Dossier-upload[data-status="failed"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(
      'Không tải lên được bao-cao.pdf: Loại tệp không được chấp nhận.',
    );
    expect(await panel.locator('.df-Dossier-item', { hasText: 'bao-cao.pdf' }).count()).toBe(0);

    // The scan of the meeting record, as a photo, by the file picker.
    await kind.selectOption({ label: 'Biên bản họp xét đề nghị (còn thiếu)' });
    await panel
      .locator('.df-Dossier-input')
      .setInputFiles({ name: 'Biên bản họp BTV.png', mimeType: 'image/png', buffer: demoPhoto(4) });
    await panel
      .locator('.df-Dossier-item[data-pending="true"]', { hasText: 'Biên bản họp BTV.png' })
      .waitFor();
    await panel.locator('.df-Dossier').scrollIntoViewIfNeeded();
    await screenshot(page, 'dossier');

    // The secretary signs in their own name or "TM.": the panel asks which, then sends.
    await panel.locator('[data-event="ADD_DOCUMENT"]').click();
    await panel.getByRole('button', { name: 'Gửi quyết định: Bổ sung tài liệu' }).click();
    await panel.getByText(/^Đã ghi nhận quyết định “Bổ sung tài liệu”\./).waitFor();
    await panel
      .locator('.df-Dossier-item[data-pending="false"]', { hasText: 'Báo cáo thành tích 2025.pdf' })
      .waitFor();
    const history = await api.call<{ items: { type: string; attachments?: { name: string }[] }[] }>(
      'p-hieu',
      'GET',
      `/instances/${id}/history`,
    );
    expect(
      history.items
        .at(-1)
        ?.attachments?.map((file) => file.name)
        .sort(),
    ).toEqual(['Biên bản họp BTV.png', 'Báo cáo thành tích 2025.pdf']);

    // The timeline links both; the PDF opens in the page, the photo too (and is really drawn).
    const entry = page.locator('.df-Timeline-entry[data-type="ADD_DOCUMENT"]');
    await entry.getByRole('button', { name: 'Xem Báo cáo thành tích 2025.pdf' }).click();
    const frame = page.locator('iframe.df-Dossier-previewFrame');
    await frame.waitFor();
    expect(new URL((await frame.getAttribute('src'))!).protocol).toBe('blob:');
    // The frame holds a document of the type the server decided: Chromium opens it as a PDF.
    const inner = await (await frame.elementHandle())!.contentFrame();
    await page.waitForFunction(() => {
      const element = document.querySelector<HTMLIFrameElement>('iframe.df-Dossier-previewFrame');
      return element?.contentDocument?.readyState === 'complete';
    });
    expect(await inner!.evaluate(() => document.contentType)).toBe('application/pdf');
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();
    await entry.getByRole('button', { name: 'Xem Biên bản họp BTV.png' }).click();
    const image = page.locator('img.df-Dossier-previewImage');
    await image.waitFor();
    await page.waitForFunction(
      () => (document.querySelector<HTMLImageElement>('img.df-Dossier-previewImage')?.naturalWidth ?? 0) > 0,
    );
    await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();

    expect(watch.dialogs).toEqual([]);
    // The refused upload's 415 is the only error the console saw.
    expect(watch.errors.filter((error) => !error.includes('415'))).toEqual([]);
    await watch.close();
  });

  it('does the same inside the web component on a plain HTML page (shadow DOM, no framework)', async () => {
    const id = await nomination();
    const watch = await openPage(browser);
    const { page } = watch;
    await page.goto(`${serverUrl()}/embed/?person=p-hieu`);
    await page.locator('doanflow-inbox .df-Inbox[data-state="ready"]').waitFor();
    await page.evaluate(
      (instanceId) => document.getElementById('approval')!.setAttribute('instance-id', instanceId),
      id,
    );
    const dossier = page.locator('doanflow-approval .df-Dossier[data-state="ready"]');
    await dossier.waitFor();
    await dossier
      .getByLabel('Loại tài liệu')
      .selectOption({ label: 'Tờ trình đề nghị khen thưởng (còn thiếu)' });
    await dropFile(
      page,
      'doanflow-approval .df-Dossier-drop',
      'Tờ trình.pdf',
      'application/pdf',
      demoPdf({ issuer: 'Đoàn xã Trà Đốc', title: 'Tờ trình', lines: ['Kính gửi: Thành đoàn'] }),
    );
    await dossier.locator('.df-Dossier-item[data-pending="true"]', { hasText: 'Tờ trình.pdf' }).waitFor();
    const listed = await api.call<{ items: { name: string; seq: number | null }[] }>(
      'p-hieu',
      'GET',
      `/instances/${id}/dossier`,
    );
    expect(listed.items).toEqual([expect.objectContaining({ name: 'Tờ trình.pdf', seq: null })]);
    expect(watch.errors).toEqual([]);
    await watch.close();
  });
});

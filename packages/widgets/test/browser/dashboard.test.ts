import { readFile } from 'node:fs/promises';
import { demoPdf } from '@doanflow/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, horizontalOverflow } from './a11y.ts';
import { browserSuite, expectClean, screenshot, serverUrl, todayInVietnam } from './harness.ts';
import { tapSignIn } from './phone.ts';

/**
 * The city union's report in the demo portal (issue 14's "done when"): this year's branch ratings
 * and "1+2" days, as bars with their figures in words, downloaded as XLSX; usable on a phone.
 */
const suite = browserSuite();
const year = Number(todayInVietnam().slice(0, 4));

/**
 * The scene, set over the API as officers would: this year's reviews of thôn 2 (under way) and
 * thôn 5 (rated "tốt" by Trà Đốc's standing committee, meeting record attached), and cadre Quy's
 * "1+2" year opened by his head of department.
 */
beforeAll(async () => {
  const { api } = suite;
  await api.start('p-hieu', 'branch-review', { branchId: 'cd-thon2', year, baseId: 'tradoc' });
  const review = await api.start('p-hieu', 'branch-review', { branchId: 'cd-thon5', year, baseId: 'tradoc' });
  await api.send('p-cuong', review.id, {
    type: 'SAVE_DRAFT',
    payload: { proposedLevel: 'good', selfAssessment: 'Sinh hoạt đều đặn hằng tháng.' },
  });
  await api.send('p-cuong', review.id, { type: 'SUBMIT' });
  const form = new FormData();
  const record = demoPdf({
    issuer: 'Đoàn xã Trà Đốc',
    title: 'Biên bản họp Ban Thường vụ',
    lines: ['Xếp loại chi đoàn.'],
    place: 'Trà Đốc',
    signer: 'TM. BAN THƯỜNG VỤ',
  });
  form.append('file', new Blob([new Uint8Array(record)], { type: 'application/pdf' }), 'Biên bản họp.pdf');
  const uploaded = await fetch(`${serverUrl()}/instances/${review.id}/attachments?kind=meetingRecord`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token('p-hieu')}` },
    body: form,
  });
  if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
  const { revision } = await api.get('p-hieu', review.id);
  await api.call('p-hieu', 'POST', `/instances/${review.id}/events`, {
    type: 'DECIDE_LEVEL',
    payload: {
      level: 'good',
      meetingRecordNumber: `${year}-BB/ĐTN`,
      meetingDate: todayInVietnam(),
      appraisal: 'Ban Thường vụ thống nhất xếp loại.',
      decisionNumber: `${year}-QĐ/ĐTN`,
    },
    attachments: [((await uploaded.json()) as { id: string }).id],
    expectedRevision: revision,
  });
  await api.start('p-tuan', 'field-visit', { cadreId: 'p-quy', unitId: 'dn', year });
});

/** Each section's rows as the officer reads them: the row's name and its figure in words. */
const sectionRows = (page: import('playwright-core').Page, section: string) =>
  page
    .locator(`.df-Dashboard-section[data-section="${section}"] tr`)
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          `${row.querySelector('th')?.textContent} = ${row.querySelector('.df-Dashboard-words')?.textContent}`,
      ),
    );

describe('the dashboard', () => {
  it('shows the city’s ratings and "1+2" days for this year and exports them to XLSX', async () => {
    const watch = await suite.open();
    const { page } = watch;
    await page.goto(`${serverUrl()}/`);
    await page.getByRole('button', { name: 'Đăng nhập: Võ Thị Hồng Hà' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.getByRole('link', { name: 'Báo cáo' }).click();
    await page.locator('.df-Dashboard[data-state="ready"]').waitFor();
    await page.getByRole('heading', { name: 'Báo cáo Thành đoàn Đà Nẵng' }).waitFor();
    expect(await page.getByLabel('Năm báo cáo').inputValue()).toBe(String(year));

    const ratings = await sectionRows(page, 'ratings');
    expect(ratings).toHaveLength(5);
    expect(ratings[0]).toMatch(/^Hoàn thành xuất sắc nhiệm vụ = \d+$/);
    // This year's review of thôn 2 is under way; thôn 5 was rated "tốt".
    expect(ratings).toContain('Chưa xếp loại = 1');
    expect(ratings).toContain('Hoàn thành tốt nhiệm vụ = 1');
    const days = await sectionRows(page, 'fieldDays');
    expect(days).toContain('Nguyễn Văn Quy = 0/60 ngày');
    // The bars are drawn but hidden from assistive technology: the table says the figures.
    expect(await page.locator('.df-Dashboard-bar[aria-hidden="true"]').count()).toBeGreaterThan(5);
    expect(await page.locator('.df-Dashboard-section').count()).toBe(6);

    // Another year has its own figures (none were rated last year in this scene).
    await page.getByLabel('Năm báo cáo').selectOption(String(year - 1));
    await page.locator('.df-Dashboard[data-state="ready"]').waitFor();
    expect(await sectionRows(page, 'ratings')).toContain('Hoàn thành tốt nhiệm vụ = 0');
    await page.getByLabel('Năm báo cáo').selectOption(String(year));
    await page.locator('.df-Dashboard[data-state="ready"]').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải Excel (XLSX)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`bao-cao-dn-${year}.xlsx`);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from('xl/worksheets/sheet6.xml'))).toBe(true);

    expect(await axeViolations(page, 'dashboard')).toEqual([]);
    await expectClean(watch);
  });

  it('fits a 390 px phone: no sideways scrolling, downloads in reach', async () => {
    const watch = await suite.openPhone();
    const { page } = watch;
    await tapSignIn(page, 'Võ Thị Hồng Hà');
    await page.getByRole('link', { name: 'Báo cáo' }).tap();
    await page.locator('.df-Dashboard[data-state="ready"]').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await page.getByRole('button', { name: 'Tải CSV' }).waitFor();
    await screenshot(page, 'dashboard-phone');
    expect(await axeViolations(page, 'dashboard-phone')).toEqual([]);
    await expectClean(watch);
  });
});

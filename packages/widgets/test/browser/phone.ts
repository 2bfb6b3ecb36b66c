import type { Page } from 'playwright-core';
import { serverUrl } from './harness.ts';

/** Signs in on the demo portal's first screen by tapping the officer's button. */
export async function tapSignIn(page: Page, name: string): Promise<void> {
  await page.goto(`${serverUrl()}/`);
  await page.getByRole('button', { name: `Đăng nhập: ${name}` }).tap();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** Controls smaller than WCAG 2.2's 24×24 px target (2.5.8), with their names and sizes. */
export async function smallTargets(page: Page, within: string, minimum = 24): Promise<string[]> {
  return page.evaluate(
    ({ scope, least }) => {
      const found: string[] = [];
      const visit = (root: Document | ShadowRoot) => {
        for (const element of root.querySelectorAll<HTMLElement>(
          `${scope} button, ${scope} a[href], ${scope} input, ${scope} select, ${scope} summary, ${scope} [role="button"]`,
        )) {
          const box = element.getBoundingClientRect();
          if (box.width === 0 && box.height === 0) continue; // not shown
          const input = element as HTMLInputElement;
          // A checkbox or radio inside its label counts with the label (the label is the target).
          const target =
            ['checkbox', 'radio'].includes(input.type) && element.closest('label')
              ? element.closest('label')!.getBoundingClientRect()
              : box;
          if (target.width < least || target.height < least)
            found.push(
              `${element.tagName.toLowerCase()} "${(element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 40)}" ${Math.round(target.width)}×${Math.round(target.height)}`,
            );
        }
        for (const host of root.querySelectorAll('*')) if (host.shadowRoot) visit(host.shadowRoot);
      };
      visit(document);
      return found;
    },
    { scope: within, least: minimum },
  );
}

/**
 * The page's network switched off and on as a phone loses signal, through Chrome DevTools'
 * network emulation: navigator.onLine follows and the page gets its `offline` / `online` events.
 */
export async function networkOf(page: Page): Promise<{ offline(): Promise<void>; online(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const emulate = async (offline: boolean) => {
    await cdp.send('Network.emulateNetworkConditions', {
      offline,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  };
  return { offline: () => emulate(true), online: () => emulate(false) };
}

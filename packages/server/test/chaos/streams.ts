import { bearer } from '../e2e/support.ts';
import type { ServerProcess } from './processes.ts';

/** Reads a Server-Sent Events body until `until` holds or `timeoutMs` passes. */
export async function streamShows(
  server: ServerProcess,
  personId: string,
  until: (text: string) => boolean,
  act: () => Promise<unknown>,
  timeoutMs = 10_000,
) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let text = '';
  try {
    const response = await fetch(`${server.url}/events`, {
      headers: await bearer(personId),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    await act();
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      text += decoder.decode(value, { stream: true });
    }
    return true;
  } catch (error) {
    // Why it did not show (the act failed, the stream broke, the wait ran out) is what a red run needs.
    const seen = JSON.stringify(text.slice(-300));
    console.error(`stream of ${personId} on ${server.url}: ${(error as Error).message}; it showed ${seen}`);
    return false;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/**
 * Waits until a server's link to the other processes' changes (its LISTEN connection) was lost and
 * is back, as its metrics tell; throws when it is not within `timeoutMs`.
 */
export async function changeLinkRestored(server: ServerProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  let scrape = '';
  while (Date.now() - started < timeoutMs) {
    scrape = await fetch(`${server.url}/metrics`).then(
      (response) => response.text(),
      () => '',
    );
    const restores = Number(/^doanflow_change_link_restores_total (\d+)$/m.exec(scrape)?.[1] ?? 0);
    if (restores > 0 && /^doanflow_change_link_up 1$/m.test(scrape)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const link = scrape.split('\n').filter((line) => line.startsWith('doanflow_change_link'));
  throw new Error(`${server.url}: the change link is not back after ${timeoutMs} ms (${link.join('; ')})`);
}

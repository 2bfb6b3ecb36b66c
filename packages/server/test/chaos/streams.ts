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
  try {
    const response = await fetch(`${server.url}/events`, {
      headers: await bearer(personId),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    await act();
    let text = '';
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return until(text);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

// A render thread: one Typst compiler with its fonts, rendering one document at a time for the pool
// (render-pool.ts), so the server's event loop never waits on Typst.
import { parentPort } from 'node:worker_threads';
import { DocumentRenderer, type PrintedDocument } from './render.ts';

const renderer = new DocumentRenderer();

const pool = parentPort!;
// The answers go to the pool's thread (a MessagePort: no origin to name, as a window would have).
const answer = (message: { id: number; pdf?: Uint8Array; error?: string }) =>
  // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a MessagePort, not a window
  pool.postMessage(message);

pool.on('message', async ({ id, document }: { id: number; document: PrintedDocument }) => {
  try {
    answer({ id, pdf: await renderer.render(document) });
  } catch (error) {
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

// A render thread: one Typst compiler with its fonts, rendering one document at a time for the pool
// (render-pool.ts), so the server's event loop never waits on Typst.
import { parentPort } from 'node:worker_threads';
import { DocumentRenderer, type PrintedDocument } from './render.ts';

const renderer = new DocumentRenderer();

parentPort!.on('message', async ({ id, document }: { id: number; document: PrintedDocument }) => {
  try {
    const pdf = await renderer.render(document);
    parentPort!.postMessage({ id, pdf });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});

// A render process: one Typst compiler with its fonts, rendering one document at a time for the
// pool (render-pool.ts), so the server's event loop never waits on Typst and Typst's memory and
// crashes stay out of the server.
import { DocumentRenderer, type PrintedDocument } from './render.ts';

const renderer = new DocumentRenderer();

const answer = (message: { id: number; pdf?: Uint8Array; error?: string }) => process.send!(message);

process.on('message', async ({ id, document }: { id: number; document: PrintedDocument }) => {
  try {
    answer({ id, pdf: await renderer.render(document) });
  } catch (error) {
    answer({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
// The server gone (or done with it): nothing left to render for.
process.on('disconnect', () => process.exit(0));

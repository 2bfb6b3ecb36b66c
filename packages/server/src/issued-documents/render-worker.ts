// A render process: one Typst compiler with its fonts, rendering one document at a time for the
// pool (render-pool.ts), so the server's event loop never waits on Typst and Typst's memory and
// crashes stay out of the server. It loads Typst's side only (typst-compiler.ts), not the engine.
import { TypstCompiler, type DocumentData } from './typst-compiler.ts';

const compiler = new TypstCompiler();

const answer = (message: { id: number; pdf?: Uint8Array; error?: string }) => process.send!(message);

/** The server may send the next document before this one is done: they render in the order sent. */
let rendering = Promise.resolve();

process.on('message', ({ id, data }: { id: number; data: DocumentData }) => {
  rendering = rendering.then(async () => {
    try {
      answer({ id, pdf: await compiler.compile(data) });
    } catch (error) {
      answer({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
// The server gone (or done with it): nothing left to render for.
process.on('disconnect', () => process.exit(0));

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DocumentRenderer, PrintedDocument } from './render.ts';

/** What the issuer needs of a renderer: a document in, its PDF's bytes out. */
export type Renderer = Pick<DocumentRenderer, 'render'>;

interface Job {
  id: number;
  document: PrintedDocument;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/** MB of a render thread's young generation (V8's default for a worker here: 32, all of it resident). */
const RENDER_THREAD_YOUNG_MB = 4;

/** Render threads by default: one core left to the event loop, at most two threads. */
const defaultRenderThreads = () => Math.max(1, Math.min(2, availableParallelism() - 1));

// The worker runs from source (Node's type stripping) or from dist, like this file.
const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './render-worker.ts' : './render-worker.js',
  import.meta.url,
);

/**
 * Renders documents in worker threads, so Typst's milliseconds of CPU per document never hold the
 * event loop: other requests, and other registers' signing steps, go on meanwhile. Threads start
 * on the first document and stay (each holds a compiler with its fonts). A thread that crashes or
 * takes longer than `timeoutMs` is replaced and its document's render fails, which rolls the
 * signing step back and gives its number back to the register.
 */
export class RenderPool implements Renderer {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(options: { threads?: number; timeoutMs?: number } = {}) {
    this.size = Math.max(1, options.threads ?? defaultRenderThreads());
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  render(document: PrintedDocument): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, document, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; documents still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the render pool closed'));
    await Promise.all([...this.threads].map((thread) => this.stop(thread, 'the render pool closed')));
  }

  private dispatch() {
    while (this.queue.length > 0) {
      let thread = this.threads.find((each) => each.job === null);
      if (!thread && this.threads.length < this.size) thread = this.spawn();
      if (!thread) return;
      const job = this.queue.shift()!;
      thread.job = job;
      thread.timer = setTimeout(
        () => void this.stop(thread, `rendering took longer than ${this.timeoutMs} ms`),
        this.timeoutMs,
      );
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a worker thread, not a window
      thread.worker.postMessage({ id: job.id, document: job.document });
    }
  }

  private spawn(): Thread {
    // A small young generation: a render allocates little JS (Typst's memory is native), and V8's
    // default would keep 32 MB resident in every thread (issue 15, memory).
    const worker = new Worker(workerFile, {
      resourceLimits: { maxYoungGenerationSizeMb: RENDER_THREAD_YOUNG_MB },
    });
    // An idle pool never keeps the process alive; a render in flight is awaited by its caller.
    worker.unref();
    const thread: Thread = { worker, job: null, timer: null };
    worker.on('message', (answer: { id: number; pdf?: Uint8Array; error?: string }) => {
      const job = thread.job;
      if (!job || job.id !== answer.id) return;
      this.settle(thread);
      if (answer.pdf)
        job.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
      else job.reject(new Error(answer.error ?? 'rendering failed'));
      this.dispatch();
    });
    worker.on('error', (error) => void this.stop(thread, `the render thread failed: ${error.message}`));
    worker.on('exit', (code) => void this.stop(thread, `the render thread exited (code ${code})`));
    this.threads.push(thread);
    return thread;
  }

  private settle(thread: Thread) {
    if (thread.timer) clearTimeout(thread.timer);
    thread.timer = null;
    thread.job = null;
  }

  /** Retires a thread: its document (if any) fails, and the queue goes on in a new thread. */
  private async stop(thread: Thread, reason: string) {
    const index = this.threads.indexOf(thread);
    if (index === -1) return;
    this.threads.splice(index, 1);
    const job = thread.job;
    this.settle(thread);
    job?.reject(new Error(reason));
    await thread.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}

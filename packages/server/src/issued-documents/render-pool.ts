import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { documentData, type PrintedDocument } from './document-data.ts';
import type { DocumentRenderer } from './render.ts';
import type { DocumentData } from './typst-compiler.ts';

/** What the issuer needs of a renderer: a document in, its PDF's bytes out. */
export type Renderer = Pick<DocumentRenderer, 'render'>;

interface Job {
  id: number;
  data: DocumentData;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface RenderProcess {
  child: ChildProcess;
  /** Sent to it and not yet answered, in the order sent: it renders them in that order. */
  jobs: Job[];
  /** The first job's deadline while it has jobs; the idle exit's while it has none. */
  timer: NodeJS.Timeout | null;
  exited: Promise<void>;
}

/** Render processes by default: one core left to the event loop, at most two processes. */
const defaultRenderProcesses = () => Math.max(1, Math.min(2, availableParallelism() - 1));

/**
 * Documents sent to a render process before it answers the first: the next one is there when a
 * render ends, not one trip through the server's event loop later. With the loop busy (decisions at
 * 16 clients and more) that trip took longer than the render itself (issue 15, bench/RESULTS.md).
 */
const PIPELINE = 2;

/**
 * V8 flags of a render process: a render allocates little JS (Typst's memory is native), and V8's
 * default young generation (up to 2 × 64 MB here) would stay resident in it (issue 15, memory).
 */
const RENDER_PROCESS_FLAGS = ['--max-semi-space-size=1'];

// The render process runs from source (Node's type stripping) or from dist, like this file.
const workerFile = new URL(
  import.meta.url.endsWith('.ts') ? './render-worker.ts' : './render-worker.js',
  import.meta.url,
);

/** The server's own Node flags, less the inspector's (its port is the server's) and the heap sizes. */
const inheritedFlags = () =>
  process.execArgv.filter(
    (flag) => !/^--(inspect|debug|cpu-prof|heap-prof|max-semi-space-size|max-old-space-size)/.test(flag),
  );

/**
 * Renders documents in child processes, so Typst's milliseconds of CPU per document never hold the
 * event loop, a native crash in Typst never takes the server down, and Typst's memory (its fonts,
 * layout caches and malloc arena: ~100 MiB once warm) leaves with the process: a render process
 * exits after `idleMs` without a document and starts again (~0.3 s) on the next one. A process
 * that crashes or takes longer than `timeoutMs` is killed and replaced and its document's render
 * fails, which rolls the signing step back and gives its number back to the register.
 */
export class RenderPool implements Renderer {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  private readonly renderers: RenderProcess[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(options: { processes?: number; timeoutMs?: number; idleMs?: number } = {}) {
    this.size = Math.max(1, options.processes ?? defaultRenderProcesses());
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.idleMs = options.idleMs ?? 45_000;
  }

  render(document: PrintedDocument): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    return new Promise((resolve, reject) => {
      // Formatted here (microseconds): the render process then needs nothing of the engine.
      this.queue.push({ id: this.nextId++, data: documentData(document), resolve, reject });
      this.dispatch();
    });
  }

  /** The render processes' ids (for memory readings: their RSS is the server's too). */
  processIds(): number[] {
    return this.renderers.flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** Stops every render process; documents still queued fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the render pool closed'));
    await Promise.all([...this.renderers].map((each) => this.stop(each, 'the render pool closed')));
  }

  private dispatch() {
    while (this.queue.length > 0) {
      const renderer = this.available();
      if (!renderer) return;
      const job = this.queue.shift()!;
      renderer.jobs.push(job);
      if (renderer.jobs.length === 1) this.startDeadline(renderer);
      renderer.child.send({ id: job.id, data: job.data });
    }
  }

  /** An idle process, else a new one while the pool may grow, else the least loaded with room. */
  private available(): RenderProcess | undefined {
    const idle = this.renderers.find((each) => each.jobs.length === 0);
    if (idle) return idle;
    if (this.renderers.length < this.size) return this.spawn();
    let least: RenderProcess | undefined;
    for (const each of this.renderers)
      if (each.jobs.length < PIPELINE && (!least || each.jobs.length < least.jobs.length)) least = each;
    return least;
  }

  /** The deadline of the job a process renders now (the first it has not answered). */
  private startDeadline(renderer: RenderProcess) {
    clearTimer(renderer); // its idle exit, or the job before
    renderer.timer = setTimeout(
      () => void this.stop(renderer, `rendering took longer than ${this.timeoutMs} ms`),
      this.timeoutMs,
    );
  }

  private spawn(): RenderProcess {
    const child = fork(workerFile, [], {
      execArgv: [...inheritedFlags(), ...RENDER_PROCESS_FLAGS],
      // Bytes cross as bytes (the structured clone), not as JSON arrays of numbers.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // An idle pool never keeps the server alive; a render in flight is awaited by its caller.
    child.unref();
    child.channel?.unref();
    const renderer: RenderProcess = {
      child,
      jobs: [],
      timer: null,
      exited: new Promise((resolve) => {
        child.once('exit', () => resolve());
        // A process that could not be started never exits.
        child.once('error', () => child.pid === undefined && resolve());
      }),
    };
    child.on('message', (answer: { id: number; pdf?: Uint8Array; error?: string }) => {
      const job = renderer.jobs[0];
      if (!job || job.id !== answer.id) return;
      renderer.jobs.shift();
      if (renderer.jobs.length > 0) this.startDeadline(renderer);
      else clearTimer(renderer);
      if (answer.pdf)
        job.resolve(Buffer.from(answer.pdf.buffer, answer.pdf.byteOffset, answer.pdf.byteLength));
      else job.reject(new Error(answer.error ?? 'rendering failed'));
      this.dispatch();
      if (renderer.jobs.length === 0) {
        // Nothing more for it: it exits after idleMs, and Typst's memory with it.
        renderer.timer = setTimeout(() => void this.stop(renderer, 'idle'), this.idleMs);
        renderer.timer.unref();
      }
    });
    child.on('error', (error) => void this.stop(renderer, `the render process failed: ${error.message}`));
    child.on(
      'exit',
      (code, signal) => void this.stop(renderer, `the render process exited (${signal ?? `code ${code}`})`),
    );
    this.renderers.push(renderer);
    return renderer;
  }

  /**
   * Retires a render process: the document it was rendering (the first it had) fails, those sent
   * behind it go back to the head of the queue, and the queue goes on in a new process.
   */
  private async stop(renderer: RenderProcess, reason: string) {
    const index = this.renderers.indexOf(renderer);
    if (index === -1) return;
    this.renderers.splice(index, 1);
    clearTimer(renderer);
    const [current, ...behind] = renderer.jobs.splice(0);
    current?.reject(new Error(reason));
    if (this.closed) for (const job of behind) job.reject(new Error(reason));
    else this.queue.unshift(...behind);
    const { child } = renderer;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await renderer.exited;
    if (!this.closed) this.dispatch();
  }
}

function clearTimer(renderer: RenderProcess) {
  if (renderer.timer) clearTimeout(renderer.timer);
  renderer.timer = null;
}

import type { RecordedRequest } from './fake-server.ts';

const encoder = new TextEncoder();

/**
 * GET /events as a test drives it: each connection is one of these, answering with a live
 * `text/event-stream` body the test writes to (`ready`, `change`, …), ends or breaks.
 */
export class FakeEventStream {
  static connections: FakeEventStream[] = [];
  static latest = () => FakeEventStream.connections[FakeEventStream.connections.length - 1];
  /** The fake server's route: every request opens a new connection. */
  static route = (request: RecordedRequest) => ({ response: new FakeEventStream(request).response });

  readonly request: RecordedRequest;
  readonly response: Response;
  closed = false;
  private controller!: ReadableStreamDefaultController<Uint8Array>;

  constructor(request: RecordedRequest) {
    this.request = request;
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => void (this.controller = controller),
      cancel: () => void (this.closed = true),
    });
    this.response = new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    // The client hung up (fetch aborted).
    request.signal?.addEventListener('abort', () => {
      if (this.closed) return;
      this.closed = true;
      this.controller.error(new DOMException('aborted', 'AbortError'));
    });
    FakeEventStream.connections.push(this);
  }

  send(type: string, data: unknown, id?: string): void {
    const text = `${id ? `id: ${id}\n` : ''}event: ${type}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
    this.controller.enqueue(encoder.encode(text));
  }

  ready(id = 'e-0'): void {
    this.send('ready', { expiresAt: null }, id);
  }

  /** The server ended the stream (shutdown, token expiry after `expired`). */
  end(): void {
    this.closed = true;
    this.controller.close();
  }

  /** The connection dropped. */
  fail(): void {
    this.closed = true;
    this.controller.error(new TypeError('network error'));
  }
}

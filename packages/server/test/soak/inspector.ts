/**
 * The server child's V8 inspector (started with --inspect on a loopback port): a full garbage
 * collection on demand, so the heap the soak samples is what is retained, not what awaits GC.
 */
export class Inspector {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private readonly port: number;

  constructor(port: number) {
    this.port = port;
  }

  async connect(): Promise<void> {
    const targets = (await (await fetch(`http://127.0.0.1:${this.port}/json/list`)).json()) as {
      webSocketDebuggerUrl: string;
    }[];
    const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('inspector connection failed')), {
        once: true,
      });
    });
    // The server went away (crashed, killed): whatever waits is told at once.
    socket.addEventListener('close', () => {
      for (const settle of this.pending.values()) settle(new Error('the inspector connection closed'));
      this.pending.clear();
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
      if (message.id !== undefined) this.pending.delete(message.id);
    });
    this.socket = socket;
  }

  private call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // Generous: a full GC on a loaded shared machine once went past a minute.
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in 3 min`)), 180_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        if (result instanceof Error) reject(result);
        else resolve(result);
      });
      this.socket!.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Two full collections (the second frees what finalizers of the first released). */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
  }

  close(): void {
    this.socket?.close();
  }
}

import { createConnection, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket | null;
  /** Bytes held while stalled, per direction. */
  held: { toUpstream: Buffer[]; toClient: Buffer[] };
}

/**
 * A loopback TCP proxy of the test's own, in front of PostgreSQL or Redis: the address a server is
 * given, as HAProxy, a pooler or a managed service's endpoint would be. The test re-points it at
 * another port (a promoted standby) and stalls it: while stalled no byte moves either way and new
 * connections get no answer, as when packets are dropped; on resume the held bytes go through, as
 * TCP's retransmissions deliver them when a network heals.
 */
export class TcpProxy {
  readonly port: number;
  private targetPort: number;
  private readonly server: Server;
  private readonly pairs = new Set<Pair>();
  private readonly closedWhileStalled = new Set<Pair>();
  private stalled = false;
  /** Connections accepted in all, and the most open at once. */
  readonly stats = { accepted: 0, mostOpen: 0 };

  private constructor(server: Server, port: number, targetPort: number) {
    this.server = server;
    this.port = port;
    this.targetPort = targetPort;
  }

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => proxy!.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    proxy = new TcpProxy(server, (server.address() as { port: number }).port, targetPort);
    return proxy;
  }

  /** Connections open on the client's side (those it closed during a stall are not counted). */
  get open(): number {
    return this.pairs.size - this.closedWhileStalled.size;
  }

  /** New connections go to `port` from now on; open ones stay where they are (as a DNS change). */
  retarget(port: number): void {
    this.targetPort = port;
  }

  stall(): void {
    this.stalled = true;
    for (const pair of this.pairs) {
      pair.client.pause();
      pair.upstream?.pause();
    }
  }

  resume(): void {
    this.stalled = false;
    for (const pair of this.closedWhileStalled) this.drop(pair);
    this.closedWhileStalled.clear();
    for (const pair of this.pairs) {
      if (!pair.upstream) this.connect(pair);
      this.flush(pair);
      pair.client.resume();
      pair.upstream?.resume();
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.drop(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, upstream: null, held: { toUpstream: [], toClient: [] } };
    this.pairs.add(pair);
    this.stats.accepted += 1;
    this.stats.mostOpen = Math.max(this.stats.mostOpen, this.pairs.size);
    client.on('data', (chunk: Buffer) => {
      if (this.stalled || !pair.upstream) {
        pair.held.toUpstream.push(chunk);
        if (this.stalled) client.pause();
      } else pair.upstream.write(chunk);
    });
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    if (this.stalled) client.pause();
    else this.connect(pair);
  }

  private connect(pair: Pair): void {
    const upstream = createConnection({ host: '127.0.0.1', port: this.targetPort });
    pair.upstream = upstream;
    upstream.on('connect', () => this.flush(pair));
    upstream.on('data', (chunk: Buffer) => {
      if (this.stalled) {
        pair.held.toClient.push(chunk);
        upstream.pause();
      } else pair.client.write(chunk);
    });
    upstream.on('error', () => this.drop(pair));
    upstream.on('close', () => this.drop(pair));
  }

  private flush(pair: Pair): void {
    if (this.stalled || !pair.upstream || pair.upstream.connecting) return;
    for (const chunk of pair.held.toUpstream.splice(0)) pair.upstream.write(chunk);
    for (const chunk of pair.held.toClient.splice(0)) pair.client.write(chunk);
  }

  /** While stalled the other side learns of a close only when the network heals (at resume). */
  private drop(pair: Pair): void {
    if (!this.pairs.has(pair)) return;
    if (this.stalled) {
      pair.client.destroy();
      this.closedWhileStalled.add(pair);
      return;
    }
    this.pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}

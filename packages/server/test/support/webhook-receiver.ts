import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a receiver does with a delivery: answer a status, or hang (never answer). */
export type ReceiverBehaviour = (delivery: ReceivedDelivery) => number | 'hang';

/**
 * A portal's webhook endpoint on loopback. Its behaviour can change while it runs (a receiver
 * that recovers); `ids` are the message ids it answered with a 2xx.
 */
export class WebhookReceiver {
  behaviour: ReceiverBehaviour;
  readonly received: ReceivedDelivery[] = [];
  readonly accepted = new Set<string>();
  url = '';
  private readonly hanging = new Set<ServerResponse>();
  private readonly server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const delivery = { id: String(request.headers['x-doanflow-delivery']), headers: request.headers, body };
      this.received.push(delivery);
      const answer = this.behaviour(delivery);
      if (answer === 'hang') {
        this.hanging.add(response);
        response.on('close', () => this.hanging.delete(response));
        return;
      }
      if (answer >= 200 && answer < 300) this.accepted.add(delivery.id);
      response.statusCode = answer;
      response.end();
    });
  });

  constructor(behaviour: ReceiverBehaviour = () => 204) {
    this.behaviour = behaviour;
  }

  static async start(behaviour?: ReceiverBehaviour): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(behaviour);
    await new Promise<void>((done) => receiver.server.listen(0, '127.0.0.1', done));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/doanflow`;
    return receiver;
  }

  /** Requests it holds without an answer right now. */
  get hangingCount(): number {
    return this.hanging.size;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

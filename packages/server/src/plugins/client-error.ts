import type { Socket } from 'node:net';

/**
 * What Node's HTTP parser refuses before Fastify sees a request (headers over 16 KiB: 431, a
 * malformed request line: 400) leaves in the one error shape, with the security headers and, for a
 * listed portal origin, CORS, so the portal can read why. The parser never produced the request's
 * headers: the origin is read from the bytes it had received.
 */

/** The headers helmet sets on every answer that matter for a JSON error. */
const securityHeaders: Record<string, string> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-site',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'no-referrer',
};

const reasons: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large' };

function originOf(raw: unknown, origins: ReadonlySet<string>): string | null {
  // Node hands over a Buffer (Fastify's types describe its JSON form).
  if (!Buffer.isBuffer(raw)) return null;
  const match = /\r\norigin:[ \t]*([^\r\n]*)/i.exec(raw.toString('latin1'));
  const origin = match?.[1]?.trim();
  return origin && origins.has(origin) ? origin : null;
}

export function clientErrorHandler(origins: ReadonlySet<string>) {
  return (error: Error & { code: string; rawPacket?: unknown }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      code: tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST',
      message: tooLarge ? 'the request headers are too large' : 'the request is not valid HTTP',
      details: { reason: error.code },
    });
    const origin = originOf(error.rawPacket, origins);
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
      vary: 'Origin',
      ...securityHeaders,
      ...(origin ? { 'access-control-allow-origin': origin } : {}),
    };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    socket.end(`HTTP/1.1 ${status} ${reasons[status]}\r\n${head}\r\n\r\n${body}`);
  };
}

/** One Server-Sent Event, as the EventSource specification dispatches it. */
export interface SseMessage {
  type: string;
  data: string;
  /** The stream's last event id after this message (ids carry over until replaced). */
  lastEventId: string;
}

/**
 * Reads a `text/event-stream` body and calls `onMessage` for each event with data, following the
 * specification's line rules (CR, LF or CRLF; `:` comments; `event`, `data`, `id` fields). Resolves
 * when the stream ends; rejects when reading fails (a dropped connection, an abort).
 */
export async function readSse(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
  lastEventId = '',
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let type = '';
  let data: string[] = [];
  let id = lastEventId;
  const dispatch = () => {
    if (data.length > 0) onMessage({ type: type || 'message', data: data.join('\n'), lastEventId: id });
    type = '';
    data = [];
  };
  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + (text[colon + 1] === ' ' ? 2 : 1));
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\u0000')) id = value;
  };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: RegExpExecArray | null;
      const eol = /\r\n|\r|\n/g;
      let start = 0;
      // A lone CR at the end may be the first half of CRLF: keep it for the next chunk.
      while ((end = eol.exec(buffer)) && !(end[0] === '\r' && end.index === buffer.length - 1)) {
        line(buffer.slice(start, end.index));
        start = end.index + end[0].length;
      }
      buffer = buffer.slice(start);
    }
  } finally {
    reader.releaseLock();
  }
}

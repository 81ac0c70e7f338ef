/**
 * Server-Sent Events read from a fetch response body, parsed as EventSource does — for streams that
 * EventSource cannot open (POST requests such as a Live Chat turn).
 */
export interface ParsedSseEvent {
  id: string | undefined;
  /** "message" when the event has no name. */
  event: string;
  data: string;
}

export class SseParser {
  private buffer = '';

  /** Feeds decoded text; returns the events it completed. Comments (heartbeats) are skipped. */
  push(text: string): ParsedSseEvent[] {
    let received = this.buffer + text;
    // A CR at the end may be the first half of a CRLF split across chunks: keep it for the next one.
    const trailingCr = received.endsWith('\r');
    if (trailingCr) received = received.slice(0, -1);
    this.buffer = received.replace(/\r\n?/g, '\n');
    const events: ParsedSseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') id = value;
        else if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) events.push({ id, event, data: data.join('\n') });
    }
    if (trailingCr) this.buffer += '\r';
    return events;
  }
}

/** Every event of a streamed body, in order, until it ends (or the request is aborted, which throws). */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ParsedSseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    reader.releaseLock();
  }
}

/** A test-side SSE consumer: reads a streamed Response and parses it the way EventSource does. */
export interface ReceivedSseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseReader {
  readonly events: ReceivedSseEvent[];
  /** Id of the last event that carried one, as EventSource's `lastEventId`. */
  readonly lastId: string | undefined;
  readonly ended: boolean;
  /** Reads until `condition` holds for the events so far, or the body ends; fails after `timeoutMs`. */
  until(condition: (events: ReceivedSseEvent[]) => boolean, timeoutMs?: number): Promise<ReceivedSseEvent[]>;
  cancel(): Promise<void>;
}

export function readSse(response: Response): SseReader {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: ReceivedSseEvent[] = [];
  let buffer = '';
  let lastId: string | undefined;
  let ended = false;

  const parseBlocks = () => {
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
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
      if (id !== undefined) lastId = id;
      if (data.length) events.push({ id, event, data: data.join('\n') });
    }
  };

  return {
    events,
    get lastId() {
      return lastId;
    },
    get ended() {
      return ended;
    },
    async until(condition, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!condition(events) && !ended) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`SSE condition not met within ${timeoutMs} ms (${events.length} events)`)), deadline - Date.now());
        });
        const chunk = await Promise.race([reader.read(), timeout]).finally(() => clearTimeout(timer));
        if (chunk.done) ended = true;
        else {
          buffer += decoder.decode(chunk.value, { stream: true });
          parseBlocks();
        }
      }
      return events;
    },
    cancel: () => reader.cancel(),
  };
}

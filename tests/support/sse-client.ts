/** A test-side SSE consumer: reads a streamed Response and parses it the way EventSource does. */
import { type ParsedSseEvent, SseParser } from '@/lib/realtime/client/sse-parser';

export type ReceivedSseEvent = ParsedSseEvent;

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
  let lastId: string | undefined;
  let ended = false;

  const parser = new SseParser();
  const parse = (text: string) => {
    for (const event of parser.push(text)) {
      if (event.id !== undefined) lastId = event.id;
      events.push(event);
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
        else parse(decoder.decode(chunk.value, { stream: true }));
      }
      return events;
    },
    cancel: () => reader.cancel(),
  };
}

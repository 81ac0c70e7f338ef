/**
 * Server-Sent Events for route handlers: one place that knows the wire format, the headers that keep
 * proxies from buffering or transforming the stream, heartbeats, and when to release resources.
 */

export interface SseMessage {
  /** Becomes the client's Last-Event-ID; streams use the row sequence. */
  id?: string | number | bigint;
  /** Named event (`addEventListener(event, …)`); omitted → "message". */
  event?: string;
  /** Strings are sent as-is (split into one `data:` line per line); anything else as JSON. */
  data: unknown;
}

export interface SseStream {
  send(message: SseMessage): void;
  /** Sends a message made by `encodeSseMessage`: one encoding serves every stream that sends it. */
  sendEncoded(chunk: Uint8Array): void;
  comment(text: string): void;
  /** Ends the response; cleanup runs. Further sends are ignored. */
  close(): void;
  readonly closed: boolean;
  /** Aborted when the stream ends for any reason, for work that should stop with it. */
  readonly signal: AbortSignal;
}

export type SseCleanup = () => void | Promise<void>;

export interface SseOptions {
  /** Comment sent this often so proxies and browsers keep an idle connection open. */
  heartbeatMs?: number;
  headers?: HeadersInit;
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/event-stream',
  // no-transform: compressing proxies would otherwise buffer the stream.
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // nginx buffers proxied responses unless told not to.
  'X-Accel-Buffering': 'no',
};

const LINE_BREAK = /\r\n|\r|\n/;

/** The comment every stream opens with. */
const OPENING_COMMENT = 'connected';

/** One encoder for every stream: an instance per response would be heap kept per open stream. */
const encoder = new TextEncoder();

/** Encodes one event exactly as it goes on the wire. */
export function formatSseMessage(message: SseMessage): string {
  let out = '';
  if (message.id !== undefined) out += `id: ${singleLine('id', String(message.id))}\n`;
  if (message.event !== undefined) out += `event: ${singleLine('event', message.event)}\n`;
  const data = typeof message.data === 'string' ? message.data : JSON.stringify(message.data);
  if (data === undefined) throw new TypeError('SSE data is not JSON-serialisable');
  for (const line of data.split(LINE_BREAK)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** The wire bytes of one event, for sending the same event on many streams. */
export function encodeSseMessage(message: SseMessage): Uint8Array {
  return encoder.encode(formatSseMessage(message));
}

/** A line break in `id`/`event` would inject fields into the stream; NUL makes browsers drop the id. */
function singleLine(field: string, value: string): string {
  if (LINE_BREAK.test(value) || value.includes('\0')) throw new TypeError(`SSE ${field} must be a single line`);
  return value;
}

function formatComment(text: string): string {
  return `${text
    .split(LINE_BREAK)
    .map((line) => `: ${line}\n`)
    .join('')}\n`;
}

/**
 * Starts an SSE response. `run` sets the stream up (subscribe, catch up, …) and returns the cleanup
 * that undoes it. Cleanup runs exactly once — when the client goes away (request aborted or body
 * cancelled), on `stream.close()`, or when `run` fails — and also when the end comes before `run`
 * has finished setting up.
 */
export function sseResponse(
  request: Request,
  run: (stream: SseStream) => SseCleanup | void | Promise<SseCleanup | void>,
  options: SseOptions = {},
): Response {
  const ended = new AbortController();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let cleanup: SseCleanup | undefined;
  let setupDone = false;
  let cleanupDone = false;

  const runCleanup = () => {
    if (cleanupDone || !setupDone || !ended.signal.aborted) return;
    cleanupDone = true;
    try {
      Promise.resolve(cleanup?.()).catch(logCleanupError);
    } catch (error) {
      logCleanupError(error);
    }
  };

  const finish = () => {
    if (ended.signal.aborted) return;
    ended.abort();
    clearInterval(heartbeat);
    request.signal.removeEventListener('abort', finish);
    try {
      controller.close();
    } catch {
      // Already closed or errored because the consumer cancelled the body.
    }
    runCleanup();
  };

  const writeBytes = (chunk: Uint8Array) => {
    if (!ended.signal.aborted) controller.enqueue(chunk);
  };
  const write = (chunk: string) => writeBytes(encoder.encode(chunk));

  const stream: SseStream = {
    send: (message) => write(formatSseMessage(message)),
    sendEncoded: writeBytes,
    comment: (text) => write(formatComment(text)),
    close: finish,
    get closed() {
      return ended.signal.aborted;
    },
    signal: ended.signal,
  };

  const body = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
    cancel: finish,
  });

  if (request.signal.aborted) {
    finish();
  } else {
    request.signal.addEventListener('abort', finish);
    // Next.js sends the response headers with the first body chunk: without one, a quiet stream would
    // look pending (no EventSource `open`) until the first heartbeat.
    stream.comment(OPENING_COMMENT);
    heartbeat = setInterval(() => stream.comment('heartbeat'), options.heartbeatMs ?? 15_000);
  }

  // Deferred so `run` cannot throw synchronously out of the route handler: the response has begun.
  void Promise.resolve()
    .then(() => (ended.signal.aborted ? undefined : run(stream)))
    .then(
      (result) => {
        cleanup = result ?? undefined;
        setupDone = true;
        runCleanup();
      },
      (error: unknown) => {
        console.error('[sse] stream setup failed:', error instanceof Error ? error.message : error);
        setupDone = true;
        finish();
      },
    );

  const headers = new Headers(options.headers);
  for (const [name, value] of Object.entries(SSE_HEADERS)) headers.set(name, value);
  return new Response(body, { headers });
}

function logCleanupError(error: unknown): void {
  console.error('[sse] cleanup failed:', error instanceof Error ? error.message : error);
}

/** Largest PostgreSQL bigint: sequences never exceed it, so anything larger is not a real position. */
const MAX_SEQUENCE = 9_223_372_036_854_775_807n;

/**
 * The position a reconnecting client resumes from: the `Last-Event-ID` header that EventSource sends
 * on reconnect, else a `lastEventId` query parameter (EventSource cannot set headers on the first
 * connect). Anything that is not a non-negative integer in bigint range is ignored — never thrown on.
 */
export function lastEventId(request: Request): bigint | null {
  const fromHeader = parseSequence(request.headers.get('last-event-id'));
  if (fromHeader !== null) return fromHeader;
  let fromQuery: string | null = null;
  try {
    fromQuery = new URL(request.url).searchParams.get('lastEventId');
  } catch {
    // A Request always has an absolute URL, but this function promises never to throw.
  }
  return parseSequence(fromQuery);
}

function parseSequence(raw: string | null): bigint | null {
  const text = raw?.trim();
  if (!text || !/^\d{1,19}$/.test(text)) return null;
  const value = BigInt(text);
  return value <= MAX_SEQUENCE ? value : null;
}

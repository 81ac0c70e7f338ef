import type { NotificationHandler } from './listener';

/**
 * Exactly-once, in-order delivery of an append-only log (workspace events of a branch, events of an
 * agent) to one consumer, e.g. an SSE stream.
 *
 * The database is the only source of rows. A notification only says "something new for this key":
 * the stream then reads everything after the last sequence it delivered. The same read runs first
 * (catch-up from `afterSeq`) and after every listener reconnect (notifications sent while the
 * connection was down are lost). Reads are serialised and coalesced, so any number of concurrent
 * notifications cause neither duplicates nor reordering; rows of any size flow through, since
 * nothing but ids ever travels in a NOTIFY.
 *
 * Reading "after the last delivered sequence" is only safe if, per key, rows become visible in
 * sequence order. The database guarantees that: a BEFORE INSERT trigger on each log table takes a
 * per-key transaction lock before drawing the id (migration 0003), so writers need do nothing special.
 */

export type Sequence = bigint;

export interface LogRow {
  id: string | number | bigint;
}

/** The part of `PgListener` a log stream needs. */
export interface LogStreamListener<C extends string> {
  readonly ready: Promise<void>;
  subscribe(channel: C, key: string, handler: NotificationHandler): () => void;
  onReconnect(hook: () => void): () => void;
}

export interface LogStreamOptions<C extends string, Row extends LogRow> {
  listener: LogStreamListener<C>;
  channel: C;
  key: string;
  /** Deliver only rows after this sequence; null = from the beginning. */
  afterSeq: Sequence | null;
  /** Up to `limit` rows of this key with `id > afterSeq`, ascending by id. */
  fetchAfter(afterSeq: Sequence, limit: number): Promise<readonly Row[]>;
  /** Called once per row, in order; the next row waits for its promise (backpressure). */
  deliver(row: Row): void | Promise<void>;
  /** A read or delivery failed; the stream retries after a delay. */
  onError?: (error: unknown) => void;
  batchSize?: number;
  /** First retry delay after a failure; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

export function startLogStream<C extends string, Row extends LogRow>(options: LogStreamOptions<C, Row>): () => void {
  const { listener, batchSize = 200, retryMs = 250, maxRetryMs = 5_000 } = options;
  const onError = (error: unknown) => {
    // Runs inside the stream's own promise chain: a throwing handler must not become an unhandled rejection.
    try {
      (options.onError ?? logError)(error);
    } catch (handlerError) {
      logError(handlerError);
    }
  };
  let last: Sequence = options.afterSeq ?? 0n;
  let stopped = false;
  let draining = false;
  let wanted = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  /** Reads and delivers until caught up; throws with `last` at the last row actually delivered. */
  const drainOnce = async () => {
    for (;;) {
      const rows = await options.fetchAfter(last, batchSize);
      for (const row of rows) {
        if (stopped) return;
        const seq = BigInt(row.id);
        // A fetcher that returns rows at or before `last` (e.g. an inclusive bound) cannot cause duplicates.
        if (seq <= last) continue;
        await options.deliver(row);
        last = seq;
      }
      if (rows.length < batchSize || stopped) return;
    }
  };

  // One reader at a time: a wake-up during a read is remembered and answered by one more read.
  const wake = () => {
    wanted = true;
    if (draining || stopped) return;
    draining = true;
    void (async () => {
      while (wanted && !stopped) {
        wanted = false;
        try {
          await drainOnce();
          failures = 0;
        } catch (error) {
          if (stopped) break;
          onError(error);
          failures += 1;
          clearTimeout(retryTimer);
          retryTimer = setTimeout(wake, Math.min(maxRetryMs, retryMs * 2 ** (failures - 1)));
          break;
        }
      }
      draining = false;
    })();
  };

  // Subscribe before the first read, so a row committed during catch-up still triggers a read.
  const unsubscribe = options.listener.subscribe(options.channel, options.key, wake);
  const unhook = options.listener.onReconnect(wake);
  // Until LISTEN is active for the first time, a catch-up could be followed by an unnoticed row.
  listener.ready.then(wake, (error: unknown) => {
    if (!stopped) onError(error);
  });

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    unsubscribe();
    unhook();
  };
}

function logError(error: unknown): void {
  console.error('[realtime] log stream failed:', error instanceof Error ? error.message : error);
}

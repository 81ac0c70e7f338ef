import type { LogRow, LogStreamListener, Sequence } from './log-stream';

/**
 * One reader per process for a log that many streams follow at once (every open tab of a branch).
 * `startLogStream` gives each stream its own read-and-deliver loop: with a thousand subscribers one
 * event cost a thousand promise chains and serialisations (bench/realtime.ts). A feed reads each new
 * row once and hands the same row object to every member synchronously, so per-row work that depends
 * only on the row (formatting, encoding) can be done once too.
 *
 * Rows are handed over in batches: everything one read brought (events that reached the branch
 * together) goes to a member in one call, so a stream writes it as one chunk; members that are
 * level with the feed get the very same array, so its encoding can be shared too.
 *
 * Guarantees are those of `startLogStream` for every member: rows after its starting sequence,
 * exactly once, in order, across listener reconnects. A member that starts behind the feed (a client
 * resuming with an old Last-Event-ID) first catches up with reads of its own, then joins the shared
 * delivery; each member remembers the last sequence it got, so the hand-over can neither skip nor repeat.
 */
export interface LogFeedOptions<C extends string, Row extends LogRow> {
  listener: LogStreamListener<C>;
  channel: C;
  key: string;
  /** Up to `limit` rows with `id > afterSeq`, ascending by id. */
  fetchAfter(afterSeq: Sequence, limit: number): Promise<readonly Row[]>;
  /** The last member left: the feed has stopped and may be forgotten. */
  onIdle?: () => void;
  onError?: (error: unknown) => void;
  batchSize?: number;
  retryMs?: number;
  maxRetryMs?: number;
}

interface Member<Row> {
  /** Sequence of the last row this member received. */
  position: Sequence;
  deliver: (rows: readonly Row[]) => void;
  left: boolean;
}

export interface LogFeed<Row> {
  /**
   * Delivers every row after `afterSeq` to `deliver`, in order, once, in batches (never empty);
   * returns the function that leaves.
   */
  join(afterSeq: Sequence, deliver: (rows: readonly Row[]) => void): () => void;
  readonly size: number;
}

export function createLogFeed<C extends string, Row extends LogRow>(options: LogFeedOptions<C, Row>): LogFeed<Row> {
  const { listener, batchSize = 200, retryMs = 250, maxRetryMs = 5_000 } = options;
  const members = new Set<Member<Row>>();
  const attached = new Set<Member<Row>>();
  /** Sequence of the last row handed to the attached members; null while the feed is stopped. */
  let last: Sequence | null = null;
  let draining = false;
  let wanted = false;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopListening: (() => void) | null = null;

  const report = (error: unknown) => {
    try {
      (options.onError ?? logError)(error);
    } catch (handlerError) {
      logError(handlerError);
    }
  };

  /** `rows` ascending; the member gets those past its position (the same array when that is all of them). */
  const hand = (member: Member<Row>, rows: readonly Row[]) => {
    if (member.left || rows.length === 0) return;
    const unseen = BigInt(rows[0]!.id) > member.position ? rows : rows.filter((row) => BigInt(row.id) > member.position);
    if (unseen.length === 0) return;
    member.position = BigInt(unseen.at(-1)!.id);
    // One failing member (a closed response) must not cost the others their rows.
    try {
      member.deliver(unseen);
    } catch (error) {
      report(error);
    }
  };

  const backoff = (attempt: number) => Math.min(maxRetryMs, retryMs * 2 ** (attempt - 1));

  const drainOnce = async () => {
    for (;;) {
      if (last === null) return;
      const rows = await options.fetchAfter(last, batchSize);
      if (last === null) return;
      const from = last;
      const fresh = rows.filter((row) => BigInt(row.id) > from);
      if (fresh.length) {
        last = BigInt(fresh.at(-1)!.id);
        for (const member of attached) hand(member, fresh);
      }
      if (rows.length < batchSize) return;
    }
  };

  // One read at a time; a wake-up during a read is remembered and answered by one more read.
  const wake = (): void => {
    wanted = true;
    if (draining || last === null) return;
    draining = true;
    void (async () => {
      while (wanted && last !== null) {
        wanted = false;
        try {
          await drainOnce();
          failures = 0;
        } catch (error) {
          if (last === null) break;
          report(error);
          failures += 1;
          clearTimeout(retryTimer);
          retryTimer = setTimeout(wake, backoff(failures));
          break;
        }
      }
      draining = false;
    })();
  };

  const start = (from: Sequence) => {
    last = from;
    // Subscribed before the first read, so a row committed meanwhile still wakes the feed.
    const unsubscribe = listener.subscribe(options.channel, options.key, wake);
    const unhook = listener.onReconnect(wake);
    listener.ready.then(wake, (error: unknown) => {
      if (last !== null) report(error);
    });
    stopListening = () => {
      unsubscribe();
      unhook();
    };
  };

  const stop = () => {
    last = null;
    wanted = false;
    clearTimeout(retryTimer);
    stopListening?.();
    stopListening = null;
    options.onIdle?.();
  };

  /** Reads of the member's own until it has reached the feed, then the shared delivery takes over. */
  const catchUp = async (member: Member<Row>) => {
    let attempt = 0;
    // The feed may move on during a read; then the member reads again.
    while (!member.left && last !== null && member.position < last) {
      let rows: readonly Row[];
      try {
        rows = await options.fetchAfter(member.position, batchSize);
        attempt = 0;
      } catch (error) {
        if (member.left) return;
        report(error);
        attempt += 1;
        await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
        continue;
      }
      hand(member, rows);
      // Nothing left to read (rows the feed passed may have been deleted since): the feed takes over.
      if (rows.length === 0) break;
    }
    if (!member.left) attached.add(member);
  };

  return {
    join(afterSeq, deliver) {
      const member: Member<Row> = { position: afterSeq, deliver, left: false };
      members.add(member);
      if (last === null) start(afterSeq);
      if (member.position >= last!) attached.add(member);
      else void catchUp(member);
      return () => {
        if (member.left) return;
        member.left = true;
        members.delete(member);
        attached.delete(member);
        if (members.size === 0) stop();
      };
    },
    get size() {
      return members.size;
    },
  };
}

function logError(error: unknown): void {
  console.error('[realtime] log feed failed:', error instanceof Error ? error.message : error);
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '@/lib/db/client';
import { PgListener, REALTIME_CHANNELS, type RealtimeChannel } from '@/lib/realtime/listener';
import { startLogStream } from '@/lib/realtime/log-stream';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';
import { appendEvent, type EventRow, type Branch, branchKey, bySequence, fetchBranchEvents, waitFor } from './helpers';

const main: Branch = { owner: 'octo', repo: 'hello', branch: 'feature/log' };
const noise: Branch = { owner: 'octo', repo: 'hello', branch: 'noise' };

let database: TestDatabase;
let writers: DatabaseHandle;
let listener: PgListener<RealtimeChannel>;
const stops: Array<() => void> = [];

/** A log stream of `b`'s workspace events, collecting what it delivers. */
function follow(b: Branch, afterSeq: bigint | null, fetch = fetchBranchEvents(database.db, b)) {
  const delivered: EventRow[] = [];
  const errors: unknown[] = [];
  const stop = startLogStream({
    listener,
    channel: 'workspace_events',
    key: branchKey(b),
    afterSeq,
    fetchAfter: fetch,
    deliver: (row) => {
      delivered.push(row);
    },
    onError: (error) => errors.push(error),
    retryMs: 10,
  });
  stops.push(stop);
  return { delivered, errors, stop, ids: () => delivered.map((row) => row.id) };
}

beforeAll(async () => {
  database = await createTestDatabase();
  // Writers use their own connections, so appends really run concurrently with the stream's reads.
  writers = createDatabase(database.url, 6);
  listener = new PgListener({
    connectionString: database.url,
    channels: REALTIME_CHANNELS,
    initialBackoffMs: 20,
    maxBackoffMs: 200,
    log: () => {},
  });
  await listener.ready;
});

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await database.db.deleteFrom('workspace_events').execute();
});

afterAll(async () => {
  await listener.close();
  await writers.close();
  await database.drop();
});

describe('startLogStream', () => {
  it('catches up from afterSeq, then follows new rows', async () => {
    const rows: EventRow[] = [];
    for (let i = 0; i < 10; i++) rows.push(await appendEvent(database.db, main, { i }));
    const fifth = rows[4]!;
    const stream = follow(main, BigInt(fifth.id));
    await waitFor(() => stream.delivered.length === 5, 'catch-up');
    expect(stream.ids()).toEqual(rows.slice(5).map((row) => row.id));

    const next = await appendEvent(database.db, main, { i: 10 });
    await waitFor(() => stream.delivered.length === 6, 'live row');
    expect(stream.delivered[5]).toMatchObject({ id: next.id, payload: { i: 10 } });
  });

  it('delivers a 1 MB event in full (the NOTIFY carries only its id)', async () => {
    const stream = follow(main, null);
    const blob = 'x'.repeat(1024 * 1024);
    const row = await appendEvent(database.db, main, { blob });
    await waitFor(() => stream.delivered.length === 1, '1 MB event');
    expect(stream.delivered[0]!.id).toBe(row.id);
    expect(stream.delivered[0]!.payload.blob).toBe(blob);
  });

  it('delivers concurrent appends exactly once and in order across a forced reconnect', async () => {
    const stream = follow(main, null);
    const other = follow(noise, null);
    let reconnects = 0;
    const unhook = listener.onReconnect(() => reconnects++);

    const appended: string[] = [];
    const appendMany = async (count: number) => {
      for (let i = 0; i < count; i++) appended.push((await appendEvent(writers.db, main, { i })).id);
    };
    const writersDone = Promise.all([
      ...Array.from({ length: 5 }, () => appendMany(100)),
      // Rows of another key interleave in the same sequence and must not leak into this stream.
      (async () => {
        for (let i = 0; i < 50; i++) await appendEvent(writers.db, noise, { i });
      })(),
    ]);
    await waitFor(() => appended.length >= 200, 'first part of the appends');
    await database.pool.query('SELECT pg_terminate_backend($1)', [listener.backendPid()]);
    await writersDone;

    await waitFor(() => stream.delivered.length >= 500, 'all 500 rows', 10_000);
    // Rows after the last append must arrive right behind it: nothing extra was in between.
    const sentinel = await appendEvent(database.db, main, { sentinel: true });
    await waitFor(() => stream.ids().includes(sentinel.id), 'sentinel');
    unhook();

    const expected = [...appended].sort(bySequence);
    expect(stream.ids()).toEqual([...expected, sentinel.id]);
    expect(reconnects).toBe(1);
    expect(stream.errors).toEqual([]);
    await waitFor(() => other.delivered.length === 50, 'rows of the other key');
    expect(other.delivered.every((row) => row.branch === noise.branch)).toBe(true);
  });

  it('serialises reads: a slow consumer and a burst of notifications cause no duplicates', async () => {
    const delivered: string[] = [];
    stops.push(
      startLogStream({
        listener,
        channel: 'workspace_events',
        key: branchKey(main),
        afterSeq: null,
        fetchAfter: fetchBranchEvents(database.db, main),
        deliver: async (row) => {
          delivered.push(row.id);
          await new Promise((resolve) => setTimeout(resolve, 2));
        },
        batchSize: 7,
      }),
    );
    const rows = await Promise.all(Array.from({ length: 60 }, (_, i) => appendEvent(writers.db, main, { i })));
    const ids = rows.map((row) => row.id);
    await waitFor(() => delivered.length >= ids.length, 'all rows');
    expect(new Set(delivered).size).toBe(delivered.length);
    expect(delivered).toEqual([...ids].sort(bySequence));
  });

  it('retries after a failed read without losing or repeating rows', async () => {
    const read = fetchBranchEvents(database.db, main);
    let failNext = true;
    const stream = follow(main, null, async (after, limit) => {
      if (failNext) {
        failNext = false;
        throw new Error('database unavailable');
      }
      return read(after, limit);
    });
    const row = await appendEvent(database.db, main);
    await waitFor(() => stream.delivered.length === 1, 'row after retry');
    expect(stream.ids()).toEqual([row.id]);
    expect(stream.errors).toHaveLength(1);
  });

  it('delivers nothing after stop', async () => {
    const stopped = follow(main, null);
    const watcher = follow(main, null);
    await appendEvent(database.db, main);
    await waitFor(() => stopped.delivered.length === 1 && watcher.delivered.length === 1, 'first row');
    stopped.stop();
    await appendEvent(database.db, main);
    await waitFor(() => watcher.delivered.length === 2, 'second row on the watcher');
    expect(stopped.delivered).toHaveLength(1);
  });
});

describe('log ids', () => {
  it('commit in id order per branch: a second writer of the branch waits, other branches do not', async () => {
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstId: string | undefined;
    const first = writers.db.transaction().execute(async (trx) => {
      firstId = (await appendEvent(trx, main)).id;
      await firstHeld;
    });
    await waitFor(() => firstId !== undefined, 'first insert');

    let secondId: string | undefined;
    const second = appendEvent(writers.db, main).then((row) => (secondId = row.id));
    const otherBranch = await appendEvent(writers.db, noise);
    // The other branch went through while the first transaction is open; the same branch is still waiting.
    expect(BigInt(otherBranch.id)).toBeGreaterThan(BigInt(firstId!));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(secondId).toBeUndefined();

    releaseFirst();
    await Promise.all([first, second]);
    expect(BigInt(secondId!)).toBeGreaterThan(BigInt(otherBranch.id));
  });
});

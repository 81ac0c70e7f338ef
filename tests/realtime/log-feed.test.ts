import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '@/lib/db/client';
import { PgListener, REALTIME_CHANNELS, type RealtimeChannel } from '@/lib/realtime/listener';
import { createLogFeed, type LogFeed } from '@/lib/realtime/log-feed';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';
import { appendEvent, type Branch, branchKey, bySequence, type EventRow, fetchBranchEvents, waitFor } from './helpers';

const main: Branch = { owner: 'octo', repo: 'hello', branch: 'feature/feed' };

let database: TestDatabase;
let writers: DatabaseHandle;
let listener: PgListener<RealtimeChannel>;
const leaves: Array<() => void> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  writers = createDatabase(database.url, 6);
  listener = new PgListener({ connectionString: database.url, channels: REALTIME_CHANNELS, initialBackoffMs: 20, maxBackoffMs: 200, log: () => {} });
  await listener.ready;
});

afterEach(async () => {
  for (const leave of leaves.splice(0)) leave();
  await database.db.deleteFrom('workspace_events').execute();
});

afterAll(async () => {
  await listener.close();
  await writers.close();
  await database.drop();
});

function feedOf(reads: { count: number } = { count: 0 }, options: { onIdle?: () => void; onError?: (error: unknown) => void; batchSize?: number } = {}): LogFeed<EventRow> {
  const read = fetchBranchEvents(database.db, main);
  return createLogFeed({
    listener,
    channel: 'workspace_events',
    key: branchKey(main),
    fetchAfter: (after, limit) => {
      reads.count += 1;
      return read(after, limit);
    },
    retryMs: 10,
    ...options,
  });
}

function member(feed: LogFeed<EventRow>, afterSeq: bigint) {
  const rows: EventRow[] = [];
  const batches: Array<readonly EventRow[]> = [];
  const leave = feed.join(afterSeq, (batch) => {
    batches.push(batch);
    rows.push(...batch);
  });
  leaves.push(leave);
  return { rows, batches, leave, ids: () => rows.map((row) => row.id) };
}

async function appendMany(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await appendEvent(writers.db, main, { i })).id);
  return ids;
}

describe('createLogFeed', () => {
  it('reads each new row once for all its members and hands them the same object', async () => {
    const reads = { count: 0 };
    const feed = feedOf(reads);
    const members = Array.from({ length: 50 }, () => member(feed, 0n));
    await waitFor(() => reads.count >= 1, 'first read after LISTEN is up');
    const before = reads.count;
    const row = await appendEvent(database.db, main, { n: 1 });
    await waitFor(() => members.every((m) => m.rows.length === 1), 'row on every member');
    expect(members.every((m) => m.rows[0] === members[0]!.rows[0])).toBe(true);
    expect(members[0]!.ids()).toEqual([row.id]);
    expect(reads.count - before).toBeLessThanOrEqual(2);
  });

  it('hands rows that arrive together to each member in one batch, the same array for all', async () => {
    const reads = { count: 0 };
    const feed = feedOf(reads);
    const members = Array.from({ length: 20 }, () => member(feed, 0n));
    await waitFor(() => reads.count >= 1, 'first read after LISTEN is up');
    // Five events committed at once reach the feed together: one batch per member, not five writes.
    const ids = await writers.db.transaction().execute(async (trx) => {
      const written: string[] = [];
      for (let i = 0; i < 5; i++) written.push((await appendEvent(trx, main, { i })).id);
      return written;
    });
    await waitFor(() => members.every((m) => m.rows.length === 5), 'five rows on every member');
    for (const m of members) {
      expect(m.batches).toHaveLength(1);
      expect(m.batches[0]).toBe(members[0]!.batches[0]);
      expect(m.ids()).toEqual(ids);
    }
  });

  it('lets a member resume behind the feed: it catches up alone, then joins, with no gap or repeat', async () => {
    const feed = feedOf({ count: 0 }, { batchSize: 7 });
    const early = member(feed, 0n);
    const first = await appendMany(40);
    await waitFor(() => early.rows.length === 40, 'the first 40 on the early member');

    // Joins at row 10 while writers keep appending: its catch-up races the shared delivery.
    const writing = Promise.all([appendMany(60), appendMany(60)]);
    const late = member(feed, BigInt(first[9]!));
    const ahead = member(feed, BigInt(first[39]!) + 1_000_000n);
    const more = (await writing).flat().sort(bySequence);
    const sentinel = await appendEvent(database.db, main, { sentinel: true });

    await waitFor(() => late.ids().includes(sentinel.id) && early.ids().includes(sentinel.id), 'sentinel on both', 10_000);
    expect(early.ids()).toEqual([...first, ...more, sentinel.id]);
    expect(late.ids()).toEqual([...first.slice(10), ...more, sentinel.id]);
    // A member whose position is ahead of every row gets nothing it did not ask for.
    expect(ahead.rows).toEqual([]);
  });

  it('delivers everything exactly once in order across a forced LISTEN reconnect', async () => {
    const feed = feedOf();
    const a = member(feed, 0n);
    const b = member(feed, 0n);
    const writing = Promise.all(Array.from({ length: 4 }, () => appendMany(100)));
    await waitFor(() => a.rows.length >= 100, 'first part');
    await database.pool.query('SELECT pg_terminate_backend($1)', [listener.backendPid()]);
    const ids = (await writing).flat().sort(bySequence);
    const sentinel = await appendEvent(database.db, main, { sentinel: true });
    await waitFor(() => a.ids().includes(sentinel.id) && b.ids().includes(sentinel.id), 'sentinel', 10_000);
    expect(a.ids()).toEqual([...ids, sentinel.id]);
    expect(b.ids()).toEqual([...ids, sentinel.id]);
  });

  it('keeps delivering to the others when one member throws, and stops when the last leaves', async () => {
    let idle = 0;
    const errors: unknown[] = [];
    const feed = feedOf({ count: 0 }, { onIdle: () => idle++, onError: (error) => errors.push(error) });
    const broken = feed.join(0n, () => {
      throw new Error('closed response');
    });
    const healthy = member(feed, 0n);
    await appendEvent(database.db, main);
    await waitFor(() => healthy.rows.length === 1, 'row on the healthy member');
    expect(errors).toEqual([new Error('closed response')]);

    broken();
    healthy.leave();
    expect(feed.size).toBe(0);
    expect(idle).toBe(1);
    await appendEvent(database.db, main);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(healthy.rows).toHaveLength(1);

    // A stopped feed starts again for a new member.
    const again = member(feed, 0n);
    await waitFor(() => again.rows.length === 2, 'rows for the new member');
  });
});

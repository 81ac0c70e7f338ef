import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/guard';
import { createDatabase, type DatabaseHandle } from '@/lib/db/client';
import type { PgListener, RealtimeChannel } from '@/lib/realtime/listener';
import type { WorkspaceBranch } from '@/lib/workspace/collab-protocol';
import { bySequence, waitFor } from '../realtime/helpers';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestGitHub, type TestGitHub } from '../support/github';
import { readSse, type SseReader } from '../support/sse-client';
import { signInUser } from '../support/users';
import { asQuery, freshBranch, testListener, testPresenceWriter, workspaceRoutes } from './support';

/**
 * The acceptance test of "nothing lost": the real stream route, a real PostgreSQL whose LISTEN
 * backend is killed mid-run, and a client that drops and resumes with Last-Event-ID.
 */
let github: TestGitHub;
let database: TestDatabase;
let writers: DatabaseHandle;
let listener: PgListener<RealtimeChannel>;
let carol: SessionUser;
let bob: SessionUser;

beforeAll(async () => {
  github = await startTestGitHub();
  database = await createTestDatabase();
  writers = createDatabase(database.url, 8);
  listener = testListener(database.url);
  await listener.ready;
  carol = await signInUser(github, database.db, 'carol');
  bob = await signInUser(github, database.db, 'bob');
});

afterAll(async () => {
  if (database) await testPresenceWriter(database.db).close();
  await listener?.close();
  await writers?.close();
  await database?.drop();
  await github?.close();
});

const TOTAL = 10_000;
const WRITERS = 5;
const BATCH = 50;

/** `count` events in batches from one connection at a time; returns their ids. */
async function writeEvents(branch: WorkspaceBranch, count: number, onBatch: () => void): Promise<string[]> {
  const ids: string[] = [];
  for (let written = 0; written < count; written += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - written) }, (_, i) => ({
      ...branch,
      user_id: bob.id,
      event_type: 'file_edit',
      path: `src/file-${written + i}.ts`,
      payload: JSON.stringify({ n: written + i }),
    }));
    const inserted = await writers.db.insertInto('workspace_events').values(rows).returning('id').execute();
    ids.push(...inserted.map((row) => row.id));
    onBatch();
  }
  return ids;
}

const eventIds = (reader: SseReader) => reader.events.filter((event) => event.event === 'workspace-event').map((event) => event.id!);

it('delivers 10,000 events exactly once and in order across a LISTEN loss and a client reconnect', { timeout: 90_000 }, async () => {
  const branch = freshBranch();
  const routes = workspaceRoutes(carol, database.db, listener);
  let reconnects = 0;
  const unhook = listener.onReconnect(() => reconnects++);

  const firstConnection = new AbortController();
  const first = readSse(await routes.openStream({ ...asQuery(branch), lastEventId: '0' }, { signal: firstConnection.signal }));

  let written = 0;
  let terminated = false;
  const onBatch = () => {
    written += BATCH;
    if (!terminated && written >= TOTAL / 5) {
      terminated = true;
      void database.pool.query('SELECT pg_terminate_backend($1)', [listener.backendPid()]);
    }
  };
  const writing = Promise.all(Array.from({ length: WRITERS }, () => writeEvents(branch, TOTAL / WRITERS, onBatch)));

  // The client goes away part-way, while the writers are still at it.
  await first.until(() => eventIds(first).length >= TOTAL * 0.3, 30_000);
  firstConnection.abort();
  const resumeFrom = first.lastId!;
  expect(resumeFrom).toBe(eventIds(first).at(-1));
  await waitFor(() => written >= TOTAL * 0.6, 'more writes while disconnected', 30_000);

  const second = readSse(await routes.openStream(asQuery(branch), { headers: { 'last-event-id': resumeFrom } }));
  const ids = (await writing).flat().sort(bySequence);
  expect(ids).toHaveLength(TOTAL);
  const [sentinel] = await writeEvents(branch, 1, () => {});
  await second.until((events) => events.some((event) => event.id === sentinel), 60_000);
  await second.cancel();
  unhook();

  const received = [...eventIds(first), ...eventIds(second)];
  expect(received.length).toBe(TOTAL + 1);
  expect(received).toEqual([...ids, sentinel]);
  expect(eventIds(second)[0]).toBe(ids[ids.indexOf(resumeFrom) + 1]);
  expect(terminated).toBe(true);
  expect(reconnects).toBeGreaterThanOrEqual(1);
  const payloads = second.events.filter((event) => event.event === 'workspace-event').slice(0, 3).map((event) => JSON.parse(event.data));
  expect(payloads[0]).toMatchObject({ type: 'file_edit', user: { login: 'bob', name: 'Bob Brown' } });
});
